import { workspaceApiVersion } from '../model/api-versions.js';
import type { CarryOver, ContentKind } from './carry-over.js';
import { segmentOf } from './carry-over.js';
import { apiVersionOf, copyGroup } from './carry-over-requests.js';
import { armRequest, reversible, type PlanStep, type StepList, type StepRequest } from './steps.js';

/**
 * One step per copied kind (not per item: thousands of versions would bloat plan and journal). Its request names the
 * kind and count; the writes themselves are derived from the plan's recorded inventory (carryRequests), one PUT per
 * item at `<target>/<path>`. Order: datastores → environments, data, models → computes → endpoints → deployments →
 * traffic → connections → role assignments; then compare-contents checks parity.
 */
export function addCarryOverSteps(list: StepList, carry: CarryOver, targetId: string, after: string): string {
  const ids = new Map<ContentKind, string>();
  const dep = (...kinds: ContentKind[]) => [after, ...kinds.map((k) => ids.get(k)).filter((x): x is string => x !== undefined)];
  const order: [ContentKind, ContentKind[]][] = [
    ['datastores', []], ['environments', ['datastores']], ['data', ['datastores']], ['models', ['datastores']],
    ['computeClusters', []], ['computeInstances', []],
    ['onlineEndpoints', []], ['deployments', ['onlineEndpoints', 'models', 'environments', 'computeClusters']], ['traffic', ['deployments']],
    ['connections', []], ['roleAssignments', []],
  ];
  for (const [kind, needs] of order) {
    const group = copyGroup(carry, kind);
    if (!group || group.items.length === 0) continue;
    ids.set(kind, list.add(copyStep(kind, group.items.length, targetId, dep(...needs))));
  }
  const all = [...ids.values()];
  return list.add({
    kind: 'compare-contents', action: 'read', target: targetId, before: null, after: { copied: Object.fromEntries([...ids.keys()].map((k) => [k, copyGroup(carry, k)!.items.length])) },
    reason: 'parity: every item the plan copied is present in the target and identical to the source\'s recorded copy', preconditions: all.map((stepId) => ({ kind: 'step-succeeded', stepId }) as const),
    dependsOn: all.length ? all : [after], undo: reversible('nothing', 'a read: nothing to undo'), request: armRequest('GET', targetId),
  });
}

/** The request a copy step of `kind` stands for (checked by the request guard against the plan's inventory). */
export function copyStepRequest(kind: ContentKind, count: number, targetId: string): StepRequest {
  return armRequest('PUT', `${targetId}/${segmentOf(kind)}`, { carryOver: kind, items: count }, undefined, apiVersionOf(kind) ?? workspaceApiVersion);
}

function copyStep(kind: ContentKind, count: number, targetId: string, dependsOn: string[]): Omit<PlanStep, 'id'> {
  const request = copyStepRequest(kind, count, targetId);
  const traffic = kind === 'traffic';
  return {
    kind: 'copy-contents', action: traffic ? 'update' : 'create', target: request.path, before: null, after: { kind, items: count },
    reason: traffic
      ? 'switch each copied endpoint to the source\'s traffic split, only after every deployment succeeded'
      : `carry ${count} ${kind} over from the source (each: source unchanged since plan, target absent or identical; an existing different version is a conflict)`,
    preconditions: [], dependsOn,
    undo: traffic || kind === 'deployments'
      ? reversible('nothing', 'deleting the copied endpoints (their own undo) deletes their deployments and traffic')
      : reversible('delete-copies', `delete the ${kind} copied into the target (not those that were there before)`),
    request,
  };
}
