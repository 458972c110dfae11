import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER_ROLE_ID } from '../../src/model/approver-role.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { call, start, waitForOperation, type Reply } from './helpers.js';

const AUTH = 'api-version=2022-04-01';
const ML_API = 'api-version=2025-06-01';
const P = DEMO.prod.subscriptionId;
const SUB = `/subscriptions/${P}`;
const SHARED_RG = `${SUB}/resourceGroups/${DEMO.prod.sharedRg}`;
const CMK_VAULT = `${SHARED_RG}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}`;
const WEAK_VAULT = `${SHARED_RG}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.noPurgeProtection}`;
const RA = 'providers/Microsoft.Authorization/roleAssignments';
const CRYPTO_USER = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${DEMO.cryptoServiceEncryptionUserRoleId}`;
const READER = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';
const USER = '11111111-2222-4333-8444-555555555555';
const GUIDS = { sub: 'aaaaaaaa-0000-4000-8000-000000000001', rg: 'aaaaaaaa-0000-4000-8000-000000000002', sibling: 'aaaaaaaa-0000-4000-8000-000000000003', ws: 'aaaaaaaa-0000-4000-8000-000000000004' };

const assign = (roleDefinitionId: string, principalId = USER, principalType = 'User') => ({ properties: { roleDefinitionId, principalId, principalType } });
const names = (r: Reply): string[] => r.body.value.map((a: { name: string }) => a.name);

async function listAll(emu: RunningEmulator, url: string): Promise<{ names: string[]; pages: number }> {
  const out: string[] = [];
  let pages = 0;
  for (let next: string | undefined = url; next; pages++) {
    const page = await call(emu, 'GET', next);
    expect(page.body?.error).toBeUndefined();
    out.push(...names(page));
    next = page.body.nextLink;
  }
  return { names: out, pages };
}

/** Every answer is checked against authorization-RoleAssignmentsCalls.json 2022-04-01 (validateResponses). */
describe('role assignments (Microsoft.Authorization 2022-04-01)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ validateResponses: true });
    for (const [scope, name] of [[SUB, GUIDS.sub], [SHARED_RG, GUIDS.rg], [WEAK_VAULT, GUIDS.sibling]] as const) {
      const put = await call(emu, 'PUT', `${scope}/${RA}/${name}?${AUTH}`, assign(READER));
      expect(put.status).toBe(201);
    }
  });
  afterAll(() => emu.stop());

  it("seeds the Cosmos DB principal's Key Vault Crypto Service Encryption User role on kv-cmk-ready only", async () => {
    const vault = await call(emu, 'GET', `${CMK_VAULT}?${ML_API}`);
    expect(vault.body.properties).toMatchObject({ enableRbacAuthorization: true, enableSoftDelete: true, enablePurgeProtection: true });
    const got = await call(emu, 'GET', `${CMK_VAULT}/${RA}/${DEMO.cosmosRoleAssignment}?${AUTH}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      id: `${CMK_VAULT}/${RA}/${DEMO.cosmosRoleAssignment}`,
      name: DEMO.cosmosRoleAssignment,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: expect.objectContaining({ scope: CMK_VAULT, roleDefinitionId: CRYPTO_USER, principalId: DEMO.cosmosDbPrincipalId, principalType: 'ServicePrincipal' }),
    });
    const weak = await call(emu, 'GET', `${WEAK_VAULT}/${RA}?${AUTH}&$filter=atScope()`);
    expect(weak.body.value.filter((a: { properties: { principalId: string } }) => a.properties.principalId === DEMO.cosmosDbPrincipalId)).toEqual([]);
  });

  it('atScope() lists the assignments at the scope and above it (subscription, resource group), not a sibling resource', async () => {
    const r = await call(emu, 'GET', `${CMK_VAULT}/${RA}?${AUTH}&$filter=atScope()`);
    expect(r.status).toBe(200);
    expect(names(r)).toEqual([GUIDS.sub, GUIDS.rg, DEMO.cosmosRoleAssignment]);
    const scopes = r.body.value.map((a: { properties: { scope: string } }) => a.properties.scope);
    expect(scopes).toEqual([SUB, SHARED_RG, CMK_VAULT]);
    // The SDK sends the filter unencoded; an encoded one means the same.
    expect(names(await call(emu, 'GET', `${CMK_VAULT}/${RA}?${AUTH}&%24filter=${encodeURIComponent('atScope()')}`))).toEqual(names(r));
    // A resource group's assignments do not leak into the subscription's own scope.
    expect(names(await call(emu, 'GET', `${SUB}/${RA}?${AUTH}&$filter=atScope()`))).toEqual([GUIDS.sub]);
    expect(names(await call(emu, 'GET', `${SHARED_RG}/${RA}?${AUTH}&$filter=atScope()`))).toEqual([GUIDS.sub, GUIDS.rg]);
  });

  it('without a filter also lists the assignments below the scope; principalId eq narrows to one principal', async () => {
    const listed = (await call(emu, 'GET', `${SHARED_RG}/${RA}?${AUTH}`)).body.value as { name: string; properties: { roleDefinitionId: string } }[];
    // The demo fleet also grants each workspace identity the approver role on its linked resources (below this scope).
    const approver = listed.filter((a) => a.properties.roleDefinitionId.endsWith(APPROVER_ROLE_ID));
    expect(approver.length).toBeGreaterThan(0);
    const all = listed.filter((a) => !approver.includes(a)).map((a) => a.name);
    expect(all.sort()).toEqual([GUIDS.sub, GUIDS.rg, GUIDS.sibling, DEMO.cosmosRoleAssignment].sort());
    const cosmos = await call(emu, 'GET', `${SUB}/${RA}?${AUTH}&$filter=${encodeURIComponent(`principalId eq '${DEMO.cosmosDbPrincipalId}'`)}`);
    expect(names(cosmos)).toEqual([DEMO.cosmosRoleAssignment]);
    const both = await call(emu, 'GET', `${WEAK_VAULT}/${RA}?${AUTH}&$filter=${encodeURIComponent(`atScope() and principalId eq '${USER}'`)}`);
    expect(names(both)).toEqual([GUIDS.sub, GUIDS.rg, GUIDS.sibling]);
    const bad = await call(emu, 'GET', `${SUB}/${RA}?${AUTH}&$filter=${encodeURIComponent("assignedTo('x')")}`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'UnsupportedFilter']);
  });

  it('pages with absolute nextLinks that keep the filter', async () => {
    emu.configure({ pageSize: 1 });
    try {
      const paged = await listAll(emu, `${CMK_VAULT}/${RA}?${AUTH}&$filter=atScope()`);
      expect(paged).toEqual({ names: [GUIDS.sub, GUIDS.rg, DEMO.cosmosRoleAssignment], pages: 3 });
      const first = await call(emu, 'GET', `${CMK_VAULT}/${RA}?${AUTH}&$filter=atScope()`);
      expect(first.body.nextLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/roleAssignments\?api-version=2022-04-01&%24filter=atScope%28%29&%24skipToken=\w+$/);
    } finally {
      emu.configure({ pageSize: 100 });
    }
  });

  it('creates (201), re-puts (200), gets and deletes (200 with the assignment, then 204) by GUID name', async () => {
    const name = 'bbbbbbbb-0000-4000-8000-000000000001';
    const url = `${CMK_VAULT}/${RA}/${name}?${AUTH}`;
    const created = await call(emu, 'PUT', url, assign(READER, '22222222-2222-4333-8444-555555555555', 'Group'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: `${CMK_VAULT}/${RA}/${name}`, name, type: 'Microsoft.Authorization/roleAssignments', properties: { scope: CMK_VAULT, roleDefinitionId: READER, principalType: 'Group' } });
    expect((await call(emu, 'PUT', url, assign(READER, '22222222-2222-4333-8444-555555555555', 'Group'))).status).toBe(200);
    expect((await call(emu, 'GET', url)).body).toEqual((await call(emu, 'GET', url)).body);
    const deleted = await call(emu, 'DELETE', url);
    expect([deleted.status, deleted.body.name]).toEqual([200, name]);
    expect((await call(emu, 'DELETE', url)).status).toBe(204);
    const gone = await call(emu, 'GET', url);
    expect([gone.status, gone.body.error.code]).toEqual([404, 'RoleAssignmentNotFound']);
  });

  it('refuses what ARM refuses: non-GUID names, bad ids, missing fields, duplicates, updates, unknown scopes', async () => {
    const refused = async (r: Promise<Reply>, status: number, code: string) => {
      const reply = await r;
      expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
    };
    await refused(call(emu, 'PUT', `${CMK_VAULT}/${RA}/not-a-guid?${AUTH}`, assign(READER)), 400, 'InvalidRoleAssignmentId');
    await refused(call(emu, 'PUT', `${CMK_VAULT}/${RA}/cccccccc-0000-4000-8000-000000000001?${AUTH}`, assign('Reader')), 400, 'InvalidRoleDefinitionId');
    await refused(call(emu, 'PUT', `${CMK_VAULT}/${RA}/cccccccc-0000-4000-8000-000000000001?${AUTH}`, assign(READER, 'alice')), 400, 'InvalidPrincipalId');
    await refused(call(emu, 'PUT', `${CMK_VAULT}/${RA}/cccccccc-0000-4000-8000-000000000001?${AUTH}`, { properties: { principalId: USER } }), 400, 'InvalidRequestContent');
    // The same principal and role at the same scope under another name (either role definition id form).
    const sameRole = `/providers/Microsoft.Authorization/roleDefinitions/${DEMO.cryptoServiceEncryptionUserRoleId}`;
    await refused(call(emu, 'PUT', `${CMK_VAULT}/${RA}/cccccccc-0000-4000-8000-000000000002?${AUTH}`, assign(sameRole, DEMO.cosmosDbPrincipalId, 'ServicePrincipal')), 409, 'RoleAssignmentExists');
    await refused(call(emu, 'PUT', `${CMK_VAULT}/${RA}/${DEMO.cosmosRoleAssignment}?${AUTH}`, assign(READER, DEMO.cosmosDbPrincipalId, 'ServicePrincipal')), 400, 'RoleAssignmentUpdateNotPermitted');
    await refused(call(emu, 'GET', `${SHARED_RG}/providers/Microsoft.KeyVault/vaults/kv-missing/${RA}?${AUTH}`), 404, 'ResourceNotFound');
    await refused(call(emu, 'GET', `${SUB}/resourceGroups/rg-missing/${RA}?${AUTH}`), 404, 'ResourceGroupNotFound');
    await refused(call(emu, 'GET', `/subscriptions/00000000-0000-4000-8000-000000000000/${RA}?${AUTH}`), 404, 'SubscriptionNotFound');
  });

  it('stays out of Resource Graph (ARG keeps role assignments in another table)', async () => {
    const r = await call(emu, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', { subscriptions: [P], query: 'Resources | project id, type' });
    expect(r.status).toBe(200);
    expect(r.body.data.filter((row: { type: string }) => row.type === 'microsoft.authorization/roleassignments')).toEqual([]);
  });

  it('deleting a workspace deletes the role assignments at its scope (FACTS: soft delete)', async () => {
    const ws = `${SUB}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicOpen}`;
    expect((await call(emu, 'PUT', `${ws}/${RA}/${GUIDS.ws}?${AUTH}`, assign(READER))).status).toBe(201);
    expect(names(await call(emu, 'GET', `${ws}/${RA}?${AUTH}&$filter=atScope()`))).toEqual([GUIDS.sub, GUIDS.ws]);
    const del = await call(emu, 'DELETE', `${ws}?${ML_API}`);
    await waitForOperation(emu, del);
    const state = emu.snapshot() as unknown as { resources: Record<string, unknown> };
    expect(Object.keys(state.resources).filter((k) => k.includes(GUIDS.ws))).toEqual([]);
    expect(names(await call(emu, 'GET', `${SUB}/${RA}?${AUTH}`))).not.toContain(GUIDS.ws);
  });
});
