import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { startEmulator } from '../../src/emulator/index.js';
import { API, call, sharedCertDir, start } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;

describe('emulator server basics', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start()));
  afterAll(() => emu.stop());

  it('refuses calls without a bearer token with an ARM AuthenticationFailed error', async () => {
    const none = await call(emu, 'GET', `/subscriptions?${API}`, undefined, null);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AuthenticationFailed');
    const empty = await call(emu, 'GET', `/subscriptions?${API}`, undefined, '');
    expect(empty.status).toBe(401);
    expect((await call(emu, 'GET', `/_emulator/state`, undefined, null)).status).toBe(401);
  });

  it('answers JSON with request ids and the read/write/delete rate-limit headers', async () => {
    const read = await call(emu, 'GET', `/subscriptions/${P}?${API}`);
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toMatch(/application\/json/);
    expect(read.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(read.headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(read.headers['x-ms-ratelimit-remaining-subscription-reads']).toBeDefined();
    expect(read.body).toMatchObject({ subscriptionId: P, displayName: DEMO.prod.displayName, tenantId: DEMO.tenantId });
    const write = await call(emu, 'PUT', `/subscriptions/${P}/resourcegroups/rg-new?${API}`, { location: 'eastus' });
    expect(write.status).toBe(201);
    expect(write.headers['x-ms-ratelimit-remaining-subscription-writes']).toBeDefined();
    const del = await call(emu, 'DELETE', `${WS}/nope?${API}`);
    expect(del.status).toBe(204);
    expect(del.headers['x-ms-ratelimit-remaining-subscription-deletes']).toBeDefined();
  });

  it('requires api-version on ARM routes', async () => {
    const r = await call(emu, 'GET', `/subscriptions/${P}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MissingApiVersionParameter');
  });

  it('normalises the duplicate leading slash the SDK ...ById methods send, and matches paths case-insensitively', async () => {
    const r = await call(emu, 'GET', `/${WS.replace('resourceGroups', 'RESOURCEGROUPS').replace('Microsoft.MachineLearningServices', 'microsoft.machinelearningservices')}/${DEMO.workspaces.compliant}/?${API}`);
    expect(r.body).toMatchObject({ name: DEMO.workspaces.compliant });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe(DEMO.workspaces.compliant);
  });

  it('answers ARM not-found codes for a missing subscription, resource group and workspace', async () => {
    expect((await call(emu, 'GET', `/subscriptions/00000000-0000-0000-0000-000000000000?${API}`)).body.error.code).toBe('SubscriptionNotFound');
    const rg = await call(emu, 'GET', `/subscriptions/${P}/resourceGroups/missing/providers/Microsoft.MachineLearningServices/workspaces/x?${API}`);
    expect([rg.status, rg.body.error.code]).toEqual([404, 'ResourceGroupNotFound']);
    const ws = await call(emu, 'GET', `${WS}/missing?${API}`);
    expect([ws.status, ws.body.error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('serves the admin API: request log, state, config and reset', async () => {
    await call(emu, 'PUT', `/subscriptions/${P}/resourcegroups/rg-logged?${API}`, { location: 'westus' });
    const log = await call(emu, 'GET', '/_emulator/requests');
    const put = log.body.value.find((e: { url: string }) => e.url.includes('rg-logged'));
    expect(put).toMatchObject({ method: 'PUT', status: 201, body: { location: 'westus' } });
    expect(put.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.requests.some((e) => e.url.includes('rg-logged'))).toBe(true);
    const state = await call(emu, 'GET', '/_emulator/state');
    expect(state.body.formatVersion).toBe(1);
    expect((await call(emu, 'POST', '/_emulator/config', { pageSize: 1 })).status).toBe(200);
    const page = await call(emu, 'GET', `/subscriptions?${API}`);
    expect(page.body.value).toHaveLength(1);
    expect((await call(emu, 'POST', '/_emulator/config', { bogus: 1 })).status).toBe(400);
    await call(emu, 'POST', '/_emulator/config', { pageSize: 100 });
    expect((await call(emu, 'POST', '/_emulator/reset?seed=empty')).status).toBe(200);
    expect((await call(emu, 'GET', `${WS}?${API}`)).body.value).toEqual([]);
    await call(emu, 'POST', '/_emulator/reset?seed=demo');
    expect((await call(emu, 'GET', `${WS}?${API}`)).body.value.length).toBeGreaterThan(3);
  });

  it('serves key vaults, keys, storage, registries, app insights and diagnostic settings', async () => {
    const rg = `/subscriptions/${P}/resourceGroups/${DEMO.prod.sharedRg}`;
    const vault = await call(emu, 'GET', `${rg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}?${API}`);
    expect(vault.body.properties).toMatchObject({ enableSoftDelete: true, enablePurgeProtection: true });
    const keys = await call(emu, 'GET', `${rg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}/keys?${API}`);
    expect(keys.body.value[0].properties).toMatchObject({ kty: 'RSA', keySize: 3072 });
    expect(keys.body.value[0].properties.keyUriWithVersion).toMatch(/^https:\/\/kv-cmk-ready\.vault\.azure\.net\/keys\/cmk-rsa-3072\/\w+$/);
    const newKey = await call(emu, 'PUT', `${rg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}/keys/k2?${API}`, { properties: { kty: 'RSA', keySize: 4096 } });
    expect(newKey.status).toBe(200);
    expect(newKey.body.properties.keyUri).toBe('https://kv-cmk-ready.vault.azure.net/keys/k2');
    expect((await call(emu, 'GET', `/subscriptions/${P}/providers/Microsoft.KeyVault/vaults?${API}`)).body.value.length).toBeGreaterThanOrEqual(2);
    for (const type of ['Microsoft.Storage/storageAccounts', 'Microsoft.ContainerRegistry/registries', 'Microsoft.Insights/components']) {
      const list = await call(emu, 'GET', `/subscriptions/${P}/providers/${type}?${API}`);
      expect(list.status).toBe(200);
      expect(list.body.value.length).toBeGreaterThan(0);
    }
    const ws = `${WS}/${DEMO.workspaces.compliant}`;
    const diag = await call(emu, 'GET', `${ws}/providers/Microsoft.Insights/diagnosticSettings?${API}`);
    expect(diag.body.value).toHaveLength(1);
    const put = await call(emu, 'PUT', `${WS}/${DEMO.workspaces.publicOpen}/providers/Microsoft.Insights/diagnosticSettings/logs?${API}`, { properties: { logs: [{ categoryGroup: 'allLogs', enabled: true }] } });
    expect(put.status).toBe(201);
    expect((await call(emu, 'DELETE', `${WS}/${DEMO.workspaces.publicOpen}/providers/Microsoft.Insights/diagnosticSettings/logs?${API}`)).status).toBe(200);
    expect((await call(emu, 'GET', `${WS}/${DEMO.workspaces.publicOpen}/providers/Microsoft.Insights/diagnosticSettings?${API}`)).body.value).toEqual([]);
  });
});

describe('loopback only', () => {
  it('refuses a non-loopback host before listening', async () => {
    await expect(startEmulator({ host: '0.0.0.0', certDir: sharedCertDir })).rejects.toThrow(/not loopback/);
    await expect(startEmulator({ host: '192.168.1.10', certDir: sharedCertDir })).rejects.toThrow(/not loopback/);
  });

  it('listens on localhost', async () => {
    const emu = await start({ host: 'localhost' });
    try {
      expect(emu.endpoint).toMatch(/^https:\/\/localhost:\d+$/);
      expect((await call(emu, 'GET', `/subscriptions?${API}`)).status).toBe(200);
    } finally {
      await emu.stop();
    }
  });

  it('refuses ::1, saying why (Node 22 cannot verify certificates for IPv6 addresses)', async () => {
    await expect(startEmulator({ host: '::1', certDir: sharedCertDir })).rejects.toThrow(/IPv6 address; use 127\.0\.0\.1 or localhost/);
    await expect(startEmulator({ host: '[::1]', certDir: sharedCertDir })).rejects.toThrow(/IPv6 address/);
  });
});
