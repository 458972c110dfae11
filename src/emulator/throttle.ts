import type { ThrottleConfig } from './contract.js';

/** ARM's documented buckets (FACTS: Throttling). */
export const ARM_THROTTLE: ThrottleConfig = {
  readCapacity: 250,
  readRefillPerSec: 25,
  writeCapacity: 200,
  writeRefillPerSec: 10,
  deleteCapacity: 200,
  deleteRefillPerSec: 10,
};

export type RequestClass = 'reads' | 'writes' | 'deletes';

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: seconds until one token is back (at least 1, as Retry-After is whole seconds). */
  retryAfterSec: number;
}

/** A token bucket that refills continuously; `now` is injected so tests and callers control the clock. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly refillPerSec: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(now: number): TakeResult {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSec);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.tokens), retryAfterSec: 0 };
    }
    const waitSec = this.refillPerSec > 0 ? (1 - this.tokens) / this.refillPerSec : 3600;
    return { allowed: false, remaining: 0, retryAfterSec: Math.max(1, Math.ceil(waitSec)) };
  }
}

/** Buckets per (key, class), created on first use. */
export class Throttle {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly config: ThrottleConfig) {}

  take(key: string, cls: RequestClass, now = Date.now()): TakeResult {
    const id = `${key.toLowerCase()}|${cls}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      const [cap, rate] =
        cls === 'reads'
          ? [this.config.readCapacity, this.config.readRefillPerSec]
          : cls === 'writes'
            ? [this.config.writeCapacity, this.config.writeRefillPerSec]
            : [this.config.deleteCapacity, this.config.deleteRefillPerSec];
      this.buckets.set(id, (bucket = new TokenBucket(cap, rate, now)));
    }
    return bucket.take(now);
  }
}

export function classify(method: string): RequestClass {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'reads' : m === 'DELETE' ? 'deletes' : 'writes';
}
