import type { EmulatorState } from './contract.js';
import { addDemoContents } from './demo-contents.js';
import * as b from './fleet-builders.js';
import { grantApproverRoles } from './approver-grants.js';
import * as nb from './network-builders.js';
import { sinkFor } from './fleet-contents.js';
import { emptyStoredState, type ArmObject, type StoredState } from './state.js';

export { syntheticFleetState } from './synthetic-fleet.js';
export { DEMO_CONTENTS } from './demo-contents.js';

/** Fixed identities of the demo fleet, exported so tests and docs can name them. */
export const DEMO = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  prod: { subscriptionId: '1d6c3f8a-2b4e-4c1a-9d0e-5f7a8b9c0d11', displayName: 'Contoso ML Production', rg: 'rg-ml-prod', sharedRg: 'rg-ml-shared', location: 'eastus' },
  research: { subscriptionId: '2e7d4a9b-3c5f-4d2b-8e1f-6a8b9c0d1e22', displayName: 'Contoso ML Research', rg: 'rg-research', location: 'westeurope' },
  workspaces: {
    compliant: 'ws-compliant',
    publicOpen: 'ws-public-open',
    isolationDisabled: 'ws-private-no-isolation',
    approvedOnly: 'ws-approved-only',
    publicInternetOutbound: 'ws-public-internet-outbound',
    cmkNotIsolated: 'ws-cmk-not-isolated',
    withComputes: 'ws-with-computes',
    softDeleted: 'ws-retired',
  },
  vaults: { cmkReady: 'kv-cmk-ready', noPurgeProtection: 'kv-no-purge' },
  cmkKey: 'cmk-rsa-3072',
  /** FACTS (CMK prerequisites): the Azure Cosmos DB first-party principal and the role it needs on an RBAC vault. */
  cosmosDbPrincipalId: 'a232010e-820c-4083-83bb-3ace5fc29d0b',
  cryptoServiceEncryptionUserRoleId: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  /** The name (a GUID) of kv-cmk-ready's role assignment for the Cosmos DB principal. */
  cosmosRoleAssignment: '00000004-0000-4000-8000-000000000001',
  /**
   * Inbound access: a vnet with a private-endpoint subnet per demo region, in rg-network of each subscription; only
   * ws-compliant has a private endpoint (Approved) with both private DNS zones linked and a zone group.
   */
  network: {
    rg: 'rg-network',
    subnet: 'snet-pe',
    vnets: { eastus: { name: 'vnet-eastus', prefix: '10.10.0.0/16', subnetPrefix: '10.10.1.0/24' }, westeurope: { name: 'vnet-westeurope', prefix: '10.20.0.0/16', subnetPrefix: '10.20.1.0/24' } },
    compliantEndpoint: 'pe-ws-compliant',
    compliantIps: ['10.10.1.4', '10.10.1.5'],
    zones: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
    zoneGroup: 'default',
  },
  /** Asset containers registered in ws-with-computes and ws-public-open. */
  assets: {
    withComputes: { models: ['credit-risk-model', 'churn-classifier'], environments: ['sklearn-env'], data: ['transactions-2025'] },
    publicOpen: { models: ['baseline-model'] },
  },
} as const;

/**
 * The demo fleet: two subscriptions covering every audit and remediation case. Everything is fixed except the
 * soft-deleted workspace's deletedAt, which is "now" so its 14-day retention has not run out.
 */
export function demoFleetState(): EmulatorState {
  const s = emptyStoredState(DEMO.tenantId);
  const add = (o: ArmObject) => (s.resources[o.id.toLowerCase()] = o);
  const lookup = (id: string) => s.resources[id.toLowerCase()];
  const { prod, research, tenantId } = DEMO;
  const P = prod.subscriptionId;
  const R = research.subscriptionId;
  add(b.subscription(P, prod.displayName, tenantId));
  add(b.subscription(R, research.displayName, tenantId));
  add(b.resourceGroup(P, prod.rg, prod.location));
  add(b.resourceGroup(P, prod.sharedRg, prod.location));
  add(b.resourceGroup(R, research.rg, research.location));

  const cmkVault = add(b.keyVault(P, prod.sharedRg, DEMO.vaults.cmkReady, prod.location, tenantId, { purgeProtection: true, publicNetworkAccess: 'Disabled' }));
  const cmkKey = add(b.vaultKey(cmkVault, DEMO.cmkKey, 'RSA', 3072, '0f1e2d3c4b5a69788796a5b4c3d2e1f0'));
  const weakVault = add(b.keyVault(P, prod.sharedRg, DEMO.vaults.noPurgeProtection, prod.location, tenantId, { purgeProtection: false }));
  add(b.vaultKey(weakVault, 'rsa-key', 'RSA', 2048, '1a2b3c4d5e6f708192a3b4c5d6e7f809'));
  // Both vaults use RBAC; only the CMK-ready one grants the Cosmos DB principal "Key Vault Crypto Service Encryption User".
  const cryptoUser = `/subscriptions/${P}/providers/Microsoft.Authorization/roleDefinitions/${DEMO.cryptoServiceEncryptionUserRoleId}`;
  add(b.roleAssignment(cmkVault.id, DEMO.cosmosRoleAssignment, cryptoUser, DEMO.cosmosDbPrincipalId, 'ServicePrincipal'));
  const acr = add(b.containerRegistry(P, prod.sharedRg, 'crmlprod', prod.location, 'Disabled'));
  const cmk = { keyVaultArmId: cmkVault.id, keyIdentifier: String((cmkKey.properties as { keyUriWithVersion: string }).keyUriWithVersion) };
  const logAnalytics = `/subscriptions/${P}/resourceGroups/${prod.sharedRg}/providers/Microsoft.OperationalInsights/workspaces/log-ml-prod`;

  let n = 0;
  const addWorkspace = (sub: string, rg: string, location: string, name: string, storagePublic: 'Enabled' | 'Disabled', spec: Partial<b.WorkspaceSpec>) => {
    n += 1;
    const short = name.replace(/^ws-/, '').replace(/-/g, '').slice(0, 14);
    const st = add(b.storageAccount(sub, rg, `st${short}`, location, storagePublic));
    const kv = add(b.keyVault(sub, rg, `kv-${short}`, location, tenantId, { purgeProtection: false, publicNetworkAccess: storagePublic }));
    const appi = add(b.appInsights(sub, rg, `appi-${short}`, location, b.guid(3, n)));
    return add(
      b.workspace(
        { sub, rg, name, location, tenantId, workspaceId: b.guid(1, n), principalId: b.guid(2, n), publicNetworkAccess: 'Enabled', storageAccount: st.id, keyVault: kv.id, applicationInsights: appi.id, ...spec },
        lookup,
      ),
    );
  };

  const W = DEMO.workspaces;
  const compliant = addWorkspace(P, prod.rg, prod.location, W.compliant, 'Disabled', {
    publicNetworkAccess: 'Disabled',
    isolationMode: 'AllowInternetOutbound',
    provisioned: true,
    hbi: true,
    cmk,
    containerRegistry: acr.id,
    userRules: { 'pe-shared-registry': { type: 'PrivateEndpoint', destination: { serviceResourceId: acr.id, subresourceTarget: 'registry', sparkEnabled: false, sparkStatus: 'Inactive' } } },
  });
  add(b.diagnosticSetting(compliant.id, 'send-to-log-analytics', logAnalytics));
  addNetwork(add, compliant);
  const publicOpen = addWorkspace(P, prod.rg, prod.location, W.publicOpen, 'Enabled', { principalId: undefined });
  add(b.assetContainer(publicOpen, 'models', DEMO.assets.publicOpen.models[0], 1, { description: 'Baseline scoring model' }));
  addWorkspace(P, prod.rg, prod.location, W.isolationDisabled, 'Enabled', { publicNetworkAccess: 'Disabled', isolationMode: 'Disabled' });
  const approvedOnly = addWorkspace(P, prod.rg, prod.location, W.approvedOnly, 'Disabled', {
    publicNetworkAccess: 'Disabled',
    isolationMode: 'AllowOnlyApprovedOutbound',
    provisioned: true,
    userRules: {
      'allow-pypi': { type: 'FQDN', destination: 'pypi.org' },
      'allow-datafactory': { type: 'ServiceTag', destination: { serviceTag: 'DataFactory', protocol: 'TCP', portRanges: '443', action: 'Allow' } },
    },
  });
  // Re-created by both example plans: it carries contents of every kind (demo-contents.ts).
  addDemoContents(sinkFor(s), approvedOnly, tenantId);
  addWorkspace(P, prod.rg, prod.location, W.publicInternetOutbound, 'Enabled', { isolationMode: 'AllowInternetOutbound', provisioned: false });
  addWorkspace(P, prod.sharedRg, prod.location, W.cmkNotIsolated, 'Enabled', { cmk, hbi: true });

  const busy = addWorkspace(R, research.rg, research.location, W.withComputes, 'Enabled', {});
  add(b.workspaceChild(busy, 'computes', 'ci-alice', { location: research.location, properties: { computeType: 'ComputeInstance', computeLocation: research.location, provisioningState: 'Succeeded', isAttachedCompute: false, properties: { vmSize: 'STANDARD_DS3_V2', state: 'Running' } } }));
  add(b.workspaceChild(busy, 'computes', 'cpu-cluster', { location: research.location, properties: { computeType: 'AmlCompute', computeLocation: research.location, provisioningState: 'Succeeded', isAttachedCompute: false, properties: { vmSize: 'STANDARD_DS3_V2', vmPriority: 'Dedicated', scaleSettings: { maxNodeCount: 4, minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT120S' } } } }));
  add(b.workspaceChild(busy, 'onlineEndpoints', 'ep-scoring', { location: research.location, identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key', provisioningState: 'Succeeded', scoringUri: `https://ep-scoring.${research.location}.inference.ml.azure.com/score` } }));
  const busyStorage = String((busy.properties as { storageAccount: string }).storageAccount).split('/').pop()!;
  for (const [name, kind, container] of [['workspaceblobstore', 'AzureBlob', 'azureml-blobstore'], ['workspacefilestore', 'AzureFile', 'azureml-filestore']] as const) {
    const extra = kind === 'AzureBlob' ? { containerName: container } : { fileShareName: container };
    add(b.workspaceChild(busy, 'datastores', name, { properties: { datastoreType: kind, accountName: busyStorage, endpoint: 'core.windows.net', protocol: 'https', credentials: { credentialsType: 'AccountKey' }, isDefault: kind === 'AzureBlob', ...extra } }));
  }
  const [creditRisk, churn] = DEMO.assets.withComputes.models;
  add(b.assetContainer(busy, 'models', creditRisk, 3, { description: 'Credit risk scoring (gradient boosting)', tags: { team: 'risk' } }));
  add(b.assetContainer(busy, 'models', churn, 1));
  add(b.assetContainer(busy, 'environments', DEMO.assets.withComputes.environments[0], 2, { description: 'scikit-learn 1.5 on Ubuntu 22.04' }));
  add(b.assetContainer(busy, 'data', DEMO.assets.withComputes.data[0], 1, { dataType: 'uri_folder' }));

  const retired = b.workspace({ sub: R, rg: research.rg, name: W.softDeleted, location: research.location, tenantId, workspaceId: b.guid(1, 99), publicNetworkAccess: 'Enabled' });
  s.deletedWorkspaces[retired.id.toLowerCase()] = { deletedAt: new Date().toISOString(), workspace: retired };
  grantApproverRoles(s);
  return s as StoredState as EmulatorState;
}

/** The network of DEMO.network: vnets in both subscriptions, and ws-compliant's endpoint, zones, links and zone group. */
function addNetwork(add: (o: ArmObject) => ArmObject, compliant: ArmObject): void {
  const N = DEMO.network;
  const P = DEMO.prod.subscriptionId;
  add(b.resourceGroup(P, N.rg, DEMO.prod.location));
  add(b.resourceGroup(DEMO.research.subscriptionId, N.rg, DEMO.research.location));
  const east = add(nb.virtualNetwork(P, N.rg, N.vnets.eastus.name, 'eastus', N.vnets.eastus.prefix, [{ name: N.subnet, addressPrefix: N.vnets.eastus.subnetPrefix }]));
  add(nb.virtualNetwork(DEMO.research.subscriptionId, N.rg, N.vnets.westeurope.name, 'westeurope', N.vnets.westeurope.prefix, [{ name: N.subnet, addressPrefix: N.vnets.westeurope.subnetPrefix }]));
  const subnetId = `${east.id}/subnets/${N.subnet}`;
  const pe = add(nb.workspaceEndpoint(P, N.rg, N.compliantEndpoint, compliant, subnetId, [N.compliantIps[0], N.compliantIps[1]], 1));
  add(nb.withConnection(compliant, pe, subnetId, 1));
  const zones = N.zones.map((z, i) => add(nb.privateDnsZone(P, N.rg, z, i + 1)));
  zones.forEach((z, i) => add(nb.vnetLink(z, `link-${N.vnets.eastus.name}`, east.id, i + 1)));
  add(nb.zoneGroup(pe, N.zoneGroup, zones, 1));
}

/** Only the demo subscriptions and resource groups: a blank fleet that PUTs can still fill. */
export function emptyFleetState(): EmulatorState {
  const demo = demoFleetState() as StoredState;
  const s = emptyStoredState(DEMO.tenantId);
  for (const [k, o] of Object.entries(demo.resources)) {
    if (o.type === undefined || o.type === 'Microsoft.Resources/resourceGroups') s.resources[k] = o;
  }
  return s as EmulatorState;
}
