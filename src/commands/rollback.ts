import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { openAzureSession } from '../azure/session.js';
import { createApplyProgress } from '../cli/apply-progress.js';
import { acquireApplyLocks } from '../apply/locks.js';
import { openJournal } from '../apply/journal.js';
import { stepStates } from '../apply/step-states.js';
import {
  confirmOrRefuse,
  interruptOnSigint,
  loadPlanOnDisk,
  newRunId,
  progressStyle,
  progressWorkspaces,
  reportRun,
  runnableWorkspaces,
  touchedWorkspaceIds,
} from './run-support.js';

export interface RollbackCommandOptions extends GlobalOptions {
  yes?: boolean;
  concurrency: number;
  output: 'text' | 'json';
  pollIntervalMs?: number;
}

/**
 * `aml-isolate rollback PLAN`: undoes the completed steps in reverse order from the journal, itself journaled and
 * resumable; reports what cannot be undone.
 */
export async function rollbackCommand(path: string, options: RollbackCommandOptions): Promise<number> {
  const disk = await loadPlanOnDisk(path);
  const { plan } = disk;
  if (!disk.entries) throw new UsageError(`${path} was never applied (no ${disk.journalPath}): there is nothing to roll back.`);
  const states = stepStates(plan, disk.entries);
  const undoable = (id: string) => ['done', 'in-progress', 'failed', 'rollback-failed'].includes(states.get(id)?.state ?? 'pending');
  const workspaces = runnableWorkspaces(plan).filter((w) => w.steps.some((s) => undoable(s.id)));
  if (workspaces.length === 0) {
    process.stderr.write(`aml-isolate: nothing left to roll back for ${path} (see aml-isolate status ${path}).\n`);
    return ExitCode.ok;
  }
  await confirmOrRefuse(`Roll back what was applied to ${workspaces.length} workspace(s)?`, options.yes, 'rollback');
  const session = await openAzureSession(options);
  const interrupt = interruptOnSigint();
  const locks = await acquireApplyLocks({ plansDir: disk.plansDir, planId: plan.planId, workspaceIds: touchedWorkspaceIds(workspaces), command: 'rollback' });
  try {
    const journal = await openJournal(disk.journalPath, plan);
    const progress = createApplyProgress(
      progressWorkspaces(workspaces, (w) => w.steps.filter((s) => undoable(s.id)).reverse()),
      'rollback',
      progressStyle(options.output, false),
    );
    const { rollbackPlan } = await import('../apply/rollback-plan.js');
    const result = await progress.run(() =>
      rollbackPlan(plan, { arm: session.clients.arm, journal, runId: newRunId() }, {
        concurrency: options.concurrency,
        dryRun: false,
        failFast: false,
        events: progress.events,
        abortSignal: interrupt.signal,
        ...(options.pollIntervalMs !== undefined ? { pollIntervalInMs: options.pollIntervalMs } : {}),
      }),
    );
    return reportRun('rollback', result, path);
  } finally {
    await locks.release();
    interrupt.dispose();
    await session.close();
  }
}
