import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArmError } from '../../src/errors.js';
import { observeContext } from '../../src/observe/observe-context.js';
import { ARM, clients, mockAll, RG, SUB, v, WS } from './fixtures.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const CMK_KV = `/subscriptions/${SUB}/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-cmk`;
const KEY = `${CMK_KV}/keys/cmk-rsa`;
const COSMOS = 'a232010e-820c-4083-83bb-3ace5fc29d0b';
const CRYPTO_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6';
const notFound = { error: { code: 'ResourceNotFound', message: 'not found' } };
const forbidden = { error: { code: 'AuthorizationFailed', message: 'no access' } };

const cmkVault = (rbac: boolean) => ({
  id: CMK_KV, name: 'kv-cmk', type: 'Microsoft.KeyVault/vaults', location: 'eastus',
  properties: {
    tenantId: 't', sku: { family: 'A', name: 'standard' }, enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: rbac,
    accessPolicies: rbac ? [] : [{ tenantId: 't', objectId: COSMOS, permissions: { keys: ['get', 'wrapKey', 'unwrapKey'] } }],
  },
});
const keyJson = {
  id: KEY, name: 'cmk-rsa', type: 'Microsoft.KeyVault/vaults/keys', location: 'eastus',
  properties: { kty: 'RSA', keySize: 3072, attributes: { enabled: true, created: 1, updated: 1 }, keyUri: 'https://kv-cmk.vault.azure.net/keys/cmk-rsa', keyUriWithVersion: 'https://kv-cmk.vault.azure.net/keys/cmk-rsa/abc' },
};

describe('observeContext', () => {
  it('reads workspaces, the CMK vault, key and role assignments, PE targets and candidate names', async () => {
    const st = `${RG}/providers/Microsoft.Storage/storageAccounts/stdata`;
    const cosmos = `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/gone`;
    const foo = `${RG}/providers/Contoso.Widgets/widgets/w1`;
    const denied = `${RG}/providers/Microsoft.Search/searchServices/srch`;
    const scope = mockAll()
      .get(CMK_KV).query(true).reply(200, cmkVault(true))
      .get(KEY).query(v('2025-05-01')).reply(200, keyJson)
      .get(`${CMK_KV}/providers/Microsoft.Authorization/roleAssignments`).query({ 'api-version': '2022-04-01', $filter: 'atScope()' })
      .reply(200, { value: [{ id: '/ra/1', name: 'ra1', properties: { principalId: COSMOS, roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CRYPTO_USER}`, scope: CMK_KV } }] })
      .get(st).query(v('2025-08-01')).reply(200, { id: st, name: 'stdata', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', properties: { publicNetworkAccess: 'Disabled' } })
      .get(cosmos).query(v('2024-11-15')).reply(404, notFound)
      .get(`/subscriptions/${SUB}/providers/Contoso.Widgets`).query(v('2021-04-01'))
      .reply(200, { namespace: 'Contoso.Widgets', resourceTypes: [{ resourceType: 'widgets', apiVersions: ['2025-01-01-preview', '2024-05-01', '2023-01-01'] }] })
      .get(foo).query(v('2024-05-01')).reply(200, { id: foo, name: 'w1', type: 'Contoso.Widgets/widgets', properties: {} })
      .get(denied).query(v('2023-11-01')).reply(403, forbidden)
      .get(`${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1-iso`).query(v('2025-06-01')).reply(200, { id: 'x', name: 'ws1-iso' })
      .get(`${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-retired`).query(v('2025-06-01')).reply(404, notFound)
      .get(`${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-new`).query(v('2025-06-01')).reply(404, notFound)
      .get(`${RG}/providers/Microsoft.MachineLearningServices/workspaces`).query(v('2025-06-01'))
      .reply(200, { value: [{ name: 'ws1' }, { name: 'WS-Retired', properties: { provisioningState: 'Deleting' } }] });

    const ctx = await observeContext(
      clients(),
      [WS],
      {
        cmk: { keyVaultId: CMK_KV, keyName: 'cmk-rsa' },
        peTargetIds: [st, cosmos, foo, denied],
        candidateNames: [{ sourceId: WS, name: 'ws1-iso' }, { sourceId: WS, name: 'ws-retired' }, { sourceId: WS, name: 'ws-new' }],
      },
      COSMOS,
    );
    expect(scope.isDone()).toBe(true);

    expect(ctx.workspaces.map((w) => w.workspace.name)).toEqual(['ws1']);
    expect(ctx.cosmosDbPrincipalId).toBe(COSMOS);
    expect(ctx.vaults[CMK_KV.toLowerCase()]).toMatchObject({
      id: CMK_KV, subscriptionId: SUB, enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: true,
      roleAssignments: [{ principalId: COSMOS, roleDefinitionId: CRYPTO_USER }],
    });
    expect(ctx.keys[KEY.toLowerCase()]).toEqual({
      id: KEY, name: 'cmk-rsa', vaultId: CMK_KV, kty: 'RSA', keySize: 3072, enabled: true,
      keyUri: 'https://kv-cmk.vault.azure.net/keys/cmk-rsa', keyUriWithVersion: 'https://kv-cmk.vault.azure.net/keys/cmk-rsa/abc',
    });
    expect(ctx.peTargets).toEqual({
      [st.toLowerCase()]: { id: st, name: 'stdata', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', publicNetworkAccess: 'Disabled', properties: { publicNetworkAccess: 'Disabled' } },
      [cosmos.toLowerCase()]: 'not-found',
      [foo.toLowerCase()]: { id: foo, name: 'w1', type: 'Contoso.Widgets/widgets', properties: {} },
    });
    expect(ctx.names).toEqual({
      [`${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1-iso`.toLowerCase()]: 'taken',
      [`${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-retired`.toLowerCase()]: 'soft-deleted',
      [`${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-new`.toLowerCase()]: 'unknown',
    });
    expect(ctx.readProblems).toEqual([expect.objectContaining({ subject: 'peTarget', id: denied, reason: 'forbidden', code: 'AuthorizationFailed' })]);
    expect(Object.keys(ctx.fingerprints ?? {}).sort()).toEqual(
      [CMK_KV, KEY, `${CMK_KV}/providers/Microsoft.Authorization/roleAssignments`, st, foo].map((s) => s.toLowerCase()).sort(),
    );
  });

  it('reads no role assignments for an access-policy vault, and records a vault and key that are gone', async () => {
    const policyScope = nock(ARM).get(CMK_KV).query(true).reply(200, cmkVault(false)).get(KEY).query(true).reply(200, keyJson);
    const a = await observeContext(clients(), [], { cmk: { keyVaultId: CMK_KV, keyName: 'cmk-rsa' }, peTargetIds: [], candidateNames: [] }, COSMOS);
    expect(policyScope.isDone()).toBe(true);
    const vault = a.vaults[CMK_KV.toLowerCase()];
    expect(vault).toMatchObject({ enableRbacAuthorization: false, accessPolicies: [{ objectId: COSMOS, keyPermissions: ['get', 'wrapkey', 'unwrapkey'] }] });
    expect(vault).not.toHaveProperty('roleAssignments');

    const goneScope = nock(ARM).get(CMK_KV).query(true).reply(404, notFound).get(KEY).query(true).reply(404, notFound);
    const b = await observeContext(clients(), [], { cmk: { keyVaultId: CMK_KV, keyName: 'cmk-rsa' }, peTargetIds: [], candidateNames: [] }, undefined);
    expect(goneScope.isDone()).toBe(true);
    expect(b.vaults).toEqual({ [CMK_KV.toLowerCase()]: 'not-found' });
    expect(b.keys).toEqual({ [KEY.toLowerCase()]: 'not-found' });
    expect(b.cosmosDbPrincipalId).toBeUndefined();
  });

  it('records a forbidden CMK vault and role assignments that cannot be listed', async () => {
    const scope = nock(ARM).get(CMK_KV).query(true).reply(403, forbidden).get(KEY).query(true).reply(200, keyJson);
    const a = await observeContext(clients(), [], { cmk: { keyVaultId: CMK_KV, keyName: 'cmk-rsa' }, peTargetIds: [], candidateNames: [] }, COSMOS);
    expect(scope.isDone()).toBe(true);
    expect(a.vaults).toEqual({});
    expect(a.readProblems).toEqual([expect.objectContaining({ subject: 'cmkVault', id: CMK_KV, reason: 'forbidden', code: 'AuthorizationFailed', statusCode: 403 })]);

    const rbac = nock(ARM).get(CMK_KV).query(true).reply(200, cmkVault(true)).get(KEY).query(true).reply(200, keyJson)
      .get(`${CMK_KV}/providers/Microsoft.Authorization/roleAssignments`).query(true).reply(403, forbidden);
    const b = await observeContext(clients(), [], { cmk: { keyVaultId: CMK_KV, keyName: 'cmk-rsa' }, peTargetIds: [], candidateNames: [] }, COSMOS);
    expect(rbac.isDone()).toBe(true);
    expect(b.vaults[CMK_KV.toLowerCase()]).toMatchObject({ enableRbacAuthorization: true });
    expect(b.vaults[CMK_KV.toLowerCase()]).not.toHaveProperty('roleAssignments');
    expect(b.readProblems).toEqual([expect.objectContaining({ subject: 'roleAssignments', reason: 'forbidden' })]);
  });

  it('observes a workspace named twice (ids differ only in case) once', async () => {
    const scope = mockAll();
    const ctx = await observeContext(clients(), [WS, WS.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')], { peTargetIds: [], candidateNames: [] }, COSMOS);
    expect(scope.isDone()).toBe(true);
    expect(ctx.workspaces).toHaveLength(1);
    expect(ctx).toMatchObject({ vaults: {}, keys: {}, peTargets: {}, names: {}, fingerprints: {} });
    expect(ctx.readProblems).toBeUndefined();
  });

  it('fails with the unreadable workspace named', async () => {
    const ws2 = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-gone`;
    nock(ARM).get(ws2).query(true).reply(404, notFound);
    mockAll();
    const error = (await observeContext(clients(), [WS, ws2], { peTargetIds: [], candidateNames: [] }, COSMOS).catch((e: unknown) => e)) as ArmError;
    expect(error).toBeInstanceOf(ArmError);
    expect(error.message).toContain("workspace 'ws-gone'");
  });
});
