import type { IsolationMode } from '../model/workspace.js';
import { systemRules } from './rules/system-rules.js';
import type { ArmObject } from './state.js';

/**
 * Builders for seed fleets (demo, synthetic, tests). They produce objects exactly as the emulator itself stores and
 * returns them, so a seeded workspace is indistinguishable from one created through PUT.
 */
export const ML = 'Microsoft.MachineLearningServices/workspaces';
const FIXED_TIME = '2026-01-15T09:00:00.000Z';
const SYSTEM_DATA = { createdAt: FIXED_TIME, createdBy: 'fleet@contoso.example', createdByType: 'User', lastModifiedAt: FIXED_TIME, lastModifiedBy: 'fleet@contoso.example', lastModifiedByType: 'User' };

/** Deterministic GUIDs: `guid(7, 42)` → 00000007-0000-4000-8000-00000000002a. */
export function guid(group: number, n: number): string {
  return `${hex(group, 8)}-0000-4000-8000-${hex(n, 12)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

export function subscription(subscriptionId: string, displayName: string, tenantId: string): ArmObject {
  return { id: `/subscriptions/${subscriptionId}`, subscriptionId, displayName, state: 'Enabled', tenantId, authorizationSource: 'RoleBased', subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' } };
}

export function resourceGroup(sub: string, name: string, location: string): ArmObject {
  return { id: `/subscriptions/${sub}/resourceGroups/${name}`, name, type: 'Microsoft.Resources/resourceGroups', location, properties: { provisioningState: 'Succeeded' } };
}

export function rgId(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

export function storageAccount(sub: string, rg: string, name: string, location: string, publicNetworkAccess: 'Enabled' | 'Disabled'): ArmObject {
  return {
    id: `${rgId(sub, rg)}/providers/Microsoft.Storage/storageAccounts/${name}`,
    name,
    type: 'Microsoft.Storage/storageAccounts',
    location,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    properties: { provisioningState: 'Succeeded', publicNetworkAccess, isHnsEnabled: false, primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, file: `https://${name}.file.core.windows.net/` } },
  };
}

export function keyVault(sub: string, rg: string, name: string, location: string, tenantId: string, opts: { purgeProtection: boolean; publicNetworkAccess?: 'Enabled' | 'Disabled' }): ArmObject {
  return {
    id: `${rgId(sub, rg)}/providers/Microsoft.KeyVault/vaults/${name}`,
    name,
    type: 'Microsoft.KeyVault/vaults',
    location,
    properties: {
      tenantId,
      sku: { family: 'A', name: 'standard' },
      accessPolicies: [],
      vaultUri: `https://${name.toLowerCase()}.vault.azure.net/`,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      ...(opts.purgeProtection ? { enablePurgeProtection: true } : {}),
      enableRbacAuthorization: true,
      publicNetworkAccess: opts.publicNetworkAccess ?? 'Enabled',
      provisioningState: 'Succeeded',
    },
  };
}

export function vaultKey(vault: ArmObject, name: string, kty: 'RSA' | 'EC', keySize: number, version: string): ArmObject {
  const keyUri = `${String((vault.properties as { vaultUri: string }).vaultUri)}keys/${name}`;
  return {
    id: `${vault.id}/keys/${name}`,
    name,
    type: 'Microsoft.KeyVault/vaults/keys',
    location: vault.location,
    properties: { kty, ...(kty === 'RSA' ? { keySize } : { curveName: 'P-256' }), keyOps: ['wrapKey', 'unwrapKey'], attributes: { enabled: true, created: 1768467600, updated: 1768467600, recoveryLevel: 'Recoverable' }, keyUri, keyUriWithVersion: `${keyUri}/${version}` },
  };
}

export function containerRegistry(sub: string, rg: string, name: string, location: string, publicNetworkAccess: 'Enabled' | 'Disabled'): ArmObject {
  return { id: `${rgId(sub, rg)}/providers/Microsoft.ContainerRegistry/registries/${name}`, name, type: 'Microsoft.ContainerRegistry/registries', location, sku: { name: 'Premium', tier: 'Premium' }, properties: { provisioningState: 'Succeeded', loginServer: `${name}.azurecr.io`, publicNetworkAccess, adminUserEnabled: false } };
}

export function appInsights(sub: string, rg: string, name: string, location: string, instrumentationKey: string): ArmObject {
  return { id: `${rgId(sub, rg)}/providers/Microsoft.Insights/components/${name}`, name, type: 'Microsoft.Insights/components', location, kind: 'web', properties: { Application_Type: 'web', ApplicationId: name, InstrumentationKey: instrumentationKey, provisioningState: 'Succeeded' } };
}

export interface WorkspaceSpec {
  sub: string;
  rg: string;
  name: string;
  location: string;
  tenantId: string;
  workspaceId: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  /** undefined = no managedNetwork property at all (counts as Disabled). */
  isolationMode?: IsolationMode;
  provisioned?: boolean;
  sparkReady?: boolean;
  hbi?: boolean;
  /** principalId of a system-assigned identity; undefined = identity None. */
  principalId?: string;
  storageAccount?: string;
  keyVault?: string;
  applicationInsights?: string;
  containerRegistry?: string;
  cmk?: { keyVaultArmId: string; keyIdentifier: string };
  userRules?: Record<string, Record<string, unknown>>;
  networkId?: string;
  tags?: Record<string, string>;
  /** Default 'Default'. A Project needs hubResourceId; a Hub lists its projects in associatedWorkspaces. */
  kind?: 'Default' | 'Hub' | 'Project' | 'FeatureStore';
  hubResourceId?: string;
  associatedWorkspaces?: string[];
}

/** A workspace as GET returns it; Required rules are derived from linked resources found by `lookup`. */
export function workspace(s: WorkspaceSpec, lookup: (id: string) => ArmObject | undefined = () => undefined): ArmObject {
  const props: Record<string, unknown> = {
    friendlyName: s.name,
    ...(s.storageAccount ? { storageAccount: s.storageAccount } : {}),
    ...(s.keyVault ? { keyVault: s.keyVault } : {}),
    ...(s.applicationInsights ? { applicationInsights: s.applicationInsights } : {}),
    ...(s.containerRegistry ? { containerRegistry: s.containerRegistry } : {}),
    hbiWorkspace: s.hbi ?? false,
    publicNetworkAccess: s.publicNetworkAccess,
    v1LegacyMode: false,
    provisioningState: 'Succeeded',
    workspaceId: s.workspaceId,
    tenantId: s.tenantId,
    discoveryUrl: `https://${s.location}.api.azureml.ms/discovery`,
    ...(s.cmk ? { encryption: { status: 'Enabled', keyVaultProperties: s.cmk } } : {}),
    ...(s.hubResourceId ? { hubResourceId: s.hubResourceId } : {}),
    ...(s.kind === 'Hub' ? { associatedWorkspaces: s.associatedWorkspaces ?? [] } : {}),
  };
  if (s.isolationMode) {
    const status = s.provisioned ? 'Active' : 'Inactive';
    const user = Object.fromEntries(Object.entries(s.userRules ?? {}).map(([n, r]) => [n, { ...r, category: 'UserDefined', status }]));
    const sys = Object.fromEntries(Object.entries(systemRules(s.isolationMode, props, lookup)).map(([n, r]) => [n, { ...r, status: 'Active' }]));
    props.managedNetwork = {
      isolationMode: s.isolationMode,
      outboundRules: { ...sys, ...user },
      status: { status, sparkReady: s.sparkReady ?? false },
      ...(s.isolationMode !== 'Disabled' ? { networkId: s.networkId ?? s.workspaceId } : {}),
    };
  }
  const id = `${rgId(s.sub, s.rg)}/providers/${ML}/${s.name}`;
  return {
    id,
    name: s.name,
    type: ML,
    location: s.location,
    ...(s.tags ? { tags: s.tags } : {}),
    sku: { name: 'Basic', tier: 'Basic' },
    kind: s.kind ?? 'Default',
    identity: s.principalId ? { type: 'SystemAssigned', principalId: s.principalId, tenantId: s.tenantId } : { type: 'None' },
    systemData: SYSTEM_DATA,
    properties: props,
  };
}

export function workspaceChild(ws: ArmObject, segment: string, name: string, body: Record<string, unknown>): ArmObject {
  // `segment` may name a parent child ("models/m1/versions"): the type keeps only the collection names.
  const type = segment.split('/').filter((_, i) => i % 2 === 0).join('/');
  return { ...body, id: `${ws.id}/${segment}/${name}`, name, type: `${ML}/${type}`, systemData: SYSTEM_DATA };
}

/** A model, environment or data asset container (mfe.json) whose versions run 1..latestVersion. */
export function assetContainer(ws: ArmObject, segment: 'models' | 'environments' | 'data', name: string, latestVersion: number, extra: Record<string, unknown> = {}): ArmObject {
  const state = segment === 'data' ? {} : { provisioningState: 'Succeeded' }; // DataContainer has none
  const properties = { isArchived: false, ...extra, latestVersion: String(latestVersion), nextVersion: String(latestVersion + 1), ...state };
  return workspaceChild(ws, segment, name, { properties });
}

/** A role assignment at `scopeId` (authorization 2022-04-01), as GET returns it. */
export function roleAssignment(scopeId: string, name: string, roleDefinitionId: string, principalId: string, principalType: 'User' | 'Group' | 'ServicePrincipal'): ArmObject {
  return {
    id: `${scopeId}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { roleDefinitionId, principalId, principalType, scope: scopeId, createdOn: FIXED_TIME, updatedOn: FIXED_TIME },
  };
}

export function diagnosticSetting(resourceId: string, name: string, logAnalyticsId: string): ArmObject {
  return {
    id: `${resourceId}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
    name,
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: { workspaceId: logAnalyticsId, logs: [{ categoryGroup: 'allLogs', enabled: true }], metrics: [{ category: 'AllMetrics', enabled: true }] },
  };
}
