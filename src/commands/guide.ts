import { randomUUID } from 'node:crypto';
import type { RunResult } from '../apply/contract.js';
import type { AzureSession } from '../azure/session.js';
import { openAzureSession } from '../azure/session.js';
import { runPlan } from '../apply/run-plan.js';
import { readClients } from '../observe/ports.js';
import { azureLockSettings, progressFor } from './run-support.js';
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
    const world = createAzureWorld(session, { plansDir: options.outDir, apply: applyInSession(session) });
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

/** A plan saved by the guide runs through apply's one entry point (locks, staleness, journal, progress). */
function applyInSession(session: AzureSession): (plan: Plan, planPath: string, abortSignal: AbortSignal) => Promise<RunResult> {
  return async (_plan, planPath, abortSignal) => {
    const outcome = await runPlan({
      kind: 'apply',
      planPath,
      arm: session.clients.arm,
      reader: readClients(session.clients),
      concurrency: 4,
      failFast: false,
      abortSignal,
      pollIntervalInMs: session.emulator ? 0 : undefined,
      progress: progressFor('tty'),
      azureLock: azureLockSettings({}, Boolean(session.emulator)),
    });
    if (!outcome.ran) throw new UsageError(`the saved plan ${planPath} has nothing to apply: ${outcome.reason}`);
    return outcome.result;
  };
}
