import { randomUUID } from 'node:crypto';
import type { ArmRequester } from '../azure/arm-requester.js';
import type { ObserveClients } from '../observe/ports.js';
import type { Plan, PlanRollout, PlanStep, PlanWorkspace } from '../plan/index.js';
import type { RolloutOverrides } from './rollout-choice.js';
import { chooseRunRollout, saveRolloutRecord } from './rollout-record.js';
import type { ApplyEvents, ApplyOptions, Journal, JournalEntry, RunResult } from './contract.js';
import { openJournal, readJournal } from './journal.js';
import { acquireApplyLocks, type HeldLocks } from './locks.js';
import { acquireAzureLocks, checkAzureLocks, type AcquireAzureLocksOptions, type HeldAzureLocks } from './azure-lock.js';
import { loadPlanOnDisk, runnableWorkspaces, touchedWorkspaceIds, type PlanOnDisk } from './plan-on-disk.js';
import { assessRun, StalePlanError, type RunKind } from './run-readiness.js';
import { basisRereader, findStaleResources } from './verify-basis.js';
import { requestProblem } from './execute/request-guard.js';
import { UsageError } from '../errors.js';
import { verifyPlanSignature, type SigningKey } from './plan-signature.js';

/** The progress display of a run: the engine's events, and a wrapper that shows them while the engine runs. */
export interface RunProgress {
  events: ApplyEvents;
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** What a run is about to do, for the confirmation and the progress display. */
export interface RunPreview {
  kind: RunKind;
  plan: Plan;
  journalPath: string;
  /** Per workspace, the steps in the order this run goes through them (rollback: undo order). */
  work: { workspace: PlanWorkspace; steps: PlanStep[] }[];
  /** Apply: steps the journal already has done. */
  done: number;
  total: number;
  resuming: boolean;
  /** Apply: the waves this run goes through (rollout-choice.ts). */
  rollout?: PlanRollout | undefined;
}

export interface RunPlanOptions {
  kind: RunKind;
  planPath: string;
  /** The executor's writer; in a dry run every write is refused at the requester before it is sent. */
  arm: ArmRequester;
  /** Read-only clients for the staleness check. */
  reader: ObserveClients;
  concurrency: number;
  failFast: boolean;
  abortSignal: AbortSignal;
  pollIntervalInMs?: number | undefined;
  /** Apply: the command line's rollout flags (unset: the plan's rollout, else the default). */
  rollout?: RolloutOverrides | undefined;
  /** Asked once the locks are held and the plan is known to be current; rejects to decline (nothing was written). */
  confirm?: (preview: RunPreview) => Promise<void>;
  /** Default: no display. */
  progress?: (preview: RunPreview) => RunProgress;
  /** The lock in Azure (azure-lock.ts); default: on, a 1 s settle delay. */
  azureLock?: AzureLockSettings | undefined;
  /** --require-signed: the plan's signature (plan.sig) must verify with this key, before anything else is done. */
  requireSignature?: SigningKey | undefined;
}

export interface AzureLockSettings {
  /** false: no lock tag is read or written (--no-azure-lock). Default true. */
  enabled?: boolean;
  /** Take over a lock tag of another plan (--break-azure-lock). */
  breakHeld?: boolean;
  settleDelayInMs?: number;
  /** One line for each lock tag taken over, and each one that could not be removed at the end. */
  onNotice?: (line: string) => void;
}

export type RunPlanOutcome = { ran: false; reason: string } | { ran: true; preview: RunPreview; result: RunResult };

/**
 * The one way a saved plan is executed (apply, apply --dry-run, rollback, guide): locks → what the journal says →
 * lock in Azure checked → staleness → confirmation → lock in Azure taken → journal → engine. Locks are released however
 * it ends (a process that dies leaves its lock tag in Azure: README "Lock in Azure"). Nothing is written to Azure before
 * the confirmation, not even the lock tag. A dry run takes no lock and writes nothing, not even the journal.
 *
 * A resume does not compare the basis: the completed steps changed those resources on purpose, and every step checks
 * the real state before it writes, which is what makes resuming safe.
 */
export async function runPlan(options: RunPlanOptions): Promise<RunPlanOutcome> {
  const loaded = await loadPlanOnDisk(options.planPath);
  if (options.requireSignature) await verifyPlanSignature(loaded.path, loaded.plan, options.requireSignature);
  const locks = options.kind === 'dry-run' ? undefined : await lockPlan(loaded, options.kind, options.arm.endpoint);
  const runId = randomUUID();
  let azure: HeldAzureLocks | undefined;
  try {
    // Read again under the lock: another run may have appended since the first read.
    const disk: PlanOnDisk = locks ? { ...loaded, entries: await readJournal(loaded.journalPath) } : loaded;
    const readiness = assessRun(options.kind, disk);
    if (!readiness.ready) return { ran: false, reason: readiness.reason };
    const rollout = options.kind === 'apply' ? await chooseRunRollout(disk.plan, disk.journalPath, options.rollout) : undefined;
    const preview: RunPreview = { kind: options.kind, plan: disk.plan, journalPath: disk.journalPath, ...readiness, rollout };
    if (options.kind !== 'rollback') refuseForeignRequests(preview);
    const inAzure = options.kind !== 'dry-run' && options.azureLock?.enabled !== false ? azureLockOptions(options, disk.plan, runId) : undefined;
    if (inAzure) await checkAzureLocks(options.arm, inAzure);
    if (options.kind !== 'rollback' && !readiness.resuming) await refuseStalePlan(disk, options);
    await options.confirm?.(preview);
    if (inAzure) azure = await acquireAzureLocks(options.arm, inAzure);
    if (rollout && options.kind === 'apply' && !disk.plan.rollout) await saveRolloutRecord(disk.journalPath, rollout);
    const journal = options.kind === 'dry-run' ? readOnlyJournal(disk) : await openJournal(disk.journalPath, disk.plan);
    const progress = options.progress?.(preview) ?? { events: {}, run: (work) => work() };
    const result = await progress.run(() => runEngine(options, disk.plan, journal, runId, progress.events, rollout));
    return { ran: true, preview, result };
  } finally {
    for (const line of (await azure?.release()) ?? []) options.azureLock?.onNotice?.(line);
    await locks?.release();
  }
}

function lockPlan(disk: PlanOnDisk, command: 'apply' | 'rollback', endpoint: string): Promise<HeldLocks> {
  const workspaces = disk.plan.workspaces.filter((w) => !w.blocked && w.steps.length > 0);
  return acquireApplyLocks({ plansDir: disk.plansDir, planId: disk.plan.planId, workspaceIds: touchedWorkspaceIds(workspaces), command, endpoint });
}

/** The lock in Azure of every source workspace the run may touch (azure-lock.ts). */
function azureLockOptions(options: RunPlanOptions, plan: Plan, runId: string): AcquireAzureLocksOptions {
  const settings = options.azureLock ?? {};
  return {
    planId: plan.planId,
    workspaceIds: runnableWorkspaces(plan).map((w) => w.sourceId),
    runId,
    breakHeld: settings.breakHeld === true,
    settleDelayInMs: settings.settleDelayInMs,
    abortSignal: options.abortSignal,
    onTakeOver: ({ workspaceId, holder, broken }) =>
      settings.onNotice?.(`${broken ? 'broke the lock in Azure' : 'took over the lock in Azure of this plan'} on ${workspaceId.split('/').pop()} (was ${holder.raw}).`),
  };
}

/**
 * Every request is checked against what its kind may send for its workspace (request-guard.ts) before anything is
 * read or written: the content hash detects accidents, not edits.
 */
function refuseForeignRequests(preview: RunPreview): void {
  const problems = preview.work.flatMap(({ workspace, steps }) => steps.map((s) => requestProblem(s, workspace)).filter((p): p is string => p !== undefined));
  if (problems.length > 0) {
    throw new UsageError(`${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; this plan was edited or is not this tool's: make a new one with aml-isolate plan.`);
  }
}

/** Re-reads every resource of the plan's basis; a changed or vanished one makes the plan stale (exit 7, what changed). */
async function refuseStalePlan(disk: PlanOnDisk, options: RunPlanOptions): Promise<void> {
  const stale = await findStaleResources(disk.plan, basisRereader(options.reader, { abortSignal: options.abortSignal }));
  if (stale.length > 0) throw new StalePlanError(stale, disk.path);
}

async function runEngine(options: RunPlanOptions, plan: Plan, journal: Journal, runId: string, events: ApplyEvents, rollout?: PlanRollout): Promise<RunResult> {
  const engine: Omit<ApplyOptions, 'dryRun'> = {
    concurrency: options.concurrency,
    failFast: options.failFast,
    events,
    abortSignal: options.abortSignal,
    ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}),
  };
  const deps = { arm: options.arm, journal, runId };
  switch (options.kind) {
    case 'apply': {
      const { applyPlan } = await import('./apply-plan.js');
      return applyPlan(plan, deps, { ...engine, dryRun: false, rollout });
    }
    case 'dry-run': {
      const { dryRunPlan } = await import('./dry-run.js');
      return dryRunPlan(plan, deps, engine);
    }
    case 'rollback': {
      const { rollbackPlan } = await import('./rollback-plan.js');
      return rollbackPlan(plan, deps, { ...engine, dryRun: false });
    }
  }
}

/** A dry run only reads the journal (steps already done show as skipped); it never writes to it. */
function readOnlyJournal(disk: PlanOnDisk): Journal {
  const entries: readonly JournalEntry[] = disk.entries ?? [];
  return {
    path: disk.journalPath,
    entries,
    append: () => Promise.reject(new Error('a dry run never writes the journal')),
  };
}
