import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { API, call, start, waitForOperation, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const R = DEMO.research.subscriptionId;
const W = DEMO.workspaces;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const WS_R = `/subscriptions/${R}/resourceGroups/${DEMO.research.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const SHARED = `/subscriptions/${P}/resourceGroups/${DEMO.prod.sharedRg}/providers/Microsoft.KeyVault/vaults`;

function refused(r: Reply, status: number, code: string, message: RegExp): void {
  expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
  expect(r.body.error.message).toMatch(message);
}

describe('workspace service rules', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start()));
  afterAll(() => emu.stop());
  const patch = (name: string, properties: unknown, base = WS) => call(emu, 'PATCH', `${base}/${name}?${API}`, { properties });

  it('enforces the name pattern on workspaces and outbound rules', async () => {
    refused(await call(emu, 'PUT', `${WS}/ab?${API}`, { location: 'eastus', properties: {} }), 400, 'InvalidResourceName', /must match/);
    refused(await call(emu, 'PUT', `${WS}/-bad-name?${API}`, { location: 'eastus', properties: {} }), 400, 'InvalidResourceName', /must match/);
    refused(await call(emu, 'PUT', `${WS}/${'x'.repeat(34)}?${API}`, { location: 'eastus', properties: {} }), 400, 'InvalidResourceName', /must match/);
    const rule = { properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: 'x', subresourceTarget: 'blob', sparkEnabled: false } } };
    refused(await call(emu, 'PUT', `${WS}/${W.compliant}/outboundRules/__SYS_mine?${API}`, rule), 400, 'InvalidResourceName', /outbound rule/);
  });

  it('refuses every one-way isolation transition', async () => {
    refused(await patch(W.compliant, { managedNetwork: { isolationMode: 'Disabled' } }), 400, 'BadRequest', /cannot be disabled/);
    refused(await patch(W.approvedOnly, { managedNetwork: { isolationMode: 'AllowInternetOutbound' } }), 400, 'BadRequest', /not supported/);
    refused(await patch(W.compliant, { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } }), 400, 'BadRequest', /not supported/);
    const current = (await call(emu, 'GET', `${WS}/${W.approvedOnly}?${API}`)).body;
    const put = await call(emu, 'PUT', `${WS}/${W.approvedOnly}?${API}`, { location: current.location, properties: { ...current.properties, managedNetwork: { isolationMode: 'Disabled' } } });
    refused(put, 400, 'BadRequest', /cannot be disabled/);
  });

  it('allows only PrivateEndpoint user rules in AllowInternetOutbound (PATCH, PUT and outbound rule PUT)', async () => {
    const fqdn = { 'allow-pypi': { type: 'FQDN', destination: 'pypi.org' } };
    refused(await patch(W.isolationDisabled, { managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: fqdn } }), 400, 'BadRequest', /only PrivateEndpoint/);
    refused(await call(emu, 'PUT', `${WS}/ws-brand-new?${API}`, { location: 'eastus', properties: { managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: fqdn } } }), 400, 'BadRequest', /only PrivateEndpoint/);
    const tag = { properties: { type: 'ServiceTag', destination: { serviceTag: 'AzureMonitor', protocol: 'TCP', portRanges: '443' } } };
    refused(await call(emu, 'PUT', `${WS}/${W.compliant}/outboundRules/allow-monitor?${API}`, tag), 400, 'BadRequest', /only PrivateEndpoint/);
    // The same rule is fine where approved outbound is the mode.
    const ok = await call(emu, 'PUT', `${WS}/${W.approvedOnly}/outboundRules/allow-monitor?${API}`, tag);
    expect(ok.status).toBe(202);
  });

  it('refuses Required/Recommended rules sent back by a client, and deleting a Required rule', async () => {
    const ws = (await call(emu, 'GET', `${WS}/${W.compliant}?${API}`)).body;
    const rules = ws.properties.managedNetwork.outboundRules;
    refused(await patch(W.compliant, { managedNetwork: { outboundRules: rules } }), 400, 'BadRequest', /__SYS_PE|category Required/);
    const required = { properties: { type: 'PrivateEndpoint', category: 'Required', destination: { serviceResourceId: 'x', subresourceTarget: 'blob', sparkEnabled: false } } };
    refused(await call(emu, 'PUT', `${WS}/${W.compliant}/outboundRules/my-rule?${API}`, required), 400, 'BadRequest', /category Required/);
    refused(await call(emu, 'DELETE', `${WS}/${W.compliant}/outboundRules/__SYS_PE_stcompliant_blob?${API}`), 400, 'BadRequest', /managed by the service/);
  });

  it('refuses Disabled → managed while computes or online endpoints exist, and allows it once they are gone', async () => {
    const url = `${WS_R}/${W.withComputes}`;
    const change = { publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound' } };
    refused(await patch(W.withComputes, change, WS_R), 400, 'BadRequest', /2 compute\(s\) and 1 online endpoint\(s\).*delete/);
    // Both deletes are long-running (202); with lroDurationMs 0 they are done by the next request.
    for (const c of ['computes/ci-alice', 'computes/cpu-cluster']) expect((await call(emu, 'DELETE', `${url}/${c}?${API}&underlyingResourceAction=Delete`)).status).toBe(202);
    refused(await patch(W.withComputes, change, WS_R), 400, 'BadRequest', /0 compute\(s\) and 1 online endpoint/);
    expect((await call(emu, 'DELETE', `${url}/onlineEndpoints/ep-scoring?${API}`)).status).toBe(202);
    const started = await patch(W.withComputes, change, WS_R);
    expect(started.status).toBe(202);
    await waitForOperation(emu, started);
    const ws = (await call(emu, 'GET', `${url}?${API}`)).body;
    expect(ws.properties).toMatchObject({ publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound', status: { status: 'Inactive' } } });
  });

  it('refuses changes to create-only fields on PATCH and on PUT of an existing workspace', async () => {
    // These fields are not in the PATCH schema, yet the rule runs before the spec validator: the user learns that the
    // field is create-only rather than "unknown property".
    const createOnly = (field: string) => new RegExp(`^'${field}' can only be set when the workspace is created; re-create the workspace to change it\\.$`);
    refused(await patch(W.publicOpen, { hbiWorkspace: true }), 400, 'BadRequest', createOnly('hbiWorkspace'));
    refused(await patch(W.publicOpen, { storageAccount: `/subscriptions/${P}/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/other` }), 400, 'BadRequest', createOnly('storageAccount'));
    refused(await patch(W.publicOpen, { keyVault: `${SHARED}/${DEMO.vaults.cmkReady}` }), 400, 'BadRequest', createOnly('keyVault'));
    // Sending the current value is no change, so the spec validator then has its say.
    const current0 = (await call(emu, 'GET', `${WS}/${W.publicOpen}?${API}`)).body;
    refused(await patch(W.publicOpen, { hbiWorkspace: current0.properties.hbiWorkspace }), 400, 'InvalidRequestContent', /unknown property 'hbiWorkspace'/);
    const key = `https://${DEMO.vaults.cmkReady}.vault.azure.net/keys/${DEMO.cmkKey}/abc`;
    refused(await patch(W.publicOpen, { encryption: { keyVaultProperties: { keyIdentifier: key } } }), 400, 'BadRequest', /encryption/);
    const sharedWs = `/subscriptions/${P}/resourceGroups/${DEMO.prod.sharedRg}/providers/Microsoft.MachineLearningServices/workspaces`;
    refused(await patch(W.cmkNotIsolated, { encryption: { keyVaultProperties: { keyIdentifier: 'https://kv-other.vault.azure.net/keys/k/1' } } }, sharedWs), 400, 'BadRequest', /same key vault/);
    const rotated = await call(emu, 'PATCH', `/subscriptions/${P}/resourceGroups/${DEMO.prod.sharedRg}/providers/Microsoft.MachineLearningServices/workspaces/${W.cmkNotIsolated}?${API}`, { properties: { encryption: { keyVaultProperties: { keyIdentifier: key } } } });
    expect(rotated.status).toBe(202);
    const current = (await call(emu, 'GET', `${WS}/${W.publicOpen}?${API}`)).body;
    const put = await call(emu, 'PUT', `${WS}/${W.publicOpen}?${API}`, { location: current.location, properties: { ...current.properties, hbiWorkspace: true } });
    refused(put, 400, 'BadRequest', /hbiWorkspace/);
  });

  it('refuses create-only PATCH fields with the rule message when request validation is off', async () => {
    const raw = await start({ validateRequests: false });
    try {
      const r = await call(raw, 'PATCH', `${WS}/${W.publicOpen}?${API}`, { properties: { hbiWorkspace: true } });
      refused(r, 400, 'BadRequest', /'hbiWorkspace' can only be set when the workspace is created/);
    } finally {
      await raw.stop();
    }
  });

  it('checks CMK prerequisites at create', async () => {
    const body = (vault: string, key: string, sub: string = P) => ({
      location: 'eastus',
      properties: { encryption: { status: 'Enabled', keyVaultProperties: { keyVaultArmId: `/subscriptions/${sub}/resourceGroups/${DEMO.prod.sharedRg}/providers/Microsoft.KeyVault/vaults/${vault}`, keyIdentifier: `https://${vault}.vault.azure.net/keys/${key}` } } },
    });
    refused(await call(emu, 'PUT', `${WS}/ws-cmk-1?${API}`, body(DEMO.vaults.noPurgeProtection, 'rsa-key')), 400, 'BadRequest', /purge protection/);
    refused(await call(emu, 'PUT', `${WS}/ws-cmk-2?${API}`, body('kv-missing', 'k')), 400, 'BadRequest', /not found/);
    refused(await call(emu, 'PUT', `${WS}/ws-cmk-3?${API}`, body(DEMO.vaults.cmkReady, 'no-such-key')), 400, 'BadRequest', /Key 'no-such-key' was not found/);
    refused(await call(emu, 'PUT', `${WS}/ws-cmk-4?${API}`, body(DEMO.vaults.cmkReady, DEMO.cmkKey, R)), 400, 'BadRequest', /subscription/);
    await call(emu, 'PUT', `${SHARED}/${DEMO.vaults.cmkReady}/keys/ec-key?${API}`, { properties: { kty: 'EC', curveName: 'P-256' } });
    refused(await call(emu, 'PUT', `${WS}/ws-cmk-5?${API}`, body(DEMO.vaults.cmkReady, 'ec-key')), 400, 'BadRequest', /must be RSA/);
    const ok = await call(emu, 'PUT', `${WS}/ws-cmk-6?${API}`, body(DEMO.vaults.cmkReady, DEMO.cmkKey));
    expect(ok.status).toBe(202);
  });
});

describe('soft delete', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start()));
  afterAll(() => emu.stop());

  it('soft-deletes, blocks the name with the service message, and frees it after a purge', async () => {
    const url = `${WS}/${W.publicOpen}`;
    const before = (await call(emu, 'GET', `${url}?${API}`)).body;
    const del = await call(emu, 'DELETE', `${url}?${API}`);
    expect(del.status).toBe(202);
    expect(del.headers['azure-asyncoperation']).toBeDefined();
    expect(del.headers.location).toBeDefined();
    await waitForOperation(emu, del);
    expect((await call(emu, 'GET', `${url}?${API}`)).status).toBe(404);
    expect((await call(emu, 'GET', `${WS}?${API}`)).body.value.map((w: { name: string }) => w.name)).not.toContain(W.publicOpen);

    const recreate = () => call(emu, 'PUT', `${url}?${API}`, { location: before.location, properties: { storageAccount: before.properties.storageAccount, keyVault: before.properties.keyVault } });
    refused(await recreate(), 409, 'Conflict', /^Soft-deleted workspace exists\. Please purge or recover it\.$/);

    const purge = await call(emu, 'DELETE', `${url}?${API}&forceToPurge=true`);
    expect(purge.status).toBe(202);
    await waitForOperation(emu, purge);
    const again = await recreate();
    expect(again.status).toBe(202);
    await waitForOperation(emu, again);
    expect((await call(emu, 'GET', `${url}?${API}`)).body.properties.provisioningState).toBe('Succeeded');
  });

  it('seeds a soft-deleted name in the demo fleet and purges children with the workspace', async () => {
    refused(await call(emu, 'PUT', `${WS_R}/${W.softDeleted}?${API}`, { location: 'westeurope', properties: {} }), 409, 'Conflict', /Soft-deleted/);
    const url = `${WS_R}/${W.withComputes}`;
    expect((await call(emu, 'GET', `${url}/computes?${API}`)).body.value).toHaveLength(2);
    const del = await call(emu, 'DELETE', `${url}?${API}&forceToPurge=true`);
    await waitForOperation(emu, del);
    expect((await call(emu, 'GET', `${url}/computes?${API}`)).status).toBe(404);
    const state = emu.snapshot() as unknown as { resources: Record<string, unknown> };
    expect(Object.keys(state.resources).some((k) => k.startsWith(`${url.toLowerCase()}/`))).toBe(false);
    expect((await call(emu, 'PUT', `${url}?${API}`, { location: 'westeurope', properties: {} })).status).toBe(202);
  });
});
