/**
 * The tag apply and rollback put on a source workspace while they remediate it (src/apply/azure-lock.ts): a lock in
 * Azure that a run on another machine sees. It says nothing about the workspace's configuration, so every reader that
 * compares, copies or restores a workspace's tags leaves it out: the plan's target tags, the staleness fingerprint,
 * the in-place tag change and its undo.
 *
 * Azure compares tag names case-insensitively; so does everything here.
 */
export const lockTagName = 'aml-isolate-lock';

export function isLockTag(name: string): boolean {
  return name.toLowerCase() === lockTagName;
}

/** The tags without the lock tag (a new object; undefined stays undefined). */
export function withoutLockTag<T extends Record<string, string> | undefined>(tags: T): T {
  if (tags === undefined || tags === null) return tags;
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !isLockTag(k))) as T;
}

/** The lock tag's value in a tag map, whatever the casing of its name. */
export function lockTagValue(tags: Record<string, string> | undefined | null): string | undefined {
  const entry = Object.entries(tags ?? {}).find(([k]) => isLockTag(k));
  return entry?.[1];
}
