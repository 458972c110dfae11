import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ArmRequester } from '../azure/arm-requester.js';
import { ToolError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { PlanStep } from '../plan/index.js';
import type { JournalEntry } from './contract.js';
import { stepHandlers } from './execute/handlers.js';
import { undoFromPlan } from './execute/plan-undo.js';
import { RecordingRequester } from './execute/recording-requester.js';
import type { StepContext } from './execute/step-context.js';
import { toJournalError } from './execute/step-errors.js';
import { pollScheduleOf } from './execute/expected-duration.js';
import { openJournal } from './journal.js';
import { acquireApplyLocks } from './locks.js';
import { runnableWorkspaces, touchedWorkspaceIds, type PlanOnDisk } from './plan-on-disk.js';

export interface ReconciledStep {
  workspaceId: string;
  stepId: string;
  kind: string;
  target: string;
  /** done: its effect is in Azure now; not done; unknown: the read failed (why in `reason`). */
  live: 'done' | 'not done' | 'unknown';
  /** Recorded as done in the rebuilt journal (the done steps before the first that is not). */
  recorded: boolean;
  reason?: string;
}

/**
 * Rebuilds a lost journal from live state: each step's own "already done?" check (the same read apply makes before
 * writing; never a write) says what is done. Per workspace, the done steps before the first one that is not are
 * recorded as done, with the plan's own undo, so that `apply` resumes after them and `rollback` can undo them. An
 * existing journal is never replaced: the report then only says where live state and the journal stand.
 */
export async function reconcile(disk: PlanOnDisk, arm: ArmRequester, options: { pollIntervalInMs?: number } = {}): Promise<{ steps: ReconciledStep[]; wroteJournal: boolean }> {
  const workspaces = runnableWorkspaces(disk.plan);
  const locks = await acquireApplyLocks({ plansDir: disk.plansDir, planId: disk.plan.planId, workspaceIds: touchedWorkspaceIds(workspaces), command: 'status --reconcile', endpoint: arm.endpoint });
  try {
    const steps: ReconciledStep[] = [];
    const planned = new Map<string, PlanStep>();
    for (const ws of workspaces) {
      let prefix = true;
      for (const step of ws.steps) {
        planned.set(step.id, step);
        const ctx: StepContext = { arm: new RecordingRequester(arm, true), workspace: ws, pollSchedule: pollScheduleOf(step, options.pollIntervalInMs ?? 2000), onPoll: () => undefined, entries: () => [], dryRun: true };
        let live: ReconciledStep['live'];
        let reason: string | undefined;
        try {
          live = step.kind === 'verify-compliance' ? 'not done' : (await stepHandlers[step.kind].isAlreadyDone(step, ctx)).done ? 'done' : 'not done';
          if (step.kind === 'verify-compliance') reason = 'a check: apply runs it again';
        } catch (error) {
          live = 'unknown';
          reason = toJournalError(error).message;
        }
        prefix &&= live === 'done';
        steps.push({ workspaceId: ws.sourceId, stepId: step.id, kind: step.kind, target: step.target, live, recorded: prefix && disk.entries === undefined, ...(reason ? { reason } : {}) });
      }
    }
    if (disk.entries !== undefined) return { steps, wroteJournal: false };
    const journal = await openJournal(disk.journalPath, disk.plan);
    const runId = `reconcile-${randomUUID()}`;
    const at = new Date().toISOString();
    const append = (e: JournalEntry) => journal.append(e);
    await append({ type: 'run', runId, mode: 'apply', at, pid: process.pid, host: hostname() });
    for (const s of steps.filter((x) => x.recorded)) {
      const step = planned.get(s.stepId)!;
      await append({ type: 'begin', runId, mode: 'apply', stepId: s.stepId, workspaceId: s.workspaceId, at });
      await append({ type: 'success', runId, mode: 'apply', stepId: s.stepId, at, created: stepHandlers[step.kind].creates?.(step) ?? [], calls: [], undo: undoFromPlan(step) });
    }
    await append({ type: 'end', runId, mode: 'apply', at, outcome: steps.every((s) => s.live === 'done' || s.kind === 'verify-compliance') ? 'succeeded' : 'interrupted' });
    return { steps, wroteJournal: true };
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError(`Cannot reconcile ${disk.path}: ${(error as Error).message}`, ExitCode.azure, { cause: error });
  } finally {
    await locks.release();
  }
}
