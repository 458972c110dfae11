import { hostname } from 'node:os';
import type { PlanStep, PlanWorkspace, Precondition } from '../../plan/index.js';
import { SAFETY_REFUSALS, type JournalEntry, type UndoRecord } from '../contract.js';
import { stepHandlers } from './handlers.js';
import type { StepView } from '../step-states.js';
import { checkPreconditions } from './preconditions.js';
import { requestProblem } from './request-guard.js';
import { RecordingRequester } from './recording-requester.js';
import { pollScheduleOf } from './expected-duration.js';
import { requestUrl } from './send-request.js';
import type { StepContext } from './step-context.js';
import { StepRefusedError, toJournalError } from './step-errors.js';
import type { RunContext } from './run-context.js';

/** What this run has learnt about a workspace's steps so far (a dry run needs it: nothing really changes). */
export interface WorkspaceProgress {
  /** Steps that would write in this dry run (their effect is not really there). */
  wouldWrite: Set<string>;
  /** Steps done or passed in this run (including dry-run passes). */
  passed: Set<string>;
}

/**
 * One step of apply: begin → guard → isAlreadyDone (real state) → preconditions → run (the only write) → success with
 * the calls, created ids and undo record; or failure with the service's error. Each journal append is awaited (durable)
 * before the next ARM call. A dry run does the reads and checks, emits wouldWrite, and appends nothing.
 */
export async function applyStep(step: PlanStep, ws: PlanWorkspace, prior: StepView | undefined, progress: WorkspaceProgress, run: RunContext): Promise<boolean> {
  const { events, dryRun } = run;
  const started = Date.now();
  const ids = { workspaceId: ws.sourceId, stepId: step.id };
  events.stepStarted?.({ ...ids, kind: step.kind, summary: summarise(step) });
  await run.append({ type: 'begin', runId: run.runId, mode: 'apply', stepId: step.id, workspaceId: ws.sourceId, at: now() });
  const arm = new RecordingRequester(run.arm, dryRun);
  const ctx: StepContext = {
    arm,
    workspace: ws,
    pollSchedule: pollScheduleOf(step, run.pollIntervalInMs),
    onPoll: (status) => events.stepProgress?.({ ...ids, status, elapsedMs: Date.now() - started }),
    entries: run.entries,
    dryRun,
  };
  const handler = stepHandlers[step.kind];
  try {
    const refused = requestProblem(step, ws);
    if (refused !== undefined) throw new StepRefusedError('RequestRefused', refused);
    handler.guard?.(step, ctx);
    const dryRunDeferred = dryRun && (step.kind === 'verify-compliance' || step.kind === 'compare-contents') && progress.wouldWrite.size > 0;
    const check = dryRunDeferred ? { done: false } : await handler.isAlreadyDone(step, ctx);
    if (check.done) {
      // Already there. Ours only if this tool attempted the step before and left no end (a crash): then it is
      // recorded as created and undoable; otherwise it was there before apply and nothing was changed.
      const resumed = prior?.attempted === true;
      const undo: UndoRecord = resumed
        ? (handler.undoAfterCrash ?? ((s, c) => handler.undoRecord(s, undefined, c)))(step, ctx)
        : { kind: 'none', reason: 'already in the planned state before this apply: nothing was changed' };
      const created = resumed ? (handler.creates?.(step) ?? []) : [];
      await run.append({ type: 'success', runId: run.runId, mode: 'apply', stepId: step.id, at: now(), skipped: 'already-done', created, calls: arm.calls, undo });
      progress.passed.add(step.id);
      events.stepSucceeded?.({ ...ids, skipped: true, elapsedMs: Date.now() - started });
      return true;
    }
    await checkPreconditions(step, ctx, (p) => wouldBeMet(p, progress));
    if (dryRun) {
      if (step.request.method !== 'GET') {
        events.wouldWrite?.({ ...ids, method: step.request.method, url: requestUrl(run.arm.endpoint, step.request), body: step.request.body });
        progress.wouldWrite.add(step.id);
      } else if (!dryRunDeferred) {
        await handler.run(step, ctx);
      }
      progress.passed.add(step.id);
      events.stepSucceeded?.({ ...ids, skipped: false, elapsedMs: Date.now() - started });
      return true;
    }
    await handler.confirmLive?.(step, ctx);
    await handler.run(step, ctx);
    // A step resumed after a crash read its `before` now, after its first attempt's writes (a half-done copy): that is
    // not the state before apply, so the crash undo applies (else rollback would keep what the crashed run made).
    const undo = prior?.attempted === true && handler.undoAfterCrash ? handler.undoAfterCrash(step, ctx) : handler.undoRecord(step, check.before, ctx);
    await run.append({ type: 'success', runId: run.runId, mode: 'apply', stepId: step.id, at: now(), created: handler.creates?.(step) ?? [], calls: arm.calls, undo });
    progress.passed.add(step.id);
    events.stepSucceeded?.({ ...ids, skipped: false, elapsedMs: Date.now() - started });
    return true;
  } catch (error) {
    if (run.isJournalError(error)) throw error;
    const journalError = toJournalError(error);
    await run.append({ type: 'failure', runId: run.runId, mode: 'apply', stepId: step.id, at: now(), error: journalError, calls: arm.calls });
    events.stepFailed?.({ ...ids, error: journalError });
    if (SAFETY_REFUSALS.has(journalError.code)) run.refused.push({ stepId: step.id, code: journalError.code, message: journalError.message });
    return false;
  }
}

/** Dry run: a condition an earlier step of this workspace would establish counts as met. */
function wouldBeMet(p: Precondition, progress: WorkspaceProgress): boolean {
  if (p.kind === 'step-succeeded') return progress.passed.has(p.stepId);
  if (p.kind === 'name-free' || p.kind === 'fingerprint-matches') return false;
  return progress.wouldWrite.size > 0;
}

export function summarise(step: PlanStep): string {
  const name = step.target.split('/').filter(Boolean).slice(-1)[0] ?? step.target;
  return `${step.kind} ${name}`;
}

export const now = (): string => new Date().toISOString();

export function runEntry(runId: string, mode: 'apply' | 'rollback'): JournalEntry {
  return { type: 'run', runId, mode, at: now(), pid: process.pid, host: hostname() };
}
