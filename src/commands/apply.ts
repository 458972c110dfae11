import { ToolError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { openAzureSession, type AzureSession } from '../azure/session.js';
import { createApplyProgress, type ProgressStyle } from '../cli/apply-progress.js';
import { openJournal } from '../apply/journal.js';
import { stepStates } from '../apply/step-states.js';
import { renderPlan } from '../plan/index.js';
import { executeApply, refuseStalePlan } from './execute-apply.js';
import {
  confirmOrRefuse,
  interruptOnSigint,
  loadPlanOnDisk,
  progressStyle,
  progressWorkspaces,
  reportRun,
  runnableWorkspaces,
  type PlanOnDisk,
} from './run-support.js';

export interface ApplyCommandOptions extends GlobalOptions {
  yes?: boolean;
  dryRun?: boolean;
  concurrency: number;
  failFast?: boolean;
  output: 'text' | 'json';
  pollIntervalMs?: number;
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
    if (resuming) process.stderr.write(`aml-isolate: resuming from ${disk.journalPath}: ${done.size} of ${stepIds.length} steps already done.\n`);
    const style = progressStyle(options.output, options.dryRun === true);
    if (options.dryRun) {
      if (!resuming) await refuseStalePlan(session, plan, path, interrupt.signal);
      return await dryRun(session, disk, options, style, interrupt.signal);
    }
    const result = await executeApply(session, plan, path, {
      abortSignal: interrupt.signal,
      concurrency: options.concurrency,
      failFast: options.failFast === true,
      style,
      pollIntervalMs: options.pollIntervalMs,
      resuming,
      confirm: async () => {
        if (!resuming && options.output !== 'json' && !options.yes) process.stderr.write(renderPlan(plan, { color: false }));
        await confirmOrRefuse(`Apply ${stepIds.length - done.size} step(s) to ${workspaces.length} workspace(s)?`, options.yes, 'apply');
      },
    });
    return reportRun('apply', result, path);
  } finally {
    interrupt.dispose();
    await session.close();
  }
}

/** --dry-run: every read and check, each write printed (method, URL, body), nothing written anywhere. */
async function dryRun(session: AzureSession, disk: PlanOnDisk, options: ApplyCommandOptions, style: ProgressStyle, abortSignal: AbortSignal): Promise<number> {
  const { plan } = disk;
  const progress = createApplyProgress(progressWorkspaces(runnableWorkspaces(plan), (w) => w.steps), 'apply', style);
  const { dryRunPlan } = await import('../apply/dry-run.js');
  const journal = disk.entries ? await openJournal(disk.journalPath, plan) : undefined; // only read: steps done show as skipped
  const result = await progress.run(() =>
    dryRunPlan(plan, { arm: session.clients.arm, journal }, {
      concurrency: options.concurrency,
      failFast: options.failFast === true,
      events: progress.events,
      abortSignal,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalInMs: options.pollIntervalMs } : {}),
    }),
  );
  process.stderr.write(`aml-isolate: dry run: nothing was written${result.outcome === 'failed' ? ' (some checks failed, above)' : ''}.\n`);
  return result.outcome === 'failed' ? ExitCode.azure : ExitCode.ok;
}
