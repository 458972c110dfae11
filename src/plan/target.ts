import type { ObservedWorkspace } from './observed.js';
import type { Policy } from './policy-schema.js';
import type { TargetPrivateEndpointRule, TargetWorkspaceSpec } from './target-spec.js';
import type { ResolvedKey } from './constraints.js';
import { withoutLockTag } from '../model/lock-tag.js';
import { parseResourceId } from '../model/resource-id.js';

/** The workspace the plan aims for. In place: the source's name; re-created: `name`. Everything else is carried over. */
export function buildTargetSpec(ws: ObservedWorkspace, policy: Policy, name: string, rules: Record<string, TargetPrivateEndpointRule>, key: ResolvedKey | undefined): TargetWorkspaceSpec {
  const source = ws.workspace;
  const p = source.properties;
  const parsed = parseResourceId(source.id);
  const spec: TargetWorkspaceSpec = {
    subscriptionId: parsed?.subscriptionId ?? '',
    resourceGroup: parsed?.resourceGroup ?? '',
    name,
    location: source.location,
    tags: targetTags(source.tags, policy),
    hbiWorkspace: policy.hbi === true || p.hbiWorkspace === true,
    storageAccount: p.storageAccount ?? '',
    keyVault: p.keyVault ?? '',
    identity: { type: 'SystemAssigned' },
    publicNetworkAccess: 'Disabled',
    managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: sortByKey(rules) },
    provision: { includeSpark: policy.serverlessSpark },
  };
  if (p.friendlyName !== undefined) spec.displayName = p.friendlyName;
  if (p.description !== undefined) spec.description = p.description;
  if (p.applicationInsights) spec.applicationInsights = p.applicationInsights;
  if (p.containerRegistry) spec.containerRegistry = p.containerRegistry;
  if (key) spec.encryption = { keyVaultArmId: key.keyVaultArmId, keyIdentifier: key.keyIdentifier };
  return spec;
}

/** The source's tags (never the lock tag of a run in progress: model/lock-tag.ts) plus the policy's tag. */
export function targetTags(tags: Record<string, string> | undefined, policy: Policy): Record<string, string> {
  const out = withoutLockTag({ ...(tags ?? {}) });
  if (policy.tag) out[policy.tag.name] = policy.tag.value;
  return sortByKey(out);
}

/** The PUT body that creates the target workspace (api-version 2025-06-01). */
export function createWorkspaceBody(t: TargetWorkspaceSpec): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (t.displayName !== undefined) properties.friendlyName = t.displayName;
  if (t.description !== undefined) properties.description = t.description;
  properties.storageAccount = t.storageAccount;
  properties.keyVault = t.keyVault;
  if (t.applicationInsights) properties.applicationInsights = t.applicationInsights;
  if (t.containerRegistry) properties.containerRegistry = t.containerRegistry;
  properties.hbiWorkspace = t.hbiWorkspace;
  properties.publicNetworkAccess = t.publicNetworkAccess;
  properties.managedNetwork = {
    isolationMode: t.managedNetwork.isolationMode,
    outboundRules: Object.fromEntries(Object.entries(t.managedNetwork.outboundRules).map(([n, r]) => [n, outboundRuleBody(r)])),
  };
  if (t.encryption) properties.encryption = { status: 'Enabled', keyVaultProperties: { keyVaultArmId: t.encryption.keyVaultArmId, keyIdentifier: t.encryption.keyIdentifier } };
  return { location: t.location, tags: t.tags, identity: { type: t.identity.type }, properties };
}

/** An outbound rule as sent to the service: UserDefined only (Required rules are the service's). */
export function outboundRuleBody(r: TargetPrivateEndpointRule): Record<string, unknown> {
  return { type: r.type, category: 'UserDefined', destination: { ...r.destination } };
}

function sortByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
