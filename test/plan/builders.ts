import { workspaceId } from '../../src/model/resource-id.js';
import type { OutboundRule, Workspace, WorkspaceProperties } from '../../src/model/workspace.js';
import type { NameState, ObservedContext, ObservedInbound, ObservedKey, ObservedVault, ObservedWorkspace } from '../../src/plan/observed.js';
import { normalisePolicy, policyInputSchema, type Policy, type PolicyInput } from '../../src/plan/policy-schema.js';

export const SUB = '11111111-1111-1111-1111-111111111111';
export const OTHER_SUB = '22222222-2222-2222-2222-222222222222';
export const RG = 'rg-ml';
export const COSMOS = 'a232010e-820c-4083-83bb-3ace5fc29d0b';

export const storageId = (name: string, sub = SUB, rg = RG) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${name}`;
export const vaultId = (name: string, sub = SUB, rg = RG) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
export const registryId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${name}`;

export interface ObservedWorkspaceSpec {
  name?: string;
  resourceGroup?: string;
  storage?: string;
  tags?: Record<string, string>;
  /** Merged over the compliant defaults; a key given as undefined is removed. */
  properties?: Partial<Record<keyof WorkspaceProperties, unknown>>;
  outboundRules?: Record<string, OutboundRule>;
  computes?: ObservedWorkspace['computes'];
  onlineEndpoints?: ObservedWorkspace['onlineEndpoints'];
  datastores?: ObservedWorkspace['datastores'];
  models?: string[] | undefined;
  environments?: string[] | undefined;
  dataAssets?: string[] | undefined;
  diagnosticSettings?: ObservedWorkspace['diagnosticSettings'];
}

/** Service-added Required rules for the linked storage (blob, file), as a compliant workspace has them. */
export function requiredStorageRules(storage: string): Record<string, OutboundRule> {
  const rule = (sub: string): OutboundRule => ({ type: 'PrivateEndpoint', category: 'Required', status: 'Active', destination: { serviceResourceId: storageId(storage), subresourceTarget: sub, sparkEnabled: false } });
  return { [`__SYS_PE_${storage}_blob`]: rule('blob'), [`__SYS_PE_${storage}_file`]: rule('file') };
}

/** A workspace as the read side observes it; by default compliant with MachineLearning-005 and the default policy. */
export function anObservedWorkspace(spec: ObservedWorkspaceSpec = {}): ObservedWorkspace {
  const name = spec.name ?? 'ws-1';
  const rg = spec.resourceGroup ?? RG;
  const storage = spec.storage ?? `st${name.replace(/[^a-z0-9]/g, '')}`;
  const id = workspaceId(SUB, rg, name);
  const properties: Record<string, unknown> = {
    friendlyName: name,
    storageAccount: storageId(storage, SUB, rg),
    keyVault: vaultId(`kv-${name}`, SUB, rg),
    applicationInsights: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Insights/components/ai-${name}`,
    containerRegistry: registryId(`cr${name.replace(/[^a-z0-9]/g, '')}`),
    hbiWorkspace: false,
    publicNetworkAccess: 'Disabled',
    managedNetwork: { isolationMode: 'AllowInternetOutbound', status: { status: 'Active', sparkReady: false } },
    provisioningState: 'Succeeded',
    // Users reach it through a private endpoint (issue 10), like a workspace already behind private link.
    privateEndpointConnections: [approvedConnection(id, peId(name))],
    ...spec.properties,
  };
  for (const key of Object.keys(properties)) if (properties[key] === undefined) delete properties[key];
  const workspace: Workspace = {
    id, name, type: 'Microsoft.MachineLearningServices/workspaces', location: 'westeurope',
    identity: { type: 'SystemAssigned', principalId: '00000000-0000-0000-0000-0000000000aa', tenantId: '00000000-0000-0000-0000-0000000000bb' },
    properties: properties as WorkspaceProperties,
  };
  if (spec.tags) workspace.tags = spec.tags;
  const mode = (properties.managedNetwork as { isolationMode?: string } | undefined)?.isolationMode;
  const managed = mode === 'AllowInternetOutbound' || mode === 'AllowOnlyApprovedOutbound';
  const observed: ObservedWorkspace = {
    workspace,
    outboundRules: spec.outboundRules ?? (managed ? requiredStorageRules(storage) : {}),
    computes: spec.computes ?? [],
    onlineEndpoints: spec.onlineEndpoints ?? [],
    datastores: spec.datastores ?? [
      { id: `${id}/datastores/workspaceblobstore`, name: 'workspaceblobstore', datastoreType: 'AzureBlob', isDefault: true },
    ],
    diagnosticSettings: spec.diagnosticSettings ?? [],
    fingerprints: { [id.toLowerCase()]: { id, kind: 'etag', value: `"etag-${name}"` } },
  };
  for (const k of ['models', 'environments', 'dataAssets'] as const) {
    const v = k in spec ? spec[k] : [];
    if (v !== undefined) observed[k] = v;
  }
  return observed;
}

export function aCompute(ws: string, name: string, computeType = 'ComputeInstance') {
  return { id: `${workspaceId(SUB, RG, ws)}/computes/${name}`, name, computeType, state: 'Running' };
}

export function anOnlineEndpoint(ws: string, name: string) {
  return { id: `${workspaceId(SUB, RG, ws)}/onlineEndpoints/${name}`, name };
}

/** A key vault that meets every CMK prerequisite (access-policy model, Cosmos DB granted) unless overridden. */
export function anObservedVault(overrides: Partial<ObservedVault> & { name?: string } = {}): ObservedVault {
  const name = overrides.name ?? 'kv-cmk';
  return {
    id: vaultId(name), name, type: 'Microsoft.KeyVault/vaults', location: 'westeurope', subscriptionId: SUB,
    enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: false,
    accessPolicies: [{ objectId: COSMOS, keyPermissions: ['get', 'wrapkey', 'unwrapkey'] }],
    ...overrides,
  };
}

export function anObservedKey(overrides: Partial<ObservedKey> & { vault?: string } = {}): ObservedKey {
  const vault = overrides.vault ?? 'kv-cmk';
  const name = overrides.name ?? 'cmk';
  const { vault: _v, ...rest } = overrides;
  return {
    id: `${vaultId(vault)}/keys/${name}`, name, vaultId: vaultId(vault), keyUri: `https://${vault}.vault.azure.net/keys/${name}`,
    keyUriWithVersion: `https://${vault}.vault.azure.net/keys/${name}/0123456789abcdef0123456789abcdef`, kty: 'RSA', keySize: 3072, enabled: true,
    ...rest,
  };
}

/** The network of the builders: a vnet in westeurope with subnet snet-pe, and both zones linked to it. */
export const NET_RG = 'rg-net';
export const VNET_ID = `/subscriptions/${SUB}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-we`;
export const SUBNET_ID = `${VNET_ID}/subnets/snet-pe`;
export const ZONE_IDS = ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'].map((z) => `/subscriptions/${SUB}/resourceGroups/${NET_RG}/providers/Microsoft.Network/privateDnsZones/${z}`);
export const peId = (wsName: string) => `/subscriptions/${SUB}/resourceGroups/${NET_RG}/providers/Microsoft.Network/privateEndpoints/pe-${wsName}`;
export function approvedConnection(wsId: string, pe: string, status = 'Approved') {
  return { id: `${wsId}/privateEndpointConnections/${pe.split('/').pop()}.1`, name: `${pe.split('/').pop()}.1`, properties: { privateEndpoint: { id: pe, subnetArmId: SUBNET_ID }, privateLinkServiceConnectionState: { status } } };
}

/** Inbound context: each workspace's connections read as endpoints in SUBNET_ID with ZONE_IDS; the subnet and zones exist. */
export function anInboundContext(workspaces: ObservedWorkspace[], overrides: Partial<ObservedInbound> = {}): ObservedInbound {
  const endpoints: ObservedInbound['endpoints'] = {};
  for (const ws of workspaces) {
    const conns = (ws.workspace.properties.privateEndpointConnections ?? []) as ReturnType<typeof approvedConnection>[];
    endpoints[ws.workspace.id.toLowerCase()] = conns.map((c) => ({ id: c.properties.privateEndpoint.id, location: ws.workspace.location, subnetId: SUBNET_ID, zoneIds: [...ZONE_IDS], fqdns: [] }));
  }
  return {
    zoneNames: { api: 'privatelink.api.azureml.ms', notebooks: 'privatelink.notebooks.azure.net', verified: true },
    endpoints,
    subnets: { [SUBNET_ID.toLowerCase()]: { id: SUBNET_ID, vnetId: VNET_ID, location: 'westeurope', delegations: [] } },
    zones: Object.fromEntries(ZONE_IDS.map((z) => [z.toLowerCase(), { id: z, name: z.split('/').pop()!, linkedVnetIds: [VNET_ID] }])),
    storageEndpointSubnets: {},
    ...overrides,
  };
}

export interface ContextSpec {
  inbound?: ObservedInbound;
  workspaces: ObservedWorkspace[];
  vaults?: (ObservedVault | { id: string; missing: true })[];
  keys?: (ObservedKey | { id: string; missing: true })[];
  peTargets?: { id: string; missing?: boolean }[];
  names?: Record<string, NameState>;
  cosmosDbPrincipalId?: string | undefined;
}

export function aContext(spec: ContextSpec): ObservedContext {
  const byId = <T extends { id: string }>(items: (T | { id: string; missing: true })[] = []) =>
    Object.fromEntries(items.map((v) => [v.id.toLowerCase(), 'missing' in v ? ('not-found' as const) : (v as T)]));
  return {
    workspaces: spec.workspaces,
    vaults: byId(spec.vaults),
    keys: byId(spec.keys),
    peTargets: Object.fromEntries((spec.peTargets ?? []).map((t) => [t.id.toLowerCase(), t.missing ? 'not-found' as const : { id: t.id, name: t.id.split('/').pop()!, type: 'x' }])),
    names: Object.fromEntries(Object.entries(spec.names ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    cosmosDbPrincipalId: 'cosmosDbPrincipalId' in spec ? spec.cosmosDbPrincipalId : COSMOS,
    inbound: spec.inbound ?? anInboundContext(spec.workspaces),
  };
}

/** A resolved policy from partial input (defaults applied, validated). */
export function aPolicy(input: PolicyInput = {}): Policy {
  return normalisePolicy(policyInputSchema.parse(input));
}

export const cmkPolicy = (extra: PolicyInput = {}): Policy =>
  aPolicy({ customerManagedKey: { required: true, keyVaultId: vaultId('kv-cmk'), keyName: 'cmk' }, ...extra });

export const FIXED = { now: new Date('2026-03-04T05:06:07.000Z'), toolVersion: '9.9.9-test' };
export function fixedIds(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}
