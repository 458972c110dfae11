import { parseResourceId } from '../model/resource-id.js';

/**
 * Ids reordered round-robin by subscription (a, b, c, a, b, c, …), each subscription's ids in their order. ARM budgets
 * reads per subscription (FACTS: Throttling), and bounded concurrency takes work in list order: a sorted list would
 * put every read in flight on one subscription's bucket while the others' refill unused.
 */
export function interleaveBySubscription(ids: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const sub = (parseResourceId(id)?.subscriptionId ?? '').toLowerCase();
    let group = groups.get(sub);
    if (!group) groups.set(sub, (group = []));
    group.push(id);
  }
  const lists = [...groups.values()];
  const out: string[] = [];
  for (let i = 0; out.length < ids.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

/** Items back in the order of `ids` (case-insensitive ARM ids); items whose id is not listed go last. */
export function inOrderOf<T>(ids: readonly string[], items: readonly T[], idOf: (item: T) => string): T[] {
  const rank = new Map(ids.map((id, i) => [id.toLowerCase(), i] as const));
  const at = (item: T) => rank.get(idOf(item).toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => at(a) - at(b));
}
