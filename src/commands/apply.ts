import { ToolError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { openAzureSession } from '../cli/azure-session.js';
import { createApplyProgress } from '../cli/apply-progress.js';
import { acquireApplyLocks } from '../apply/locks.js';
import { openJournal } from '../apply/journal.js';
import { stepStates } from '../apply/step-states.js';
import { basisRereader, describeStaleResources, findStaleResources } from '../apply/verify-basis.js';
import { renderPlan } from '../plan/index.js';
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

export interface ApplyCommandOptions extends GlobalOptions {
  yes?: boolean;
  dryRun?: boolean;
  concurrency: number;
  failFast?: boolean;
  output: 'text' | 'json';
  pollIntervalMs?: number;
}

/** A stale plan lists each changed resource on its own line. */
class StalePlanError extends ToolError {
  readonly problems: string[];
  constructor(message: string) {
    super(message, ExitCode.locked);
    this.problems = message.split('\n').slice(1);
  }
}

/**
 * `aml-isolate apply PLAN`: refuses an unknown format, a tampered, stale, already applied or locked plan; asks for
 * confirmation; runs the engine with progress; resumes from the journal after a crash or a failure.
 */
export async function applyCommand(path: string, options: ApplyCommandOptions): Promise<number> {
  const disk = await loadPlanOnDisk(path); // format version first, then schema, then content hash
  const { plan } = disk;
  if (plan.errorCount > 0) throw new UsageError(`${path} has ${plan.errorCount} error(s) and cannot be applied: fix them and run plan again.`);
  const workspaces = runnableWorkspaces(plan);
  if (workspaces.length === 0) {
    process.stderr.write('aml-isolate: the plan changes nothing: nothing to apply.\n');
    return ExitCode.ok;
  }
  const states = disk.entries ? [...stepStates(plan, disk.entries).values()] : [];
  if (states.some((s) => s.state === 'rolled-back' || s.state === 'rollback-failed')) {
    throw new ToolError(`${path} was rolled back; make a new plan (aml-isolate plan) instead of applying this one again.`, ExitCode.locked);
  }
  const stepIds = workspaces.flatMap((w) => w.steps.map((s) => s.id));
  const done = new Set(states.filter((s) => s.state === 'done').map((s) => s.stepId));
  if (stepIds.every((id) => done.has(id))) {
    throw new ToolError(`${path} is already applied (see aml-isolate status ${path}); to undo it: aml-isolate rollback ${path}.`, ExitCode.locked);
  }
  const resuming = done.size > 0 || states.some((s) => s.state === 'in-progress' || s.state === 'failed');

  const session = await openAzureSession(options);
  const interrupt = interruptOnSigint();
  try {
    // A fresh apply refuses a stale plan. A resume does not compare the basis (the completed steps changed those
    // resources on purpose): every step checks the real state before it writes, which is what makes resuming safe.
    if (!resuming) {
      const stale = await findStaleResources(plan, basisRereader(session.clients, { abortSignal: interrupt.signal }));
      if (stale.length > 0) throw new StalePlanError(describeStaleResources(stale, path));
    } else {
      process.stderr.write(`aml-isolate: resuming from ${disk.journalPath}: ${done.size} of ${stepIds.length} steps already done.\n`);
    }
    const style = progressStyle(options.output, options.dryRun === true);
    const progress = createApplyProgress(progressWorkspaces(workspaces, (w) => w.steps), 'apply', style);
    const engineOptions = {
      concurrency: options.concurrency,
      failFast: options.failFast === true,
      events: progress.events,
      abortSignal: interrupt.signal,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalInMs: options.pollIntervalMs } : {}),
    };

    if (options.dryRun) {
      const { dryRunPlan } = await import('../apply/dry-run.js');
      const journal = disk.entries ? await openJournal(disk.journalPath, plan) : undefined; // read, never written
      const result = await progress.run(() => dryRunPlan(plan, { arm: session.clients.arm, journal }, engineOptions));
      process.stderr.write(`aml-isolate: dry run: nothing was written${result.outcome === 'failed' ? ' (some checks failed, above)' : ''}.\n`);
      return result.outcome === 'failed' ? ExitCode.azure : ExitCode.ok;
    }

    if (!resuming && options.output !== 'json') process.stderr.write(renderPlan(plan, { color: false }));
    await confirmOrRefuse(`Apply ${stepIds.length - done.size} step(s) to ${workspaces.length} workspace(s)?`, options.yes, 'apply');
    const locks = await acquireApplyLocks({ plansDir: disk.plansDir, planId: plan.planId, workspaceIds: touchedWorkspaceIds(workspaces), command: 'apply' });
    try {
      const journal = await openJournal(disk.journalPath, plan);
      const { applyPlan } = await import('../apply/apply-plan.js');
      const result = await progress.run(() =>
        applyPlan(plan, { arm: session.clients.arm, journal, runId: newRunId() }, { ...engineOptions, dryRun: false }),
      );
      return reportRun('apply', result, path);
    } finally {
      await locks.release();
    }
  } finally {
    interrupt.dispose();
    await session.close();
  }
}
