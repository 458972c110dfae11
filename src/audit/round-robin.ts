/**
 * Runs queued jobs with at most `limit` running, taking them round-robin across keys (subscriptions).
 *
 * Why: Resource Graph returns rows grouped by subscription, while ARM throttles reads per subscription (250, then
 * 25/s). Run in arrival order, every call in flight would hit one subscription's bucket and wait on 429s while the
 * other subscriptions' buckets sit full. Interleaving spreads the same calls over all of them.
 * Invariant: a job's rejection is returned by drain(), after every job has settled (none left unobserved).
 */
export interface RoundRobin<T> {
  add(key: string, item: T): void;
  /** Resolves when every added job has settled; rejects with the first rejection, if any. */
  drain(): Promise<void>;
}

export function createRoundRobin<T>(limit: number, run: (key: string, item: T) => Promise<void>): RoundRobin<T> {
  const queues = new Map<string, T[]>();
  const order: string[] = [];
  let turn = 0;
  let running = 0;
  let failure: { error: unknown } | undefined;
  let idle: (() => void) | undefined;

  const nextJob = (): [string, T] | undefined => {
    for (let tries = 0; tries < order.length; tries++) {
      const key = order[turn % order.length]!;
      turn = (turn + 1) % order.length;
      const item = queues.get(key)!.shift();
      if (item !== undefined) return [key, item];
    }
    return undefined;
  };
  const pump = (): void => {
    while (running < limit) {
      const job = nextJob();
      if (!job) break;
      running++;
      run(...job)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          running--;
          pump();
        });
    }
    if (running === 0 && idle) idle();
  };

  return {
    add(key, item) {
      let queue = queues.get(key);
      if (!queue) queues.set(key, (queue = [])), order.push(key);
      queue.push(item);
      pump();
    },
    async drain() {
      if (running > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
      if (failure) throw failure.error;
    },
  };
}
