import { workspaceApiVersion } from '../../model/api-versions.js';
import type { ArmRequester } from '../../azure/arm-requester.js';
import { ArmError } from '../../errors.js';
import { isLockTag, lockTagName, lockTagValue, withoutLockTag } from '../../model/lock-tag.js';
import type { Workspace } from '../../model/workspace.js';

/** Reads of real state shared by the handlers. 404 is an answer (null), never an error. */
export async function getOrNull<T = Record<string, unknown>>(arm: ArmRequester, id: string, apiVersion: string): Promise<T | null> {
  try {
    return (await arm.get<T>(id, apiVersion)).body;
  } catch (error) {
    if (error instanceof ArmError && error.statusCode === 404) return null;
    throw error;
  }
}

/** provisioningState values after which nothing is in flight. */
const SETTLED = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

export interface SettleOptions {
  /** Between two reads while an operation is in flight. */
  waitInMs?: number;
  /** Give up after this long (provisioning a managed network takes ~30 minutes in Azure). */
  timeoutInMs?: number;
}

/**
 * The workspace as it is once no operation is in flight. A run that crashed (or was killed) mid-operation leaves the
 * service still creating or updating the resource; deciding "already done?" on that half-way state would redo the
 * write or skip it wrongly, so every handler reads through here and waits for the operation to end first.
 */
export async function readWorkspace(arm: ArmRequester, id: string, options: SettleOptions = {}): Promise<Workspace | null> {
  const waitInMs = options.waitInMs ?? 1000;
  const deadline = Date.now() + (options.timeoutInMs ?? 45 * 60_000);
  for (;;) {
    const ws = await getOrNull<Workspace>(arm, id, workspaceApiVersion);
    const state = ws?.properties?.provisioningState;
    if (!ws || typeof state !== 'string' || SETTLED.has(state.toLowerCase())) return ws;
    if (Date.now() >= deadline) {
      throw new ArmError({
        code: 'OperationStillInProgress',
        message: `Workspace ${lastSegment(id)} is still ${state}: an earlier operation has not finished. Run the command again later.`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, waitInMs));
  }
}

/**
 * `expected` holds in `actual`: every field of expected equals the one in actual (objects compared field by field,
 * recursively; strings that look like ARM ids case-insensitively; arrays exactly).
 */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'string' && typeof actual === 'string' && expected.startsWith('/subscriptions/')) {
      return expected.toLowerCase() === actual.toLowerCase();
    }
    return actual === expected;
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((x, i) => matchesSubset(actual[i], x));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => matchesSubset(a[k], v));
}

/**
 * Tag maps are equal as a whole (a subset match would miss a tag that must go), the lock tag of a run in progress
 * aside (model/lock-tag.ts): it is never planned, so it never makes a tag change look undone.
 */
export function sameTags(actual: unknown, expected: unknown): boolean {
  const norm = (t: unknown) =>
    JSON.stringify(Object.entries((t ?? {}) as Record<string, unknown>).filter(([k]) => !isLockTag(k)).sort(([a], [b]) => a.localeCompare(b)));
  return norm(actual) === norm(expected);
}

/**
 * A tag map to PATCH onto a workspace that keeps the lock tag it has now: ARM replaces a resource's tags as a whole,
 * so a planned tag change (or its undo) sent as is would drop the lock a run holds in Azure, or bring back an old one.
 */
export function keepingLockTag(tags: Record<string, string>, live: Workspace | null): Record<string, string> {
  const held = lockTagValue(live?.tags);
  return { ...withoutLockTag(tags), ...(held !== undefined ? { [lockTagName]: held } : {}) };
}

export const lastSegment = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;
