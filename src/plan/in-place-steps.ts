import type { ObservedWorkspace } from './observed.js';
import type { Policy } from './policy-schema.js';
import type { TargetWorkspaceSpec } from './target-spec.js';
import type { RulePlan } from './pe-rules.js';
import { armRequest, COMPUTE_UNDO_REASON, irreversible, reversible, StepList, type PlanStep, type Precondition } from './steps.js';
import { movesToManagedNetwork } from './constraints.js';
import { outboundRuleBody } from './target.js';
import { addInboundSteps } from './inbound-steps.js';
import { withoutLockTag } from '../model/lock-tag.js';

/**
 * In place: delete blocking computes (only when the policy opts in) → disable public access (+ tag) → set the
 * isolation mode → put new rules → provision (public access is already Disabled by then) → verify.
 */
export function buildInPlaceSteps(ws: ObservedWorkspace, policy: Policy, target: TargetWorkspaceSpec, rules: RulePlan, prefix: string): PlanStep[] {
  const list = new StepList(prefix);
  const id = ws.workspace.id;
  const p = ws.workspace.properties;
  const fp = ws.fingerprints[id.toLowerCase()];
  const unchanged: Precondition[] = fp ? [{ kind: 'fingerprint-matches', id, value: fp.value }] : [];
  const managing = movesToManagedNetwork(ws);

  const deletions: string[] = [];
  if (managing && policy.allowRemovingComputes) {
    for (const e of ws.onlineEndpoints) {
      deletions.push(list.add({ kind: 'delete-online-endpoint', action: 'delete', target: e.id, before: { name: e.name }, after: null,
        reason: 'managed online endpoints must be deleted before a managed network can be enabled in place (allowRemovingComputes)',
        preconditions: [{ kind: 'resource-exists', id: e.id }], dependsOn: [], undo: irreversible(COMPUTE_UNDO_REASON),
        request: armRequest('DELETE', e.id) }));
    }
    for (const c of ws.computes) {
      deletions.push(list.add({ kind: 'delete-compute', action: 'delete', target: c.id, before: { name: c.name, computeType: c.computeType }, after: null,
        reason: 'compute instances and clusters must be deleted before a managed network can be enabled in place (allowRemovingComputes)',
        preconditions: [{ kind: 'resource-exists', id: c.id }], dependsOn: [], undo: irreversible(COMPUTE_UNDO_REASON),
        request: armRequest('DELETE', c.id, undefined, { underlyingResourceAction: 'Delete' }) }));
    }
  }

  // Users' way in (issue 10) exists before public access goes; the disabling step re-checks it live (inbound-access).
  const inbound = addInboundSteps(list, target.inbound, id, []);
  let last: string[] = [...deletions, ...inbound];
  const beforeTags = withoutLockTag({ ...(ws.workspace.tags ?? {}) });
  const tagsChange = JSON.stringify(Object.entries(beforeTags).sort()) !== JSON.stringify(Object.entries(target.tags).sort());
  if (p.publicNetworkAccess !== 'Disabled' || tagsChange) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const body: Record<string, unknown> = {};
    const undoBody: Record<string, unknown> = {};
    if (p.publicNetworkAccess !== 'Disabled') {
      before.publicNetworkAccess = p.publicNetworkAccess ?? 'Enabled';
      after.publicNetworkAccess = 'Disabled';
      body.properties = { publicNetworkAccess: 'Disabled' };
      undoBody.properties = { publicNetworkAccess: 'Enabled' };
    }
    if (tagsChange) {
      before.tags = beforeTags;
      after.tags = target.tags;
      body.tags = target.tags;
      undoBody.tags = beforeTags;
    }
    last = [...deletions, ...inbound, list.add({ kind: 'update-workspace', action: 'update', target: id, before, after,
      reason: p.publicNetworkAccess !== 'Disabled' ? 'MachineLearning-005 requires publicNetworkAccess Disabled; disabled before the managed network is provisioned' : 'tag the workspace as remediated',
      preconditions: [...unchanged, ...(p.publicNetworkAccess !== 'Disabled' ? [{ kind: 'inbound-access', id } as const] : [])], dependsOn: [...inbound], undo: reversible('patch-workspace', 'PATCH the previous publicNetworkAccess and tags back', armRequest('PATCH', id, undoBody)),
      request: armRequest('PATCH', id, body) })];
  }

  if (p.managedNetwork?.isolationMode !== 'AllowInternetOutbound') {
    const before = { managedNetwork: { isolationMode: p.managedNetwork?.isolationMode ?? 'Disabled' } };
    const after = { managedNetwork: { isolationMode: 'AllowInternetOutbound' } };
    last = [list.add({ kind: 'update-workspace', action: 'update', target: id, before, after,
      reason: 'MachineLearning-005 requires managedNetwork.isolationMode AllowInternetOutbound',
      preconditions: [...unchanged, ...(managing ? [{ kind: 'no-computes', id } as const] : [])], dependsOn: [...last],
      undo: irreversible('a managed network can never go back to Disabled (transitions are one-way)'),
      request: armRequest('PATCH', id, { properties: after }) })];
  }

  const ruleSteps: string[] = [];
  for (const name of rules.toPut) {
    const rule = target.managedNetwork.outboundRules[name]!;
    const path = `${id}/outboundRules/${name}`;
    const existing = ws.outboundRules[name];
    ruleSteps.push(list.add({ kind: 'put-outbound-rule', action: existing ? 'update' : 'create', target: path,
      before: existing ? { destination: existing.destination } : null, after: { type: rule.type, destination: rule.destination },
      reason: existing ? 'enable Spark on the storage private endpoint (serverlessSpark)' : `private endpoint to ${rule.destination.subresourceTarget} of ${rule.destination.serviceResourceId.split('/').pop()}`,
      preconditions: [], dependsOn: [...last],
      undo: existing
        ? reversible('put-outbound-rule', `PUT rule ${name} back as it was`, armRequest('PUT', path, { properties: existing as unknown as Record<string, unknown> }))
        : reversible('delete-outbound-rule', `DELETE rule ${name}`, armRequest('DELETE', path)),
      request: armRequest('PUT', path, { properties: outboundRuleBody(rule) }) }));
  }
  if (ruleSteps.length > 0) last = ruleSteps;

  const status = p.managedNetwork?.status;
  const needsProvision = managing || p.managedNetwork?.isolationMode !== 'AllowInternetOutbound' || ruleSteps.length > 0 ||
    status?.status !== 'Active' || (policy.serverlessSpark && status?.sparkReady !== true);
  if (needsProvision) {
    last = [list.add({ kind: 'provision-managed-network', action: 'action', target: id, before: { status: status?.status ?? 'Inactive', sparkReady: status?.sparkReady ?? false },
      after: { status: 'Active', sparkReady: policy.serverlessSpark }, reason: `provision the managed network now (about 30 minutes) instead of at the first compute${policy.serverlessSpark ? ', with serverless Spark' : ''}`,
      preconditions: [{ kind: 'public-access-disabled', id }], dependsOn: [...last],
      undo: irreversible('a provisioned managed network cannot be un-provisioned; it stays, realising the rules above'),
      request: armRequest('POST', `${id}/provisionManagedNetwork`, { includeSpark: policy.serverlessSpark }) })];
  }
  list.add(verifyStep(id, target, last));
  return list.steps;
}

export function verifyStep(id: string, target: TargetWorkspaceSpec, dependsOn: string[]): Omit<PlanStep, 'id'> {
  const after: Record<string, unknown> = { publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound', status: 'Active' } };
  if (target.provision.includeSpark) after.sparkReady = true;
  if (target.hbiWorkspace) after.hbiWorkspace = true;
  if (target.encryption) after.encryption = { status: 'Enabled' };
  if (target.inbound && target.inbound.mode !== 'none') after.privateEndpointConnections = 'at least one Approved';
  return { kind: 'verify-compliance', action: 'read', target: id, before: null, after,
    reason: 'read the workspace back and check MachineLearning-005 and the policy', preconditions: [], dependsOn: [...dependsOn],
    undo: reversible('nothing', 'read-only'), request: armRequest('GET', id) };
}
