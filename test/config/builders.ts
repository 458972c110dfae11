import type { TargetPrivateEndpointRule, TargetWorkspaceSpec } from '../../src/plan/target-spec.js';

export const SUB = '11111111-1111-1111-1111-111111111111';
export const RG = 'rg-ml';

export function armId(provider: string, type: string, name: string, resourceGroup = RG): string {
  return `/subscriptions/${SUB}/resourceGroups/${resourceGroup}/providers/${provider}/${type}/${name}`;
}

export function aPeRule(serviceResourceId: string, subresourceTarget: string, sparkEnabled = false): TargetPrivateEndpointRule {
  return { type: 'PrivateEndpoint', destination: { serviceResourceId, subresourceTarget, sparkEnabled } };
}

/** A target as the planner computes it for an in-place fix: no CMK, not HBI, no extra rules. */
export function aTargetSpec(overrides: Partial<TargetWorkspaceSpec> = {}): TargetWorkspaceSpec {
  return {
    subscriptionId: SUB,
    resourceGroup: RG,
    name: 'mlw-inplace',
    location: 'westeurope',
    tags: { owner: 'data-team', env: 'prod' },
    hbiWorkspace: false,
    storageAccount: armId('Microsoft.Storage', 'storageAccounts', 'stmlinplace'),
    keyVault: armId('Microsoft.KeyVault', 'vaults', 'kv-ml-inplace'),
    applicationInsights: armId('Microsoft.Insights', 'components', 'appi-ml-inplace'),
    identity: { type: 'SystemAssigned' },
    publicNetworkAccess: 'Disabled',
    managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: {} },
    provision: { includeSpark: false },
    ...overrides,
  };
}

/** A target for a recreate: CMK, HBI, Spark, and user-defined PE rules to a key vault and a registry. */
export function aRecreateSpec(): TargetWorkspaceSpec {
  const kv = armId('Microsoft.KeyVault', 'vaults', 'kv-cmk');
  return aTargetSpec({
    name: 'mlw-recreate',
    location: 'eastus2',
    displayName: 'Fraud models: isolated',
    description: 'Recreated by aml-isolate.\nCMK and HBI are create-only.',
    // Values YAML 1.1 (PyYAML, which az ml uses) would read as a boolean and a date unless quoted.
    tags: { 'cost-center': '4711', approved: 'yes', since: '2024-01-01', env: 'prod' },
    hbiWorkspace: true,
    containerRegistry: armId('Microsoft.ContainerRegistry', 'registries', 'crmlrecreate'),
    encryption: { keyVaultArmId: kv, keyIdentifier: 'https://kv-cmk.vault.azure.net/keys/ws-cmk/0123456789abcdef0123456789abcdef' },
    managedNetwork: {
      isolationMode: 'AllowInternetOutbound',
      outboundRules: {
        'pe-registry': aPeRule(armId('Microsoft.ContainerRegistry', 'registries', 'crshared', 'rg-shared'), 'registry', false),
        'pe-keyvault': aPeRule(armId('Microsoft.KeyVault', 'vaults', 'kv-shared', 'rg-shared'), 'vault', true),
      },
    },
    provision: { includeSpark: true },
  });
}
