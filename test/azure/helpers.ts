import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { RetryOptions } from '../../src/azure/retry-policy.js';

/** A TokenCredential that records the scopes it is asked for; never touches the network. */
export class FakeCredential implements TokenCredential {
  readonly scopes: string[][] = [];
  constructor(private readonly failWith?: Error) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(Array.isArray(scopes) ? [...scopes] : [scopes]);
    if (this.failWith) throw this.failWith;
    return { token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** Retry options whose sleeps are recorded and instant. */
export function recordedRetry(overrides: RetryOptions = {}): RetryOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    maxRetries: 3,
    retryDelayInMs: 10,
    maxRetryDelayInMs: 40,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
}

export const SUB = '00000000-1111-2222-3333-444444444444';
export const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws1`;

/** A 2025-06-01 workspace with everything a round trip must keep, including fields no model names. */
export function workspaceJson(): Record<string, unknown> {
  return {
    id: WS_ID,
    name: 'ws1',
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: 'westeurope',
    kind: 'Default',
    tags: { owner: 'data-team' },
    sku: { name: 'Basic', tier: 'Basic' },
    identity: {
      type: 'SystemAssigned,UserAssigned',
      principalId: 'p-1',
      tenantId: 't-1',
      userAssignedIdentities: { [`/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`]: { principalId: 'p-2', clientId: 'c-2' } },
    },
    properties: {
      friendlyName: 'WS One',
      storageAccount: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stml`,
      keyVault: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kvml`,
      hbiWorkspace: true,
      publicNetworkAccess: 'Disabled',
      encryption: {
        status: 'Enabled',
        identity: { userAssignedIdentity: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai` },
        keyVaultProperties: {
          keyVaultArmId: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kvcmk`,
          keyIdentifier: 'https://kvcmk.vault.azure.net/keys/cmk/aabbccddee112233445566778899aabb',
          identityClientId: '',
        },
      },
      managedNetwork: {
        isolationMode: 'AllowInternetOutbound',
        networkId: 'net-1',
        firewallSku: 'Standard',
        outboundRules: {
          __SYS_PE_stml_blob: {
            type: 'PrivateEndpoint',
            category: 'Required',
            status: 'Active',
            destination: { serviceResourceId: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stml`, subresourceTarget: 'blob', sparkEnabled: false, sparkStatus: 'Inactive' },
          },
          'spark-storage': {
            type: 'PrivateEndpoint',
            category: 'UserDefined',
            status: 'Active',
            destination: { serviceResourceId: `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdata`, subresourceTarget: 'dfs', sparkEnabled: true, sparkStatus: 'Active' },
          },
          'pypi': { type: 'FQDN', category: 'UserDefined', status: 'Inactive', destination: 'pypi.org' },
          'aad': { type: 'ServiceTag', category: 'UserDefined', status: 'Inactive', destination: { serviceTag: 'AzureActiveDirectory', protocol: 'TCP', portRanges: '80, 443', action: 'Allow', addressPrefixes: [] } },
        },
        status: { status: 'Active', sparkReady: true },
        someFutureManagedNetworkField: { nested: [1, 2, { deep: true }] },
      },
      privateEndpointConnections: [{ id: 'pec-1', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }],
      serviceProvisionedResourceGroup: 'ws1_0000',
      provisioningState: 'Succeeded',
      aNewTopLevelProperty: 'kept',
    },
    systemData: { createdBy: 'someone', createdAt: '2026-01-01T00:00:00Z' },
    unknownRootField: { anything: null },
  };
}
