import type { GlobalOptions } from '../cli/global-options.js';
import { withAzureSession } from '../azure/session.js';
import { runPlan, type RunPreview } from '../apply/run-plan.js';
import { ExitCode } from '../exit-codes.js';
import { rolloutOverrides, type RolloutCliOptions } from '../cli/rollout-options.js';
import { readClients } from '../observe/ports.js';
import { renderPlan } from '../plan/index.js';
import { reportPrivateAccess } from './report-private-access.js';
import { formatScoringUriChange, readScoringUriChanges } from '../apply/scoring-uris.js';
import { azureLockSettings, confirmOrRefuse, interruptOnSigint, progressFor, progressStyle, reportRun, type AzureLockCliOptions, requiredSigningKey, type SigningCliOptions } from './run-support.js';

export interface ApplyCommandOptions extends GlobalOptions, RolloutCliOptions, AzureLockCliOptions, SigningCliOptions {
  yes?: boolean;
  dryRun?: boolean;
  concurrency: number;
  failFast?: boolean;
  output: 'text' | 'json';
  pollIntervalMs?: number;
}

/**
 * `aml-isolate apply PLAN`: refuses an unknown format, a tampered, stale, already applied or locked plan; asks for
 * confirmation; runs the engine with progress; resumes from the journal after a crash or a failure. With --dry-run:
 * every read and check, each write printed (method, URL, body), nothing written anywhere.
 */
export async function applyCommand(path: string, options: ApplyCommandOptions): Promise<number> {
  const dryRun = options.dryRun === true;
  const requireSignature = await requiredSigningKey(options, path);
  return withAzureSession(options, async (session) => {
    const interrupt = interruptOnSigint();
    try {
      const outcome = await runPlan({
        kind: dryRun ? 'dry-run' : 'apply',
        planPath: path,
        arm: session.clients.arm,
        reader: readClients(session.clients),
        concurrency: options.concurrency,
        failFast: options.failFast === true,
        abortSignal: interrupt.signal,
        pollIntervalInMs: options.pollIntervalMs ?? (session.emulator ? 0 : undefined),
        rollout: rolloutOverrides(options),
        confirm: (preview) => confirmApply(preview, path, options),
        progress: progressFor(progressStyle(options.output, dryRun)),
        azureLock: azureLockSettings(options, Boolean(session.emulator)),
        requireSignature,
      });
      if (!outcome.ran) {
        process.stderr.write(`aml-isolate: ${outcome.reason}\n`);
        return ExitCode.ok;
      }
      if (!dryRun) {
        // The final report: what users now resolve (issue 10) and where copied endpoints answer (issue 9), read live.
        if (outcome.result.outcome === 'succeeded' && outcome.result.refused.length === 0) {
          await reportPrivateAccess(outcome.preview.plan, outcome.result, session.clients.armReader, options.output);
          const changes = options.output === 'json' ? [] : await readScoringUriChanges(outcome.preview.plan, outcome.result, session.clients.armReader);
          for (const c of changes) process.stderr.write(`aml-isolate: ${formatScoringUriChange(c)}\n`);
        }
        return reportRun('apply', outcome.result, path);
      }
      const failed = outcome.result.outcome === 'failed';
      process.stderr.write(`aml-isolate: dry run: nothing was written${failed ? ' (some checks failed, above)' : ''}.\n`);
      return failed ? ExitCode.azure : ExitCode.ok;
    } finally {
      interrupt.dispose();
    }
  });
}

async function confirmApply(preview: RunPreview, path: string, options: ApplyCommandOptions): Promise<void> {
  if (preview.resuming) process.stderr.write(`aml-isolate: resuming from ${preview.journalPath}: ${preview.done} of ${preview.total} steps already done.\n`);
  if (preview.kind === 'dry-run') return;
  if (!preview.resuming && options.output !== 'json' && !options.yes) process.stderr.write(renderPlan(preview.plan, { color: false }));
  const waves = preview.rollout && preview.rollout.waves.length > 1 ? ` in ${preview.rollout.waves.length} waves (${preview.rollout.basis})` : '';
  if (waves && (options.yes || options.output === 'json')) process.stderr.write(`aml-isolate: rollout${waves}.\n`);
  await confirmOrRefuse(`Apply ${preview.total - preview.done} step(s) to ${preview.work.length} workspace(s)${waves}?`, options.yes, 'apply');
}
