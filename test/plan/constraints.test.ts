import { describe, expect, it } from 'vitest';
import { planRemediation } from '../../src/plan/plan-remediation.js';
import type { PlanWorkspace } from '../../src/plan/plan.js';
import { CRYPTO_SERVICE_ENCRYPTION_USER } from '../../src/plan/constraints.js';
import { workspaceId } from '../../src/model/resource-id.js';
import { aContext, anObservedKey, anObservedVault, anObservedWorkspace, aPolicy, cmkPolicy, COSMOS, FIXED, fixedIds, OTHER_SUB, registryId, RG, storageId, SUB, vaultId, type ContextSpec } from './builders.js';
import type { Policy } from '../../src/plan/policy-schema.js';

function planOne(spec: ContextSpec, policy: Policy): PlanWorkspace {
  return planRemediation(aContext(spec), policy, { ...FIXED, newId: fixedIds() }).plan.workspaces[0]!;
}
const codes = (w: PlanWorkspace) => w.diagnostics.map((d) => `${d.severity}:${d.code}`);
const newName = { [workspaceId(SUB, RG, 'ws-1-iso')]: 'free' as const };
const cmkCase = (ctx: Partial<ContextSpec>, policy = cmkPolicy()) =>
  planOne({ workspaces: [anObservedWorkspace()], vaults: [anObservedVault()], keys: [anObservedKey()], names: newName, ...ctx }, policy);

describe('constraints: customer-managed key prerequisites', () => {
  it('passes a vault and key that meet every prerequisite', () => {
    expect(codes(cmkCase({}))).toEqual([]);
  });
  it('reports a missing vault and a missing key', () => {
    expect(codes(cmkCase({ vaults: [{ id: vaultId('kv-cmk'), missing: true }], keys: [{ id: `${vaultId('kv-cmk')}/keys/cmk`, missing: true }] })))
      .toEqual(['error:cmk-vault-not-found', 'error:cmk-key-not-found']);
  });
  it('collects every vault problem at once: subscription, soft delete, purge protection, access', () => {
    const w = cmkCase({ vaults: [anObservedVault({ subscriptionId: OTHER_SUB, enableSoftDelete: false, enablePurgeProtection: false, accessPolicies: [{ objectId: COSMOS, keyPermissions: ['get'] }] })] });
    expect(codes(w)).toEqual(['error:cmk-vault-subscription', 'error:cmk-soft-delete', 'error:cmk-purge-protection', 'error:cmk-cosmos-access']);
    expect(w.diagnostics[3]!.summary).toContain('wrapkey, unwrapkey');
    expect(w.diagnostics[3]!.remedy).toContain(`--object-id ${COSMOS}`);
    expect(w.blocked).toBe(true);
  });
  it('requires the Crypto Service Encryption User role on an RBAC vault, naming the principal', () => {
    const rbac = (roleAssignments?: { principalId: string; roleDefinitionId: string }[]) =>
      cmkCase({ vaults: [anObservedVault({ enableRbacAuthorization: true, accessPolicies: [], ...(roleAssignments ? { roleAssignments } : {}) })] });
    const missing = rbac([{ principalId: COSMOS, roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000001' }]);
    expect(codes(missing)).toEqual(['error:cmk-cosmos-access']);
    expect(missing.diagnostics[0]!.summary).toContain(COSMOS);
    expect(missing.diagnostics[0]!.remedy).toContain(CRYPTO_SERVICE_ENCRYPTION_USER);
    expect(codes(rbac([{ principalId: COSMOS, roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CRYPTO_SERVICE_ENCRYPTION_USER}` }]))).toEqual([]);
    expect(codes(rbac(undefined))).toEqual(['warning:cmk-access-unchecked']);
  });
  it('a vault that names no principal by the Cosmos DB id: a warning with the commands, not an error (object ids are per tenant)', () => {
    const rbac = cmkCase({ vaults: [anObservedVault({ enableRbacAuthorization: true, accessPolicies: [], roleAssignments: [{ principalId: 'someone-else', roleDefinitionId: CRYPTO_SERVICE_ENCRYPTION_USER }] })] });
    expect(codes(rbac)).toEqual(['warning:cmk-cosmos-access-unconfirmed']);
    expect(rbac.diagnostics[0]!.remedy).toContain(`az ad sp show --id ${COSMOS}`);
    expect(rbac.blocked).toBe(false);
    const policies = cmkCase({ vaults: [anObservedVault({ accessPolicies: [{ objectId: 'someone-else', keyPermissions: ['get', 'wrapkey', 'unwrapkey'] }] })] });
    expect(codes(policies)).toEqual(['warning:cmk-cosmos-access-unconfirmed']);
    expect(policies.diagnostics[0]!.remedy).toContain('az keyvault set-policy');
  });
  it('rejects a non-RSA key, warns under 3072 bits, rejects a disabled key', () => {
    expect(codes(cmkCase({ keys: [anObservedKey({ kty: 'EC' })] }))).toEqual(['error:cmk-key-type']);
    expect(codes(cmkCase({ keys: [anObservedKey({ kty: 'RSA-HSM', keySize: 2048 })] }))).toEqual(['warning:cmk-key-size']);
    expect(codes(cmkCase({ keys: [anObservedKey({ enabled: false })] }))).toEqual(['error:cmk-key-disabled']);
  });
  it('warns when the Cosmos DB principal of the cloud is unknown', () => {
    expect(codes(cmkCase({ cosmosDbPrincipalId: undefined }))).toEqual(['warning:cmk-access-unchecked']);
  });
  it('finds the key from a key URI and uses that URI as the identifier', () => {
    const uri = 'https://kv-cmk.vault.azure.net/keys/cmk/abc123';
    const w = cmkCase({}, aPolicy({ customerManagedKey: { required: true, keyVaultId: vaultId('kv-cmk'), keyUri: uri } }));
    expect(codes(w)).toEqual([]);
    expect(w.target!.encryption!.keyIdentifier).toBe(uri);
  });
});

describe('constraints: requests Azure cannot satisfy', () => {
  const enc = { status: 'Enabled', keyVaultProperties: { keyVaultArmId: vaultId('kv-old'), keyIdentifier: 'https://kv-old.vault.azure.net/keys/k/1' } };
  it('refuses removing a customer-managed key and turning HBI off', () => {
    const w = planOne({ workspaces: [anObservedWorkspace({ properties: { encryption: enc, hbiWorkspace: true } })] }, aPolicy({ customerManagedKey: { required: false }, hbi: false }));
    expect(codes(w)).toEqual(['error:cmk-cannot-remove', 'error:hbi-cannot-remove']);
  });
  it('warns that an existing key vault cannot be changed', () => {
    const w = planOne({ workspaces: [anObservedWorkspace({ properties: { encryption: enc } })] }, cmkPolicy());
    expect(codes(w)).toEqual(['warning:cmk-vault-differs']);
  });
});

describe('constraints: names', () => {
  const approved = () => anObservedWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } });
  it.each([
    ['taken', 'error:name-taken'],
    ['soft-deleted', 'error:name-soft-deleted'],
    ['unknown', 'warning:name-unconfirmed'],
  ] as const)('name state %s gives %s', (state, code) => {
    const w = planOne({ workspaces: [approved()], names: { [workspaceId(SUB, RG, 'ws-1-iso')]: state } }, aPolicy());
    expect(codes(w)).toEqual([code]);
    if (state === 'soft-deleted') expect(w.diagnostics[0]!.remedy).toContain('Purge it or choose another name');
    if (state === 'unknown') expect(w.diagnostics[0]!.summary).toContain('no documented API that lists soft-deleted ML workspaces');
  });
  it('truncates a long source name so the suffix fits the 33-character pattern', () => {
    const long = 'a'.repeat(33);
    const w = planOne({ workspaces: [anObservedWorkspace({ name: long, properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } })], names: { [workspaceId(SUB, RG, `${'a'.repeat(29)}-iso`)]: 'free' } }, aPolicy());
    expect(w.target!.name).toBe(`${'a'.repeat(29)}-iso`);
    expect(codes(w)).toEqual([]);
  });
  it('reports two workspaces that would get the same new name', () => {
    const a = anObservedWorkspace({ name: 'same-name', properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } });
    const b = anObservedWorkspace({ name: 'same-name', resourceGroup: RG, properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } });
    const p = planRemediation(aContext({ workspaces: [a, b], names: { [workspaceId(SUB, RG, 'same-name-iso')]: 'free' } }), aPolicy(), { ...FIXED, newId: fixedIds() }).plan;
    expect(p.workspaces[1]!.diagnostics.map((d) => d.code)).toContain('name-collision');
  });
});

describe('constraints: private endpoint rules', () => {
  const ws = () => anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } });
  it('rejects unsupported subresources and resource types, unknown targets; collects them all', () => {
    const policy = aPolicy({ privateEndpoints: [
      { serviceResourceId: vaultId('kv-data'), subresourceTarget: 'blob' },
      { serviceResourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Sql/servers/sql1`, subresourceTarget: 'sqlServer' },
      { serviceResourceId: registryId('crmissing'), subresourceTarget: 'registry' },
      { serviceResourceId: storageId('stunread'), subresourceTarget: 'dfs' },
    ] });
    const w = planOne({ workspaces: [ws()], peTargets: [{ id: vaultId('kv-data') }, { id: registryId('crmissing'), missing: true }] }, policy);
    expect(codes(w)).toEqual(['error:rule-unsupported-subresource', 'error:rule-unsupported-target', 'error:rule-target-not-found', 'warning:rule-target-unread']);
    expect(w.diagnostics[0]!.remedy).toContain('vault');
  });
  it('rejects duplicate destinations and duplicate names among the policy rules', () => {
    const policy = aPolicy({ privateEndpoints: [
      { name: 'pe-a', serviceResourceId: vaultId('kv-a'), subresourceTarget: 'vault' },
      { name: 'pe-b', serviceResourceId: vaultId('KV-A'), subresourceTarget: 'vault' },
      { name: 'pe-a', serviceResourceId: vaultId('kv-c'), subresourceTarget: 'vault' },
    ] });
    const w = planOne({ workspaces: [ws()], peTargets: [{ id: vaultId('kv-a') }, { id: vaultId('kv-c') }] }, policy);
    expect(codes(w)).toEqual(['error:rule-duplicate-destination', 'error:rule-duplicate-name']);
  });
  it('adds a rule for a new target in place and skips ones the service already covers', () => {
    const policy = aPolicy({ privateEndpoints: [{ serviceResourceId: vaultId('kv-data'), subresourceTarget: 'vault' }, { serviceResourceId: storageId('stws1'), subresourceTarget: 'blob' }] });
    const w = planOne({ workspaces: [ws()], peTargets: [{ id: vaultId('kv-data') }, { id: storageId('stws1') }] }, policy);
    expect(codes(w)).toEqual(['warning:rule-covered-by-service']);
    const puts = w.steps.filter((s) => s.kind === 'put-outbound-rule');
    expect(puts.map((s) => s.target.split('/').pop())).toEqual(['pe-kv-data-vault']);
    expect(puts[0]!.request.body).toEqual({ properties: { type: 'PrivateEndpoint', category: 'UserDefined', destination: { serviceResourceId: vaultId('kv-data'), subresourceTarget: 'vault', sparkEnabled: false } } });
    expect(puts[0]!.undo).toMatchObject({ irreversible: false, kind: 'delete-outbound-rule' });
  });
  it('reports a rule name already used for another destination', () => {
    const w = planOne({ workspaces: [anObservedWorkspace({ outboundRules: { 'pe-kv-data-vault': { type: 'PrivateEndpoint', category: 'UserDefined', destination: { serviceResourceId: vaultId('other'), subresourceTarget: 'vault' } } } })], peTargets: [{ id: vaultId('kv-data') }] },
      aPolicy({ defaultStoragePrivateEndpoints: false, privateEndpoints: [{ serviceResourceId: vaultId('kv-data'), subresourceTarget: 'vault' }] }));
    expect(codes(w)).toEqual(['error:rule-name-conflict']);
  });
  it('provisions with Spark and makes the storage blob rule Spark-enabled when asked', () => {
    const w = planOne({ workspaces: [anObservedWorkspace({ properties: { managedNetwork: undefined } })] }, aPolicy({ serverlessSpark: true }));
    expect(w.target!.managedNetwork.outboundRules['pe-stws1-blob']!.destination.sparkEnabled).toBe(true);
    expect(w.steps.find((s) => s.kind === 'provision-managed-network')!.request.body).toEqual({ includeSpark: true });
  });
});
