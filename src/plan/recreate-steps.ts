import { apiVersions } from '../model/api-versions.js';
import { workspaceId } from '../model/resource-id.js';
import type { ObservedWorkspace } from './observed.js';
import type { Policy } from './policy-schema.js';
import type { TargetWorkspaceSpec } from './target-spec.js';
import { armRequest, irreversible, reversible, SOURCE_DELETE_REASON, StepList, type PlanStep, type Precondition } from './steps.js';
import { createWorkspaceBody } from './target.js';
import { verifyStep } from './in-place-steps.js';
import { scrubSecrets } from './scrub.js';
import { addInboundSteps } from './inbound-steps.js';
import type { CarryOver } from './carry-over.js';
import { addCarryOverSteps } from './carry-over-steps.js';

/**
 * Re-creation. New name: create → copy diagnostic settings → provision → verify → carry contents over → compare →
 * (opt-in, last) retire the source.
 * Same name (explicit opt-in): purge the source first (irreversible), then the same chain without a retire step.
 * A customer-managed key the policy asks to create comes first of all: nothing is deleted before it exists.
 */
export function buildRecreateSteps(ws: ObservedWorkspace, policy: Policy, target: TargetWorkspaceSpec, forcing: string[], sameName: boolean, prefix: string, createKeyId?: string, carry?: CarryOver): PlanStep[] {
  const list = new StepList(prefix);
  const sourceId = ws.workspace.id;
  const newId = workspaceId(target.subscriptionId, target.resourceGroup, target.name);
  const fp = ws.fingerprints[sourceId.toLowerCase()];
  const unchanged: Precondition[] = fp ? [{ kind: 'fingerprint-matches', id: sourceId, value: fp.value }] : [];
  const forcingText = forcing.join('; ');

  const key = createKeyId ? [list.add(createKeyStep(createKeyId, target.encryption?.keyVaultArmId ?? ''))] : [];
  let first: string[] = key;
  if (sameName) {
    first = [list.add({ kind: 'purge-source', action: 'delete', target: sourceId, before: { name: ws.workspace.name }, after: null,
      reason: `the policy asks to reuse the name ${ws.workspace.name} (recreate.allowSameName), which is held until the source is purged; ${forcingText}`,
      preconditions: [...unchanged], dependsOn: key,
      undo: irreversible(`purging permanently deletes the source workspace and everything in it: ${SOURCE_DELETE_REASON}`),
      request: armRequest('DELETE', sourceId, undefined, { forceToPurge: 'true' }) })];
  }

  const body = createWorkspaceBody(target);
  const linked = [target.storageAccount, target.keyVault, target.applicationInsights, target.containerRegistry, target.encryption?.keyVaultArmId]
    .filter((x): x is string => typeof x === 'string' && x !== '');
  const create = list.add({ kind: 'create-workspace', action: 'replace', target: newId, before: null, after: body,
    reason: forcingText, preconditions: [{ kind: 'name-free', id: newId }, ...[...new Set(linked)].map((id) => ({ kind: 'resource-exists', id }) as const), ...(sameName ? [] : unchanged)],
    dependsOn: first, undo: reversible('delete-workspace', `delete and purge the new workspace ${target.name} (it holds nothing yet)`, armRequest('DELETE', newId, undefined, { forceToPurge: 'true' })),
    request: armRequest('PUT', newId, body) });

  const copies = ws.diagnosticSettings.map((s) => {
    const path = `${newId}/providers/Microsoft.Insights/diagnosticSettings/${s.name}`;
    const copied = scrubSecrets({ properties: (s.body as { properties?: unknown }).properties ?? {} }) as Record<string, unknown>;
    return list.add({ kind: 'copy-diagnostic-settings', action: 'create', target: path, before: null, after: copied,
      reason: `carry diagnostic setting ${s.name} over from the source`, preconditions: [], dependsOn: [create],
      undo: reversible('delete-diagnostic-setting', `DELETE diagnostic setting ${s.name} of the new workspace`, armRequest('DELETE', path, undefined, undefined, apiVersions.diagnosticSettings)),
      request: armRequest('PUT', path, copied, undefined, apiVersions.diagnosticSettings) });
  });

  // The new workspace has public access Disabled from creation: its users' endpoint can only follow the creation.
  const inbound = addInboundSteps(list, target.inbound, newId, [create]);
  const provision = list.add({ kind: 'provision-managed-network', action: 'action', target: newId, before: null,
    after: { status: 'Active', sparkReady: target.provision.includeSpark },
    reason: `provision the managed network of the new workspace (about 30 minutes)${target.provision.includeSpark ? ', with serverless Spark' : ''}; public access is Disabled from creation`,
    preconditions: [{ kind: 'public-access-disabled', id: newId }], dependsOn: [create, ...inbound],
    undo: reversible('nothing', 'nothing to undo: deleting the new workspace removes its managed network'),
    request: armRequest('POST', `${newId}/provisionManagedNetwork`, { includeSpark: target.provision.includeSpark }) });
  const verified = list.add(verifyStep(newId, target, [provision, ...copies]));
  // Contents are copied into the created, provisioned, verified target; retiring waits for their parity.
  const verify = carry ? addCarryOverSteps(list, carry, newId, verified) : verified;

  if (!sameName && policy.recreate.retireSource !== 'keep') {
    const purge = policy.recreate.retireSource === 'purge';
    list.add({ kind: purge ? 'purge-source' : 'retire-source', action: 'delete', target: sourceId, before: { name: ws.workspace.name }, after: null,
      reason: `the policy asks to ${purge ? 'purge' : 'soft-delete'} the source once the new workspace ${target.name} is verified (recreate.retireSource: ${policy.recreate.retireSource})`,
      preconditions: [{ kind: 'step-succeeded', stepId: verify }, ...unchanged], dependsOn: [verify],
      undo: irreversible(purge ? `purging is permanent: ${SOURCE_DELETE_REASON}` : `treated as irreversible: ${SOURCE_DELETE_REASON} (recovery exists only in the portal, within 14 days)`),
      request: purge ? armRequest('DELETE', sourceId, undefined, { forceToPurge: 'true' }) : armRequest('DELETE', sourceId) });
  }
  return list.steps;
}

/** PUT of a new RSA 3072 key: Key Vault's management plane creates it only if absent (Keys_CreateIfNotExist). */
function createKeyStep(keyId: string, vaultId: string): Omit<PlanStep, 'id'> {
  const body = { properties: { kty: 'RSA', keySize: 3072 } };
  return { kind: 'create-key', action: 'create', target: keyId, before: null, after: body,
    reason: 'the policy asks to create the customer-managed key (customerManagedKey.createKey)', preconditions: [{ kind: 'resource-exists', id: vaultId }], dependsOn: [],
    undo: irreversible('a customer-managed key is not deleted by rollback: data may already be encrypted with it, and purge protection keeps a deleted key for the retention period; disable or delete it yourself once nothing uses it'),
    request: armRequest('PUT', keyId, body, undefined, apiVersions.keyVault) };
}
