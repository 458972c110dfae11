import { retryAfterFromHeaders } from './pacing-headers.js';

/**
 * Client-side budget of ARM's per-subscription token buckets (FACTS: Throttling): requests wait here instead of being
 * answered 429. One bucket per (subscription, class); the class follows ARM's headers
 * x-ms-ratelimit-remaining-subscription-reads|writes|deletes.
 *
 * Invariants:
 * - Until a response has told the remaining count of a bucket, one request at a time goes out (a probe); once it is
 *   known, a request is sent only when the estimate holds a whole token: the estimate is the last remaining count
 *   minus every request still out, refilled at ARM's documented rate. 429s are then rare, not the pacing.
 * - A 429's Retry-After (or retry-after-ms) closes the bucket until then; the retry policy does the retrying.
 * - Waits are bounded: every wait is a timer computed from the refill rate or Retry-After, a probe that never
 *   answers frees the next one after probeTimeoutInMs, and an abort signal rejects the wait at once.
 * - FIFO per bucket: an LRO's polls queue with every other workspace's steps, so none starves another.
 */
export type PaceClass = 'reads' | 'writes' | 'deletes';

export interface PacingOptions {
  /** Tokens per second ARM gives back; default ARM's 25 reads, 10 writes, 10 deletes. */
  refillPerSec?: Partial<Record<PaceClass, number>>;
  /** Bucket size; default ARM's 250 reads, 200 writes, 200 deletes. */
  capacity?: Partial<Record<PaceClass, number>>;
  /** Tokens left for other tools using the same identity. Default 0. */
  reserve?: number;
  probeTimeoutInMs?: number;
  now?: () => number;
}

export interface PaceTicket {
  /** Call once the response (or the error) is back; `headers` lower-cased. */
  settle(result: { status: number; headers: Record<string, string | undefined> } | undefined): void;
}

const REFILL: Record<PaceClass, number> = { reads: 25, writes: 10, deletes: 10 };
const CAPACITY: Record<PaceClass, number> = { reads: 250, writes: 200, deletes: 200 };

interface Waiter { resolve(t: PaceTicket): void; reject(e: unknown): void; signal: AbortSignal | undefined; onAbort?: () => void }

class Bucket {
  /** undefined: not known yet (probe); 'open': the server sends no budget headers, so there is none to keep. */
  tokens: number | undefined | 'open';
  last = 0;
  blockedUntil = 0;
  seq = 0;
  /** The newest request whose answer set the estimate: an older answer arriving late must not overwrite it. */
  learnedSeq = 0;
  readonly inflight = new Set<number>();
  probeSince = 0;
  readonly queue: Waiter[] = [];
  timer: NodeJS.Timeout | undefined;
  constructor(readonly rate: number, readonly capacity: number) {}
}

export class ArmPacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  /** Requests that waited, and the 429s seen (for benchmarks and tests). */
  readonly stats = { paced: 0, waited: 0, throttled: 0 };
  constructor(private readonly options: PacingOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Resolves when the request may be sent. Rejects only when the signal aborts. */
  acquire(subscriptionId: string, cls: PaceClass, signal?: AbortSignal): Promise<PaceTicket> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    const bucket = this.bucketFor(subscriptionId, cls);
    this.stats.paced++;
    return new Promise<PaceTicket>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = bucket.queue.indexOf(waiter);
          if (i >= 0) bucket.queue.splice(i, 1);
          this.pump(bucket); // clears the timer when no one waits any more
          reject(signal.reason ?? new Error('aborted'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      bucket.queue.push(waiter);
      if (bucket.queue.length > 1 || !this.pump(bucket)) this.stats.waited++;
    });
  }

  /** Grants what the bucket allows now; returns whether the queue is empty afterwards. */
  private pump(bucket: Bucket): boolean {
    // Recomputed from scratch on every call (a grant, an answer, a timer): the earliest next grant wins.
    if (bucket.timer) clearTimeout(bucket.timer);
    bucket.timer = undefined;
    while (bucket.queue.length > 0) {
      const now = this.now();
      const wait = this.waitFor(bucket, now);
      if (wait > 0) {
        // Not unref'd: a request waiting here is work in progress, and must keep the process alive. (Unref'd, a run whose
        // only pending work was a wait for the budget ended with Node's exit 13, "unsettled top-level await".)
        bucket.timer = setTimeout(() => {
          bucket.timer = undefined;
          this.pump(bucket);
        }, Math.ceil(wait));
        return false;
      }
      if (typeof bucket.tokens === 'number') bucket.tokens -= 1;
      else if (bucket.tokens === undefined) bucket.probeSince = now;
      const waiter = bucket.queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.ticket(bucket));
    }
    return true;
  }

  /** ms to wait before the next grant (0: now). While a probe is out: until it times out, unless its answer comes first. */
  private waitFor(bucket: Bucket, now: number): number {
    if (bucket.blockedUntil > now) return bucket.blockedUntil - now;
    if (bucket.tokens === 'open') return 0;
    if (bucket.tokens === undefined) {
      if (bucket.inflight.size === 0) return 0;
      const timeout = this.options.probeTimeoutInMs ?? 10_000;
      return bucket.probeSince + timeout > now ? bucket.probeSince + timeout - now : 0;
    }
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((now - bucket.last) / 1000) * bucket.rate);
    bucket.last = now;
    const need = 1 + (this.options.reserve ?? 0) - bucket.tokens;
    return need <= 0 ? 0 : (need / bucket.rate) * 1000;
  }

  private ticket(bucket: Bucket): PaceTicket {
    const seq = ++bucket.seq;
    bucket.inflight.add(seq);
    let settled = false;
    return {
      settle: (result) => {
        if (settled) return;
        settled = true;
        bucket.inflight.delete(seq);
        if (result) this.learn(bucket, seq, result);
        else if (bucket.tokens === undefined) bucket.probeSince = 0; // a failed probe: let the next one go
        this.pump(bucket);
      },
    };
  }

  private learn(bucket: Bucket, seq: number, result: { status: number; headers: Record<string, string | undefined> }): void {
    const now = this.now();
    // Every request still out may not have reached ARM yet (connections reorder them): count them all as spent.
    const later = bucket.inflight.size;
    if (result.status === 429) {
      this.stats.throttled++;
      bucket.blockedUntil = Math.max(bucket.blockedUntil, now + (retryAfterFromHeaders(result.headers, now) ?? 1000));
      bucket.tokens = -later;
      bucket.last = now;
      return;
    }
    const remaining = Number(result.headers[`x-ms-ratelimit-remaining-subscription-${classHeader(bucket)}`]);
    if (Number.isFinite(remaining) && seq < bucket.learnedSeq) return;
    if (!Number.isFinite(remaining)) {
      // No header: keep the estimate. A bucket never told its budget opens up: ARM always sends the header, so a server
      // that does not (the emulator with throttling off, some proxies) has no budget we could keep, only 429s.
      if (bucket.tokens === undefined) bucket.tokens = 'open';
      return;
    }
    bucket.tokens = remaining - later;
    bucket.last = now;
    bucket.learnedSeq = seq;
  }

  private bucketFor(subscriptionId: string, cls: PaceClass): Bucket {
    const key = `${subscriptionId.toLowerCase()}|${cls}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(this.options.refillPerSec?.[cls] ?? REFILL[cls], this.options.capacity?.[cls] ?? CAPACITY[cls]);
      CLASS_OF.set(bucket, cls);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

const CLASS_OF = new WeakMap<Bucket, PaceClass>();
const classHeader = (bucket: Bucket): PaceClass => CLASS_OF.get(bucket)!;

/** ARM's classes: GET/HEAD read, DELETE delete, every other method writes. */
export function paceClassOf(method: string): PaceClass {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'reads' : m === 'DELETE' ? 'deletes' : 'writes';
}
