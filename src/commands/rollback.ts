import type { GlobalOptions } from '../cli/global-options.js';
import { withAzureSession } from '../azure/session.js';
import { runPlan } from '../apply/run-plan.js';
import { ExitCode } from '../exit-codes.js';
import { readClients } from '../observe/ports.js';
import { azureLockSettings, confirmOrRefuse, interruptOnSigint, progressFor, progressStyle, reportRun, type AzureLockCliOptions, requiredSigningKey, type SigningCliOptions } from './run-support.js';

export interface RollbackCommandOptions extends GlobalOptions, AzureLockCliOptions, SigningCliOptions {
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
  const requireSignature = await requiredSigningKey(options, path);
  return withAzureSession(options, async (session) => {
    const interrupt = interruptOnSigint();
    try {
      const outcome = await runPlan({
        kind: 'rollback',
        planPath: path,
        arm: session.clients.arm,
        reader: readClients(session.clients),
        concurrency: options.concurrency,
        failFast: false,
        abortSignal: interrupt.signal,
        pollIntervalInMs: options.pollIntervalMs ?? (session.emulator ? 0 : undefined),
        confirm: (preview) => confirmOrRefuse(`Roll back what was applied to ${preview.work.length} workspace(s)?`, options.yes, 'rollback'),
        progress: progressFor(progressStyle(options.output, false)),
        azureLock: azureLockSettings(options, Boolean(session.emulator)),
        requireSignature,
      });
      if (!outcome.ran) {
        process.stderr.write(`aml-isolate: ${outcome.reason}\n`);
        return ExitCode.ok;
      }
      return reportRun('rollback', outcome.result, path);
    } finally {
      interrupt.dispose();
    }
  });
}
