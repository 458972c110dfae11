import pLimit from 'p-limit';
import { runArmOperation } from '../../azure/arm-lro.js';
import { ArmError } from '../../errors.js';
import type { PlanStep, PlanWorkspace } from '../../plan/index.js';
import { carryRequests } from '../../plan/carry-over-requests.js';
import { readTargetItems, rewriteIdsOf } from '../carried-content.js';
import type { RecordingRequester } from './recording-requester.js';
import { kindOf, CARRY_CONCURRENCY } from './copy-contents.js';
import { StepRefusedError } from './step-errors.js';
import type { PollSchedule } from '../../azure/poll-schedule.js';

/**
 * Undo of a carry-over step: deletes, children before parents, every item the step would copy that exists in the
 * target now, except those that were there before apply (`keep`). Never touches the source. Returns how many it deleted.
 */
export async function deleteCopies(step: PlanStep, ws: PlanWorkspace, keep: readonly string[], arm: RecordingRequester, pollSchedule: PollSchedule): Promise<number> {
  const ids = await rewriteIdsOf(ws, arm);
  if (ids === null) return 0;
  if (ids.targetId.toLowerCase() === ws.sourceId.toLowerCase() && ws.strategy !== 'recreate-same-name') {
    throw new StepRefusedError('SourceGuard', `rollback never deletes contents of the source workspace ${ws.sourceId}`);
  }
  const kept = new Set(keep.map((k) => k.toLowerCase()));
  const kind = kindOf(step);
  const requests = carryRequests(ws.carryOver, kind, ids).filter((r) => !kept.has(r.item.path.toLowerCase()));
  const found = await readTargetItems(arm, requests);
  const present = requests.filter((r) => found.has(r.path.toLowerCase()));
  const limit = pLimit(CARRY_CONCURRENCY);
  const depths = [...new Set(present.map((r) => r.path.split('/').length))].sort((a, b) => b - a);
  for (const depth of depths) {
    await Promise.all(present.filter((r) => r.path.split('/').length === depth).map((r) => limit(async () => {
      const query = kind === 'computeClusters' || kind === 'computeInstances' ? '?underlyingResourceAction=Delete' : '';
      try {
        await runArmOperation(arm, 'DELETE', `${r.path}${query}`, r.apiVersion, undefined, { pollSchedule });
      } catch (error) {
        if (!(error instanceof ArmError && error.statusCode === 404)) throw error;
      }
    })));
  }
  return present.length;
}
