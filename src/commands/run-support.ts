import { CancelledError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { RunMode, RunResult } from '../apply/contract.js';
import type { AzureLockSettings, RunPreview, RunProgress } from '../apply/run-plan.js';
import { createApplyProgress, type ProgressStyle, type ProgressWorkspace } from '../cli/apply-progress.js';
import { plansDirFor } from '../apply/plan-paths.js';
import { signingKeyFor, type SigningKey } from '../apply/plan-signature.js';

/** --require-signed and where the key is (README "Signed plans"). */
export interface SigningCliOptions {
  requireSigned?: boolean;
  signingKey?: string;
}

/** The key a run must verify the plan's signature with; undefined without --require-signed. Read before any Azure call. */
export async function requiredSigningKey(options: SigningCliOptions, planPath: string): Promise<SigningKey | undefined> {
  if (options.requireSigned !== true) {
    if (options.signingKey !== undefined) throw new UsageError('--signing-key on apply or rollback is only used with --require-signed: add it, or leave the key out.');
    return undefined;
  }
  return signingKeyFor(options.signingKey, plansDirFor(planPath), '--require-signed');
}

export function progressStyle(output: 'text' | 'json', dryRun: boolean): ProgressStyle {
  if (output === 'json') return 'json';
  // A dry run's data (the writes it would send) goes to stdout: keep the live task list off the terminal.
  return process.stderr.isTTY && !dryRun ? 'tty' : 'plain';
}

/** The CLI's progress display for a run: listr2 on a terminal, plain lines, or JSON events (see apply-progress.ts). */
export function progressFor(style: ProgressStyle): (preview: RunPreview) => RunProgress {
  return (preview) => {
    const workspaces: ProgressWorkspace[] = preview.work.map(({ workspace, steps }) => ({
      id: workspace.sourceId,
      name: workspace.sourceId.split('/').pop()!,
      steps: steps.map((s) => ({ id: s.id, title: `${s.id} ${s.kind} ${s.target.split('/').pop()}` })),
    }));
    return createApplyProgress(workspaces, preview.kind === 'rollback' ? 'rollback' : 'apply', style);
  };
}

/** The flags of the lock in Azure (README "Lock in Azure"); the emulator answers at once, so no settle delay there. */
export interface AzureLockCliOptions {
  /** false with --no-azure-lock. */
  azureLock?: boolean;
  breakAzureLock?: boolean;
}

export function azureLockSettings(options: AzureLockCliOptions, emulator: boolean): AzureLockSettings {
  return {
    enabled: options.azureLock !== false,
    breakHeld: options.breakAzureLock === true,
    ...(emulator ? { settleDelayInMs: 0 } : {}),
    onNotice: (line) => process.stderr.write(`aml-isolate: ${line}\n`),
  };
}

/** Asks for confirmation unless --yes; without a terminal and without --yes, refuses. */
export async function confirmOrRefuse(question: string, yes: boolean | undefined, flag: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError(`${flag} needs a confirmation: run it at a terminal, or pass --yes.`);
  }
  const { confirm } = await import('@inquirer/prompts');
  let answer: boolean;
  try {
    answer = await confirm({ message: question, default: false }, { output: process.stderr });
  } catch {
    answer = false; // Ctrl-C at the prompt
  }
  if (!answer) throw new CancelledError('Declined: nothing was written.');
}

/** Stops the engine at the next step boundary on the first Ctrl-C; a second Ctrl-C exits at once. */
export function interruptOnSigint(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.cancelled);
    process.stderr.write('\naml-isolate: stopping after the steps in progress (Ctrl-C again to quit at once)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** The last words of a run: what happened and the exact next command. Returns the exit code. */
export function reportRun(mode: RunMode, result: RunResult, planPath: string): number {
  const failed = Object.entries(result.workspaces).filter(([, o]) => o === 'failed').map(([id]) => id.split('/').pop());
  for (const item of result.irreversible) {
    process.stderr.write(`aml-isolate: not undone: step ${item.stepId}: ${item.reason}\n`);
  }
  if (result.refused.length > 0) {
    for (const r of result.refused) process.stderr.write(`aml-isolate: refused: step ${r.stepId}: ${r.message}\n`);
    process.stderr.write(`aml-isolate: ${mode} stopped to protect a workspace (above); nothing was deleted. See aml-isolate status ${planPath}.\n`);
    return ExitCode.locked;
  }
  if (result.outcome === 'succeeded') {
    process.stderr.write(
      mode === 'apply'
        ? `aml-isolate: applied and verified. To undo: aml-isolate rollback ${planPath}\n`
        : `aml-isolate: rolled back${result.irreversible.length ? ' (except what cannot be undone, above)' : ''}. Where things stand: aml-isolate status ${planPath}\n`,
    );
    return ExitCode.ok;
  }
  if (result.outcome === 'interrupted') {
    process.stderr.write(
      `aml-isolate: interrupted at a step boundary. Resume with: aml-isolate ${mode} ${planPath}` +
        (mode === 'apply' ? `, or undo what was done with: aml-isolate rollback ${planPath}\n` : '\n'),
    );
    return ExitCode.cancelled;
  }
  const stopped = result.rollout?.stoppedBefore;
  if (stopped !== undefined) {
    process.stderr.write(`aml-isolate: rollout stopped after ${stopped} of ${result.rollout!.waves} waves: later waves were not started (apply resumes there; rollback undoes what ran).\n`);
  }
  process.stderr.write(
    `aml-isolate: ${mode} failed for ${failed.join(', ') || 'some workspaces'}; see aml-isolate status ${planPath}. ` +
      `Fix the cause and run aml-isolate ${mode} ${planPath} again to resume` +
      (mode === 'apply' ? `, or undo with: aml-isolate rollback ${planPath}\n` : '\n'),
  );
  return ExitCode.azure;
}
