import { randomUUID } from 'node:crypto';
import { ToolError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { RunMode, RunResult } from '../apply/contract.js';
import type { ProgressStyle, ProgressWorkspace } from '../cli/apply-progress.js';
import { journalPathFor, plansDirFor } from '../apply/plan-paths.js';
import { readJournal } from '../apply/journal.js';
import type { JournalEntry } from '../apply/contract.js';
import { readPlanFile, type Plan, type PlanWorkspace } from '../plan/index.js';
import { workspaceId } from '../model/resource-id.js';

/** A saved plan with its journal (if any): what apply, rollback and status start from. */
export interface PlanOnDisk {
  path: string;
  plan: Plan;
  plansDir: string;
  journalPath: string;
  entries: JournalEntry[] | undefined;
}

export async function loadPlanOnDisk(path: string): Promise<PlanOnDisk> {
  const plan = await readPlanFile(path);
  const journalPath = journalPathFor(path);
  return { path, plan, plansDir: plansDirFor(path), journalPath, entries: await readJournal(journalPath) };
}

/** Workspaces apply may run: not blocked, with steps. */
export function runnableWorkspaces(plan: Plan): PlanWorkspace[] {
  return plan.workspaces.filter((w) => !w.blocked && w.steps.length > 0);
}

/** Every workspace id a run may touch: the sources and the new workspaces of re-creations (for the locks). */
export function touchedWorkspaceIds(workspaces: PlanWorkspace[]): string[] {
  const ids = new Set<string>();
  for (const w of workspaces) {
    ids.add(w.sourceId.toLowerCase());
    if (w.target) {
      ids.add(workspaceId(w.target.subscriptionId, w.target.resourceGroup, w.target.name).toLowerCase());
    }
  }
  return [...ids];
}

export function progressStyle(output: 'text' | 'json', dryRun: boolean): ProgressStyle {
  if (output === 'json') return 'json';
  // A dry run's data (the writes it would send) goes to stdout: keep the live task list off the terminal.
  return process.stderr.isTTY && !dryRun ? 'tty' : 'plain';
}

export function progressWorkspaces(workspaces: PlanWorkspace[], order: (w: PlanWorkspace) => PlanWorkspace['steps']): ProgressWorkspace[] {
  return workspaces.map((w) => ({
    id: w.sourceId,
    name: w.sourceId.split('/').pop()!,
    steps: order(w).map((s) => ({ id: s.id, title: `${s.id} ${s.kind} ${s.target.split('/').pop()}` })),
  }));
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
  if (!answer) throw new ToolError('Declined: nothing was written.', ExitCode.cancelled);
}

export function newRunId(): string {
  return randomUUID();
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
  process.stderr.write(
    `aml-isolate: ${mode} failed for ${failed.join(', ') || 'some workspaces'}; see aml-isolate status ${planPath}. ` +
      `Fix the cause and run aml-isolate ${mode} ${planPath} again to resume` +
      (mode === 'apply' ? `, or undo with: aml-isolate rollback ${planPath}\n` : '\n'),
  );
  return ExitCode.azure;
}
