import nock from 'nock';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { FakeCredential, recordedRetry } from '../azure/helpers.js';

export const ARM = 'https://management.azure.com';
export const SUB = '00000000-1111-2222-3333-444444444444';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
export const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
export const ST = `${RG}/providers/Microsoft.Storage/storageAccounts/stml`;
export const KV = `${RG}/providers/Microsoft.KeyVault/vaults/kvml`;
export const CR = `${RG}/providers/Microsoft.ContainerRegistry/registries/crml`;
export const AI = `${RG}/providers/Microsoft.Insights/components/appiml`;

/** Values that must never appear in anything observed. */
export const SECRETS = ['SUPER-SECRET-ACCOUNT-KEY', 'sv=2024&sig=SECRETSAS', 'InstrumentationKey=SECRET-IKEY;IngestionEndpoint=x', 'SECRET-IKEY', 'sp-client-secret-value'];

export function clients(): AzureClients {
  return createAzureClients({ credential: new FakeCredential(), armEndpoint: ARM, retry: recordedRetry({ maxRetries: 0 }) });
}

export const v = (apiVersion: string) => ({ 'api-version': apiVersion });

export function workspace(overrides: { isolationMode?: string; publicNetworkAccess?: string; linked?: boolean } = {}): Record<string, unknown> {
  const isolationMode = overrides.isolationMode ?? 'AllowInternetOutbound';
  return {
    id: WS,
    name: 'ws1',
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: 'westeurope',
    identity: { type: 'SystemAssigned', principalId: 'p-1', tenantId: 't-1' },
    properties: {
      ...(overrides.linked === false ? {} : { storageAccount: ST, keyVault: KV, containerRegistry: CR, applicationInsights: AI }),
      publicNetworkAccess: overrides.publicNetworkAccess ?? 'Disabled',
      hbiWorkspace: false,
      provisioningState: 'Succeeded',
      managedNetwork: {
        isolationMode,
        ...(isolationMode === 'Disabled' ? {} : { outboundRules: { __SYS_PE_stml_blob: requiredRule() }, status: { status: 'Active', sparkReady: false } }),
      },
    },
    systemData: { createdAt: '2026-01-01T00:00:00Z', lastModifiedAt: '2026-01-02T00:00:00Z' },
  };
}

export function requiredRule() {
  return { type: 'PrivateEndpoint', category: 'Required', status: 'Active', destination: { serviceResourceId: ST, subresourceTarget: 'blob', sparkEnabled: false, sparkStatus: 'Inactive' } };
}

export const storageJson = (publicNetworkAccess = 'Disabled') => ({
  id: ST, name: 'stml', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_LRS', tier: 'Standard' },
  properties: { publicNetworkAccess, provisioningState: 'Succeeded', keyCreationTime: { key1: '2026-01-01T00:00:00Z' }, primaryEndpoints: { blob: 'https://stml.blob.core.windows.net/' } },
});

export const vaultJson = () => ({
  id: KV, name: 'kvml', type: 'Microsoft.KeyVault/vaults', location: 'westeurope',
  properties: {
    tenantId: 't-1', sku: { family: 'A', name: 'standard' }, vaultUri: 'https://kvml.vault.azure.net/',
    enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: false, publicNetworkAccess: 'Enabled',
    accessPolicies: [{ tenantId: 't-1', objectId: 'obj-1', permissions: { keys: ['Get', 'WrapKey', 'UnwrapKey'], secrets: ['Get'] } }],
  },
});

export const registryJson = () => ({ id: CR, name: 'crml', type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope', sku: { name: 'Premium' }, properties: { publicNetworkAccess: 'Disabled', adminUserEnabled: false } });

export const insightsJson = () => ({
  id: AI, name: 'appiml', type: 'Microsoft.Insights/components', location: 'westeurope', kind: 'web',
  properties: { Application_Type: 'web', InstrumentationKey: 'SECRET-IKEY', ConnectionString: 'InstrumentationKey=SECRET-IKEY;IngestionEndpoint=x', publicNetworkAccessForIngestion: 'Enabled' },
});

export const datastoresJson = () => ({
  value: [
    {
      id: `${WS}/datastores/workspaceblobstore`, name: 'workspaceblobstore', type: 'Microsoft.MachineLearningServices/workspaces/datastores',
      properties: { datastoreType: 'AzureBlob', isDefault: true, accountName: 'stml', containerName: 'c', credentials: { credentialsType: 'AccountKey', secrets: { secretsType: 'AccountKey', key: 'SUPER-SECRET-ACCOUNT-KEY' } } },
    },
    {
      id: `${WS}/datastores/sasstore`, name: 'sasstore', type: 'Microsoft.MachineLearningServices/workspaces/datastores',
      properties: { datastoreType: 'AzureFile', accountName: 'stml', fileShareName: 's', credentials: { credentialsType: 'Sas', secrets: { secretsType: 'Sas', sasToken: 'sv=2024&sig=SECRETSAS' } } },
    },
    {
      id: `${WS}/datastores/adls`, name: 'adls', type: 'Microsoft.MachineLearningServices/workspaces/datastores',
      properties: { datastoreType: 'AzureDataLakeGen2', accountName: 'stdl', filesystem: 'fs', clientSecret: 'sp-client-secret-value', isDefault: false },
    },
  ],
});

/** Everything a fully linked managed workspace reads, except what `omit` names (mocked separately by the test). */
export function mockAll(omit: string[] = []): nock.Scope {
  const ml = v('2025-06-01');
  const scope = nock(ARM);
  const on = (what: string, f: () => void) => (omit.includes(what) ? undefined : f());
  on('workspace', () => scope.get(WS).query(ml).reply(200, workspace(), { ETag: '"ws-etag-1"' }));
  on('rules', () =>
    scope
      .get(`${WS}/outboundRules`).query(ml)
      .reply(200, { value: [{ id: `${WS}/outboundRules/__SYS_PE_stml_blob`, name: '__SYS_PE_stml_blob', properties: requiredRule() }], nextLink: `${ARM}${WS}/outboundRules?api-version=2025-06-01&$skipToken=2` })
      .get(`${WS}/outboundRules`).query({ ...ml, $skipToken: '2' })
      .reply(200, { value: [{ id: `${WS}/outboundRules/pe-data`, name: 'pe-data', properties: { type: 'PrivateEndpoint', category: 'UserDefined', status: 'Active', destination: { serviceResourceId: `${RG}/providers/Microsoft.Storage/storageAccounts/stdata`, subresourceTarget: 'dfs', sparkEnabled: true } } }] }),
  );
  on('storage', () => scope.get(ST).query(true).reply(200, storageJson()));
  on('vault', () => scope.get(KV).query(true).reply(200, vaultJson()));
  on('registry', () => scope.get(CR).query(v('2023-07-01')).reply(200, registryJson()));
  on('insights', () => scope.get(AI).query(v('2020-02-02')).reply(200, insightsJson()));
  on('computes', () =>
    scope.get(`${WS}/computes`).query(ml).reply(200, {
      value: [
        { id: `${WS}/computes/ci-alice`, name: 'ci-alice', properties: { computeType: 'ComputeInstance', properties: { state: 'Running', connectivityEndpoints: { publicIpAddress: '1.2.3.4' } } } },
        { id: `${WS}/computes/cpu-cluster`, name: 'cpu-cluster', properties: { computeType: 'AmlCompute', properties: { allocationState: 'Steady', currentNodeCount: 0 } } },
      ],
    }),
  );
  on('endpoints', () => scope.get(`${WS}/onlineEndpoints`).query(ml).reply(200, { value: [{ id: `${WS}/onlineEndpoints/ep1`, name: 'ep1', properties: { authMode: 'Key' } }] }));
  on('datastores', () => scope.get(`${WS}/datastores`).query(ml).reply(200, datastoresJson()));
  on('models', () => scope.get(`${WS}/models`).query(ml).reply(200, { value: [{ id: `${WS}/models/m1`, name: 'm1', properties: { latestVersion: '3' } }] }));
  on('environments', () => scope.get(`${WS}/environments`).query(ml).reply(200, { value: [{ id: `${WS}/environments/env1`, name: 'env1', properties: {} }] }));
  on('data', () => scope.get(`${WS}/data`).query(ml).reply(200, { value: [] }));
  on('diagnostics', () =>
    scope.get(`${WS}/providers/Microsoft.Insights/diagnosticSettings`).query(v('2021-05-01-preview')).reply(200, {
      value: [{ id: `${WS}/providers/microsoft.insights/diagnosticSettings/to-law`, name: 'to-law', properties: { workspaceId: '/law', logs: [{ categoryGroup: 'allLogs', enabled: true }] } }],
    }),
  );
  return scope;
}
