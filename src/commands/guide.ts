import { randomUUID } from 'node:crypto';
import type { RunResult } from '../apply/contract.js';
import type { AzureSession } from '../cli/azure-session.js';
import { openAzureSession } from '../cli/azure-session.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { CancelledError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { createAzureWorld, GuideCancelled, runGuide } from '../guide/index.js';
import type { Plan } from '../plan/index.js';
import { toolName, toolVersion } from '../version.js';

export interface GuideCommandOptions extends GlobalOptions {
  outDir: string;
}

/**
 * `aml-isolate guide`: refuses without a terminal (exit 3); Ctrl-C or Esc → exit 130 with one line saying what was
 * left behind. Ctrl-C outside a prompt (while reading, or during an apply) aborts at the next boundary.
 */
export async function guideCommand(options: GuideCommandOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('guide is interactive and needs a terminal (stdin and stdout); without one, save a plan with `aml-isolate plan` and run it with `aml-isolate apply PLAN`.');
  }
  const session = await openAzureSession(options);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const { InquirerHost } = await import('../guide/inquirer-host.js');
    const apply = await loadApply(session);
    const world = createAzureWorld(session, { plansDir: options.outDir, apply });
    const color = options.color && !process.env['NO_COLOR'];
    const outcome = await runGuide(world, new InquirerHost({ color }), { now: () => new Date(), newId: randomUUID, toolVersion, toolName, abortSignal: controller.signal });
    return outcome.result?.outcome === 'failed' ? ExitCode.azure : ExitCode.ok;
  } catch (error) {
    if (error instanceof GuideCancelled) throw new CancelledError(error.describe());
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    await session.close();
  }
}

/**
 * Runs a plan saved by the guide as `apply` does: both locks (the plan's and each workspace's), the basis re-read
 * (a stale plan is refused, saying what changed), the journal beside the plan, apply's own progress display, and
 * applyPlan stopping at a step boundary when the signal aborts.
 */
async function loadApply(session: AzureSession): Promise<(plan: Plan, planPath: string, abortSignal: AbortSignal) => Promise<RunResult>> {
  const [{ applyPlan }, { openJournal }, paths, { acquireApplyLocks }, basis, { createApplyProgress }] = await Promise.all([
    import('../apply/apply-plan.js'),
    import('../apply/journal.js'),
    import('../apply/plan-paths.js'),
    import('../apply/locks.js'),
    import('../apply/verify-basis.js'),
    import('../cli/apply-progress.js'),
  ]);
  return async (plan, planPath, abortSignal) => {
    const runnable = plan.workspaces.filter((w) => !w.blocked && w.steps.length > 0);
    const locks = await acquireApplyLocks({ plansDir: paths.plansDirFor(planPath), planId: plan.planId, workspaceIds: runnable.map((w) => w.sourceId) });
    try {
      const stale = await basis.findStaleResources(plan, basis.basisRereader(session.clients));
      if (stale.length > 0) throw new UsageError(basis.describeStaleResources(stale, planPath));
      const journal = await openJournal(paths.journalPathFor(planPath), plan);
      const workspaces = runnable.map((w) => ({ id: w.sourceId, name: w.sourceId.split('/').pop() ?? w.sourceId, steps: w.steps.map((s) => ({ id: s.id, title: `${s.kind} ${s.target.split('/').pop()}` })) }));
      const progress = createApplyProgress(workspaces, 'apply', 'tty');
      return await progress.run(() =>
        applyPlan(plan, { arm: session.clients.arm, journal, runId: randomUUID() }, { concurrency: 4, dryRun: false, failFast: false, events: progress.events, abortSignal, pollIntervalInMs: session.emulator ? 0 : 5_000 }),
      );
    } finally {
      await locks.release();
    }
  };
}
