import { runArmOperation } from '../../azure/arm-lro.js';
import { ArmError } from '../../errors.js';
import type { Workspace } from '../../model/workspace.js';
import type { PlanStep, PlanWorkspace } from '../../plan/index.js';
import { SAFETY_REFUSALS, type UndoRecord } from '../contract.js';
import { now, summarise } from './apply-step.js';
import { getOrNull, keepingLockTag, matchesSubset, sameTags } from './arm-state.js';
import { RecordingRequester } from './recording-requester.js';
import type { RunContext } from './run-context.js';
import { StepRefusedError, toJournalError } from './step-errors.js';
import { lastCopyProblem } from './source-guard.js';
import { deleteCopies } from './delete-copies.js';
import { pollScheduleOf } from './expected-duration.js';

type Reversible = Extract<UndoRecord, { kind: 'patch' | 'put' | 'delete' | 'delete-copies' | 'none' }>;

/**
 * Undoes one completed step (mode 'rollback': begin → success/failure), checking real state first so that an undo
 * already in effect writes nothing. Never deletes the source workspace.
 */
export async function undoStep(step: PlanStep, ws: PlanWorkspace, undo: Reversible, run: RunContext): Promise<boolean> {
  const started = Date.now();
  const ids = { workspaceId: ws.sourceId, stepId: step.id };
  run.events.stepStarted?.({ ...ids, kind: step.kind, summary: `undo ${summarise(step)}` });
  await run.append({ type: 'begin', runId: run.runId, mode: 'rollback', stepId: step.id, workspaceId: ws.sourceId, at: now() });
  const arm = new RecordingRequester(run.arm);
  const lro = (method: 'PATCH' | 'PUT' | 'DELETE', path: string, apiVersion: string, body?: unknown) =>
    runArmOperation(arm, method, path, apiVersion, body, {
      pollSchedule: pollScheduleOf(step, run.pollIntervalInMs),
      onProgress: (state) => run.events.stepProgress?.({ ...ids, status: arm.lastPollStatus ?? state.status, elapsedMs: Date.now() - started }),
    });
  try {
    const foreign = undoProblem(step, undo);
    if (foreign !== undefined) throw new StepRefusedError('RequestRefused', foreign);
    let skipped = false;
    switch (undo.kind) {
      case 'none':
        skipped = true;
        break;
      case 'patch': {
        const current = await getOrNull<Workspace>(arm, undo.id, undo.apiVersion);
        if (current === null) throw new StepRefusedError('ResourceNotFound', `${undo.id} does not exist: cannot restore its previous values`);
        skipped = patchHolds(current, undo.body);
        // Restored tags keep the lock tag the workspace carries now (arm-state.ts keepingLockTag).
        const body = undo.body.tags !== undefined ? { ...undo.body, tags: keepingLockTag(undo.body.tags as Record<string, string>, current) } : undo.body;
        if (!skipped) await lro('PATCH', undo.id, undo.apiVersion, body);
        break;
      }
      case 'put': {
        const current = await getOrNull<{ properties?: unknown }>(arm, undo.id, undo.apiVersion);
        skipped = current !== null && matchesSubset(current.properties, (undo.body as { properties?: unknown }).properties ?? {});
        if (!skipped) await lro('PUT', undo.id, undo.apiVersion, undo.body);
        break;
      }
      case 'delete-copies':
        skipped = (await deleteCopies(step, ws, undo.keep, arm, pollScheduleOf(step, run.pollIntervalInMs))) === 0;
        break;
      case 'delete': {
        if (undo.id.toLowerCase() === ws.sourceId.toLowerCase()) {
          throw new StepRefusedError('SourceGuard', `rollback never deletes the source workspace ${ws.sourceId}`);
        }
        const lastCopy = await lastCopyProblem(ws, undo.id, { arm });
        if (lastCopy !== undefined) throw new StepRefusedError('SourceGuard', `rollback keeps ${undo.id}: ${lastCopy}`);
        const current = await getOrNull(arm, undo.id, undo.apiVersion);
        // Gone already. A purge is still sent: a soft-deleted copy would hold the name (204 when there is none).
        skipped = current === null && !undo.purge;
        if (!skipped) await ignoreNotFound(lro('DELETE', undo.purge ? `${undo.id}?forceToPurge=true` : undo.id, undo.apiVersion));
        break;
      }
    }
    await run.append({ type: 'success', runId: run.runId, mode: 'rollback', stepId: step.id, at: now(), ...(skipped ? { skipped: 'already-done' as const } : {}), created: [], calls: arm.calls });
    run.events.stepSucceeded?.({ ...ids, skipped, elapsedMs: Date.now() - started });
    return true;
  } catch (error) {
    if (run.isJournalError(error)) throw error;
    const journalError = toJournalError(error);
    await run.append({ type: 'failure', runId: run.runId, mode: 'rollback', stepId: step.id, at: now(), error: journalError, calls: arm.calls });
    run.events.stepFailed?.({ ...ids, error: journalError });
    if (SAFETY_REFUSALS.has(journalError.code)) run.refused.push({ stepId: step.id, code: journalError.code, message: journalError.message });
    return false;
  }
}

/** The PATCH body's values already hold: tags compared whole, properties field by field. */
function patchHolds(ws: Workspace, body: Record<string, unknown>): boolean {
  if (body.tags !== undefined && !sameTags(ws.tags, body.tags)) return false;
  return body.properties === undefined || matchesSubset(ws.properties, body.properties);
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (!(error instanceof ArmError && error.statusCode === 404)) throw error;
  }
}

/**
 * An undo record comes from the journal, a file like any other: it may act only on the step's own target (or below
 * it), or on what the plan's own undo names. Anything else is refused before it is sent.
 */
function undoProblem(step: PlanStep, undo: Reversible): string | undefined {
  if (undo.kind !== 'patch' && undo.kind !== 'put' && undo.kind !== 'delete') return undefined;
  const id = undo.id.toLowerCase();
  const target = step.target.toLowerCase();
  const planned = step.undo.irreversible ? undefined : step.undo.request?.path.toLowerCase();
  if (id === target || id.startsWith(`${target}/`) || id === planned) return undefined;
  return `the journal's undo of step ${step.id} names ${undo.id}, which is not the step's target ${step.target}: the journal was edited or is not this plan's`;
}
