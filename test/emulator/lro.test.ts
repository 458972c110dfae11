import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { API, call, start, waitForOperation } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const POLL = new RegExp(`^https://127\\.0\\.0\\.1:\\d+/subscriptions/${P}/providers/Microsoft\\.MachineLearningServices/locations/eastus/workspaceOperationsStatus/[0-9a-f-]+\\?api-version=2025-06-01&type=`);

describe('long-running operations', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ lroDurationMs: 300 })));
  afterAll(() => emu.stop());

  it('PATCH answers 202 with Azure-AsyncOperation and Location, reports InProgress, then applies the change', async () => {
    const url = `${WS}/${DEMO.workspaces.publicInternetOutbound}?${API}`;
    const started = await call(emu, 'PATCH', url, { properties: { publicNetworkAccess: 'Disabled' } });
    expect(started.status).toBe(202);
    expect(started.body).toBeUndefined();
    expect(String(started.headers['azure-asyncoperation'])).toMatch(POLL);
    expect(String(started.headers['azure-asyncoperation'])).toMatch(/type=async$/);
    expect(String(started.headers.location)).toMatch(/type=location$/);

    const during = await call(emu, 'GET', url);
    expect(during.body.properties.provisioningState).toBe('Updating');
    expect(during.body.properties.publicNetworkAccess).toBe('Enabled');
    const asyncPoll = await call(emu, 'GET', String(started.headers['azure-asyncoperation']));
    expect([asyncPoll.status, asyncPoll.body]).toEqual([200, { status: 'InProgress' }]);
    const locationPoll = await call(emu, 'GET', String(started.headers.location));
    expect(locationPoll.status).toBe(202);

    const done = await waitForOperation(emu, started);
    expect(done.body).toEqual({ status: 'Succeeded', percentComplete: 100 });
    const final = await call(emu, 'GET', String(started.headers.location));
    expect(final.status).toBe(200);
    expect(final.body.properties.publicNetworkAccess).toBe('Disabled');
    const after = await call(emu, 'GET', url);
    expect(after.body.properties).toMatchObject({ provisioningState: 'Succeeded', publicNetworkAccess: 'Disabled' });
  });

  it('provisionManagedNetwork activates the network and the rules; its Location answers {status, sparkReady}', async () => {
    const url = `${WS}/${DEMO.workspaces.publicInternetOutbound}`;
    const ruleBefore = await call(emu, 'PUT', `${url}/outboundRules/pe-blob?${API}`, {
      properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: `/subscriptions/${P}/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/sa1`, subresourceTarget: 'blob', sparkEnabled: true } },
    });
    expect(ruleBefore.status).toBe(202);
    await waitForOperation(emu, ruleBefore);
    const rule = await call(emu, 'GET', `${url}/outboundRules/pe-blob?${API}`);
    expect(rule.body.properties).toMatchObject({ category: 'UserDefined', status: 'Inactive' });
    expect((await call(emu, 'GET', `${url}?${API}`)).body.properties.managedNetwork.status.status).toBe('Inactive');

    const started = await call(emu, 'POST', `${url}/provisionManagedNetwork?${API}`, { includeSpark: true });
    expect(started.status).toBe(202);
    expect(started.headers['azure-asyncoperation']).toBeDefined();
    await waitForOperation(emu, started);
    const result = await call(emu, 'GET', String(started.headers.location));
    expect(result.body).toEqual({ status: 'Active', sparkReady: true });
    const ws = (await call(emu, 'GET', `${url}?${API}`)).body;
    expect(ws.properties.managedNetwork.status).toEqual({ status: 'Active', sparkReady: true });
    expect(ws.properties.managedNetwork.outboundRules['pe-blob']).toMatchObject({ status: 'Active', destination: { sparkStatus: 'Active' } });
    const list = await call(emu, 'GET', `${url}/outboundRules?${API}`);
    expect(list.body.value.map((r: { name: string }) => r.name)).toContain('pe-blob');

    const del = await call(emu, 'DELETE', `${url}/outboundRules/pe-blob?${API}`);
    expect(del.status).toBe(202);
    await waitForOperation(emu, del);
    expect((await call(emu, 'GET', `${url}/outboundRules/pe-blob?${API}`)).status).toBe(404);
  });

  it('PUT creates with provisioningState Creating, then Succeeded; the service adds Required rules for private linked resources', async () => {
    const rg = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}`;
    const st = `${rg}/providers/Microsoft.Storage/storageAccounts/stnewprivate`;
    expect((await call(emu, 'PUT', `${st}?${API}`, { location: 'eastus', properties: { publicNetworkAccess: 'Disabled' } })).status).toBe(201);
    const kv = `${rg}/providers/Microsoft.KeyVault/vaults/kv-new-private`;
    const vault = await call(emu, 'PUT', `${kv}?${API}`, { location: 'eastus', properties: { tenantId: DEMO.tenantId, sku: { family: 'A', name: 'standard' }, publicNetworkAccess: 'Disabled' } });
    expect(vault.status).toBe(201);
    const url = `${WS}/ws-new-one?${API}`;
    const started = await call(emu, 'PUT', url, {
      location: 'eastus',
      identity: { type: 'SystemAssigned' },
      properties: { storageAccount: st, keyVault: kv, publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound' } },
    });
    expect(started.status).toBe(202);
    expect((await call(emu, 'GET', url)).body.properties.provisioningState).toBe('Creating');
    await waitForOperation(emu, started);
    const ws = (await call(emu, 'GET', url)).body;
    expect(ws.properties.provisioningState).toBe('Succeeded');
    expect(ws.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const rules = ws.properties.managedNetwork.outboundRules;
    expect(Object.keys(rules).sort()).toEqual(['__SYS_PE_kv-new-private_vault', '__SYS_PE_stnewprivate_blob', '__SYS_PE_stnewprivate_file']);
    expect(rules.__SYS_PE_stnewprivate_blob).toMatchObject({ type: 'PrivateEndpoint', category: 'Required', status: 'Active', destination: { serviceResourceId: st, subresourceTarget: 'blob' } });
    expect(ws.properties.managedNetwork.status.status).toBe('Inactive');
  });
});

describe('LRO with lroDurationMs 0', () => {
  it('succeeds on the first poll and sends Retry-After: 0', async () => {
    const emu = await start();
    try {
      const started = await call(emu, 'POST', `${WS}/${DEMO.workspaces.approvedOnly}/provisionManagedNetwork?${API}`, { includeSpark: false });
      expect(started.headers['retry-after']).toBe('0');
      const poll = await call(emu, 'GET', String(started.headers['azure-asyncoperation']));
      expect(poll.body.status).toBe('Succeeded');
    } finally {
      await emu.stop();
    }
  });
});
