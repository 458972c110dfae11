import pLimit from 'p-limit';
import { hostname } from 'node:os';
import type { ArmRequester } from '../azure/arm-requester.js';
import { ArmError, ToolError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { apiVersions } from '../model/api-versions.js';
import { lockTagName, lockTagValue } from '../model/lock-tag.js';
import { describeHolder, formatLockValue, parseLockValue, type AzureLockHolder } from './azure-lock-value.js';

/**
 * The lock in Azure (issue 14): while apply or rollback remediates a workspace, its source workspace carries the tag
 * `aml-isolate-lock` = `<planId>;<host>;<runId>;<ISO time>`, written through the Tags resource at scope
 * (`{workspace}/providers/Microsoft.Resources/tags/default`, PATCH Merge / Delete of that one tag), so a run on
 * another machine sees it and stops. Not an ARM management lock: CanNotDelete would block our own retire and
 * rollback deletes, ReadOnly every write.
 *
 * Acquire (reads then a write: not atomic): GET the tags of every workspace; a tag of another plan refuses the run
 * (exit 7) unless breaking was asked; a tag of this plan (a resume, here or elsewhere) is taken over. Then PATCH Merge
 * our value on each, wait `settleDelayInMs`, and read each again: a value that is not ours means another run wrote
 * after us (last writer wins), and we back off. Two runs whose writes land within the settle delay of each other are
 * told apart this way; one delayed longer than that is the race window that remains.
 *
 * Release: PATCH Delete of our name/value pair, only while the tag is still ours. A run that dies leaves its tag.
 *
 * checkAzureLocks is the first half alone (reads only): run-plan.ts calls it before the staleness check and the
 * confirmation, which must write nothing, and acquires after them.
 */
export interface AcquireAzureLocksOptions {
  planId: string;
  /** The source workspaces of the plan's runnable workspaces (every step belongs to one). */
  workspaceIds: readonly string[];
  runId: string;
  /** Take a tag of another plan over (after the user checked that run is gone). */
  breakHeld?: boolean;
  /** Between our write and the re-read; default 1000. */
  settleDelayInMs?: number;
  abortSignal?: AbortSignal;
  /** Defaults: os.hostname(), the clock (tests inject others). */
  host?: string;
  now?: () => Date;
  /** Told about each tag taken over: of this plan (a resume) or broken (another plan's). */
  onTakeOver?: (e: { workspaceId: string; holder: AzureLockHolder; broken: boolean }) => void;
}

export interface HeldAzureLocks {
  readonly value: string;
  readonly workspaceIds: readonly string[];
  /** Removes our tag where it is still ours; never throws: returns one line per workspace it could not release. */
  release(): Promise<string[]>;
}

export class AzureLockHeldError extends ToolError {
  constructor(
    message: string,
    readonly workspaceId: string,
    readonly holder: AzureLockHolder,
  ) {
    super(message, ExitCode.locked);
  }
}

/** Refuses (AzureLockHeldError) when a workspace carries the tag of another plan and breaking was not asked; writes nothing. */
export async function checkAzureLocks(arm: ArmRequester, options: AcquireAzureLocksOptions): Promise<void> {
  const ids = [...new Set(options.workspaceIds)].sort();
  const found = await eachBounded(ids, (id) => readLockTag(arm, id, { abortSignal: options.abortSignal }));
  ids.forEach((id, i) => {
    const current = found[i];
    if (current !== undefined && current !== 'gone') admit(id, parseLockValue(current), { ...options, onTakeOver: undefined });
  });
}

/** A fleet's tags are read and written a few at a time (each call is one ARM request; the pacer keeps the budget). */
const LOCK_CONCURRENCY = 16;

/** Waits for every item (a failed write must not leave others in flight unrecorded), then throws the first failure. */
async function eachBounded<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(LOCK_CONCURRENCY);
  const settled = await Promise.allSettled(items.map((item) => limit(() => work(item))));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<R>).value);
}

export async function acquireAzureLocks(arm: ArmRequester, options: AcquireAzureLocksOptions): Promise<HeldAzureLocks> {
  const value = formatLockValue({ planId: options.planId, host: options.host ?? hostname(), runId: options.runId, at: (options.now?.() ?? new Date()).toISOString() });
  const ids = [...new Set(options.workspaceIds)].sort();
  const request = { abortSignal: options.abortSignal };
  const taken: string[] = [];
  const held: HeldAzureLocks = { value, workspaceIds: taken, release: () => releaseAzureLocks(arm, taken, value) };
  try {
    const present: string[] = [];
    const found = await eachBounded(ids, (id) => readLockTag(arm, id, request));
    ids.forEach((id, i) => {
      const current = found[i];
      if (current === 'gone') return; // retired or purged: nothing left for another run to remediate
      if (current !== undefined) admit(id, parseLockValue(current), options);
      present.push(id);
    });
    await eachBounded(present, async (id) => {
      await writeTag(arm, id, 'Merge', value, request);
      taken.push(id);
    });
    taken.sort();
    if (taken.length > 0 && (options.settleDelayInMs ?? 1000) > 0) await delay(options.settleDelayInMs ?? 1000);
    const reread = await eachBounded(taken, (id) => readLockTag(arm, id, request));
    for (const [i, id] of taken.entries()) {
      const now = reread[i];
      if (now !== value) {
        const holder = parseLockValue(now === 'gone' || now === undefined ? '' : now);
        throw new AzureLockHeldError(`${label(id)} was locked in Azure by ${describeHolder(holder)} just as this run locked it (tag ${lockTagName}; the later writer wins): this run backs off. Wait for that run to finish.`, id, holder);
      }
    }
  } catch (error) {
    await held.release();
    throw error;
  }
  return held;
}

/** Refuses a tag of another plan (unless breaking); a tag of this plan is taken over. */
function admit(id: string, holder: AzureLockHolder, options: AcquireAzureLocksOptions): void {
  const ours = holder.planId === options.planId;
  if (!ours && !options.breakHeld) {
    throw new AzureLockHeldError(
      `${label(id)} is locked in Azure by ${describeHolder(holder)} (tag ${lockTagName}): wait for that run to finish; if it is gone (it crashed, or its machine is), run again with --break-azure-lock.`,
      id,
      holder,
    );
  }
  options.onTakeOver?.({ workspaceId: id, holder, broken: !ours });
}

async function releaseAzureLocks(arm: ArmRequester, taken: string[], value: string): Promise<string[]> {
  const problems: string[] = [];
  await eachBounded(taken.splice(0).reverse(), async (id) => {
    try {
      // Delete names our value too: a tag another run wrote since (a break) is left alone.
      if ((await readLockTag(arm, id, {})) === value) await writeTag(arm, id, 'Delete', value, {});
    } catch (error) {
      problems.push(`could not remove the lock tag ${lockTagName} from ${label(id)}: ${(error as Error).message}; remove it by hand once no run is active (az tag update --resource-id ${id} --operation delete --tags ${lockTagName})`);
    }
  });
  return problems.sort();
}

const tagsPath = (id: string) => `${id}/providers/Microsoft.Resources/tags/default`;

/** The lock tag's value; undefined when absent; 'gone' when the workspace does not exist. */
async function readLockTag(arm: ArmRequester, id: string, request: { abortSignal?: AbortSignal | undefined }): Promise<string | undefined | 'gone'> {
  try {
    const response = await arm.get<{ properties?: { tags?: Record<string, string> } }>(tagsPath(id), apiVersions.tags, request);
    return lockTagValue(response.body?.properties?.tags);
  } catch (error) {
    if (error instanceof ArmError && error.statusCode === 404) return 'gone';
    throw permissionHint(error, id, 'read');
  }
}

async function writeTag(arm: ArmRequester, id: string, operation: 'Merge' | 'Delete', value: string, request: { abortSignal?: AbortSignal | undefined }): Promise<void> {
  try {
    await arm.patch(tagsPath(id), apiVersions.tags, { operation, properties: { tags: { [lockTagName]: value } } }, request);
  } catch (error) {
    throw permissionHint(error, id, 'write');
  }
}

/** A 403 says which permission the lock needs and how to run without it; anything else passes through. */
function permissionHint(error: unknown, id: string, access: 'read' | 'write'): unknown {
  if (!(error instanceof ArmError) || error.statusCode !== 403) return error;
  return new ToolError(
    `Cannot ${access} the lock tag ${lockTagName} on ${label(id)}: access denied (needs Microsoft.Resources/tags/${access}). Grant it (e.g. Tag Contributor on the workspace), or run with --no-azure-lock, which leaves only this machine's lock to guard the workspace. ${error.serviceMessage}`,
    ExitCode.azure,
    { cause: error },
  );
}

const label = (id: string) => `Workspace ${id.split('/').pop() ?? id}`;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
