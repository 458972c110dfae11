import type { RunResult } from '../apply/contract.js';
import type { AzureSession } from '../azure/session.js';
import { ExitCode } from '../exit-codes.js';
import { ToolError } from '../errors.js';
import { createApplyProgress, type ProgressStyle } from '../cli/apply-progress.js';
import { acquireApplyLocks } from '../apply/locks.js';
import { openJournal } from '../apply/journal.js';
import { basisRereader, describeStaleResources, findStaleResources } from '../apply/verify-basis.js';
import type { Plan } from '../plan/index.js';
import { journalPathFor, plansDirFor } from '../apply/plan-paths.js';
import { newRunId, progressWorkspaces, runnableWorkspaces, touchedWorkspaceIds } from './run-support.js';

export interface ExecuteApplyOptions {
  abortSignal: AbortSignal;
  concurrency: number;
  failFast: boolean;
  style: ProgressStyle;
  pollIntervalMs?: number | undefined;
  /**
   * A resume does not compare the basis: the completed steps changed those resources on purpose, and every step
   * checks the real state before it writes, which is what makes resuming safe.
   */
  resuming: boolean;
  /** Asked once the locks are held and the plan is known to be current; throws to decline. */
  confirm?: () => Promise<void>;
}

/** A stale plan lists each changed resource on its own line. */
export class StalePlanError extends ToolError {
  readonly problems: string[];
  constructor(message: string) {
    super(message, ExitCode.locked);
    this.problems = message.split('\n').slice(1);
  }
}

/** Re-reads every resource of the plan's basis; a changed or vanished one makes the plan stale (exit 7, what changed). */
export async function refuseStalePlan(session: AzureSession, plan: Plan, planPath: string, abortSignal: AbortSignal): Promise<void> {
  const stale = await findStaleResources(plan, basisRereader(session.clients, { abortSignal }));
  if (stale.length > 0) throw new StalePlanError(describeStaleResources(stale, planPath));
}

/**
 * The one apply sequence (`apply` and `guide`): lock the plan and every workspace it touches, refuse a stale plan
 * (saying what changed), confirm, open the journal, run the engine with progress. Locks are released however it ends.
 */
export async function executeApply(session: AzureSession, plan: Plan, planPath: string, options: ExecuteApplyOptions): Promise<RunResult> {
  const workspaces = runnableWorkspaces(plan);
  const locks = await acquireApplyLocks({
    plansDir: plansDirFor(planPath),
    planId: plan.planId,
    workspaceIds: touchedWorkspaceIds(workspaces),
    command: 'apply',
  });
  try {
    if (!options.resuming) await refuseStalePlan(session, plan, planPath, options.abortSignal);
    await options.confirm?.();
    const journal = await openJournal(journalPathFor(planPath), plan);
    const progress = createApplyProgress(progressWorkspaces(workspaces, (w) => w.steps), 'apply', options.style);
    const { applyPlan } = await import('../apply/apply-plan.js');
    const pollIntervalInMs = options.pollIntervalMs ?? (session.emulator ? 0 : undefined);
    return await progress.run(() =>
      applyPlan(plan, { arm: session.clients.arm, journal, runId: newRunId() }, {
        concurrency: options.concurrency,
        dryRun: false,
        failFast: options.failFast,
        events: progress.events,
        abortSignal: options.abortSignal,
        ...(pollIntervalInMs !== undefined ? { pollIntervalInMs } : {}),
      }),
    );
  } finally {
    await locks.release();
  }
}
