import { randomUUID } from 'node:crypto';
import type { RunResult } from '../apply/contract.js';
import type { AzureSession } from '../azure/session.js';
import { openAzureSession } from '../azure/session.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { CancelledError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { createAzureWorld, GuideCancelled, runGuide } from '../guide/index.js';
import type { Plan } from '../plan/index.js';
import { toolName, toolVersion } from '../version.js';
import { useColor } from '../cli/option-parsers.js';

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
    const color = useColor(options); // a terminal is guaranteed above
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

/** A plan saved by the guide runs through apply's own sequence (locks, staleness, journal, progress). */
async function loadApply(session: AzureSession): Promise<(plan: Plan, planPath: string, abortSignal: AbortSignal) => Promise<RunResult>> {
  const { executeApply } = await import('./execute-apply.js');
  return (plan, planPath, abortSignal) =>
    executeApply(session, plan, planPath, { abortSignal, concurrency: 4, failFast: false, style: 'tty', resuming: false });
}
