// Reading the emulator's request log (GET /_emulator/requests) for the apply and plan benchmarks: ARM's bucket of
// each call, its subscription, and the floor ARM's per-subscription throttle sets on a run.

/** ARM's per-subscription buckets (FACTS.md, Throttling): capacity and refill per second. */
export const ARM_BUCKETS = { reads: { capacity: 250, refill: 25 }, writes: { capacity: 200, refill: 10 }, deletes: { capacity: 200, refill: 10 } };

/** The bucket a call is charged to, as ARM (and src/emulator/throttle.ts) classify it. */
export function bucketOf(method) {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'reads' : m === 'DELETE' ? 'deletes' : 'writes';
}

export function subscriptionOf(url) {
  return /^\/*subscriptions\/([^/?]+)/i.exec(url)?.[1]?.toLowerCase() ?? '(tenant)';
}

/** A poll of a long-running operation (Machine Learning, Network or Private DNS status/result URL). */
export function isPoll(url) {
  return /\/(workspaceOperationsStatus|operations|operationResults|privateDnsOperationStatuses|privateDnsOperationResults)\//i.test(url);
}

/** Per subscription: the calls of each bucket (429s excluded: a refused call took no token). */
export function countBySubscription(calls, include = () => true) {
  const out = new Map();
  for (const c of calls) {
    if (c.status === 429 || !include(c)) continue;
    const sub = subscriptionOf(c.url);
    const row = out.get(sub) ?? { reads: 0, writes: 0, deletes: 0 };
    row[bucketOf(c.method)] += 1;
    out.set(sub, row);
  }
  return out;
}

/**
 * The least time ARM's throttle allows for these counts, starting from full buckets: per subscription and bucket
 * (count - capacity) / refill; subscriptions and buckets refill in parallel, so the floor is the largest of them.
 */
export function throttleFloorMs(counts, refillScale = 1) {
  let worst = 0;
  for (const row of counts.values()) {
    for (const [bucket, { capacity, refill }] of Object.entries(ARM_BUCKETS)) worst = Math.max(worst, ((row[bucket] - capacity) / (refill * refillScale)) * 1000);
  }
  return worst;
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const percent = (part, whole) => `${whole ? ((100 * part) / whole).toFixed(1) : '0.0'}%`;
