import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { API, call, start, waitForOperation, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const RG = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces`;
const W = DEMO.workspaces;
const PUBLIC_ST = `${RG}/providers/Microsoft.Storage/storageAccounts/stpublicopen`;
const PRIVATE_ST = `${RG}/providers/Microsoft.Storage/storageAccounts/stcompliant`;
const ACR = `/subscriptions/${P}/resourceGroups/${DEMO.prod.sharedRg}/providers/Microsoft.ContainerRegistry/registries/crmlprod`;

async function done(emu: RunningEmulator, r: Reply): Promise<Reply> {
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return waitForOperation(emu, r);
}

const required = (ws: { properties: { managedNetwork?: { outboundRules?: Record<string, { category: string; destination: { serviceResourceId: string } }> } } }) =>
  Object.values(ws.properties.managedNetwork?.outboundRules ?? {}).filter((r) => r.category === 'Required').map((r) => r.destination.serviceResourceId.split('/').pop());

describe('Required private-endpoint rules and their approval', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true })));
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await call(emu, 'POST', '/_emulator/reset?seed=demo');
    emu.configure({ approverRoleMissing: false });
  });
  const create = async (name: string, isolationMode: string, storageAccount: string) => {
    await done(emu, await call(emu, 'PUT', `${WS}/${name}?${API}`, { location: 'eastus', properties: { storageAccount, managedNetwork: { isolationMode } } }));
    return (await call(emu, 'GET', `${WS}/${name}?${API}`)).body;
  };

  it('AllowInternetOutbound with public linked resources: no Required rules', async () => {
    expect(required(await create('ws-aio-public', 'AllowInternetOutbound', PUBLIC_ST))).toEqual([]);
  });

  it('AllowInternetOutbound with a private storage account: Required rules to it (blob and file)', async () => {
    expect(required(await create('ws-aio-private', 'AllowInternetOutbound', PRIVATE_ST))).toEqual(['stcompliant', 'stcompliant']);
  });

  it('AllowOnlyApprovedOutbound: Required rules even to public linked resources', async () => {
    expect(required(await create('ws-aoao-public', 'AllowOnlyApprovedOutbound', PUBLIC_ST))).toEqual(['stpublicopen', 'stpublicopen']);
  });

  it('without the approver role, provisioning leaves private-endpoint rules Inactive and fails with the service’s UserError', async () => {
    const rule = { properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: ACR, subresourceTarget: 'registry', sparkEnabled: false } } };
    await done(emu, await call(emu, 'PUT', `${WS}/${W.publicInternetOutbound}/outboundRules/pe-acr?${API}`, rule));
    emu.configure({ approverRoleMissing: true });
    const op = await done(emu, await call(emu, 'POST', `${WS}/${W.publicInternetOutbound}/provisionManagedNetwork?${API}`, { includeSpark: false }));
    expect(op.body).toEqual({ status: 'Failed', error: { code: 'UserError', message: `User does not have permission to approve private link connections to resource: ${ACR}` } });
    const got = await call(emu, 'GET', `${WS}/${W.publicInternetOutbound}/outboundRules/pe-acr?${API}`);
    expect(got.body.properties.status).toBe('Inactive');
    // With the role, the same provisioning makes the rule Active.
    emu.configure({ approverRoleMissing: false });
    expect((await done(emu, await call(emu, 'POST', `${WS}/${W.publicInternetOutbound}/provisionManagedNetwork?${API}`, {}))).body.status).toBe('Succeeded');
    expect((await call(emu, 'GET', `${WS}/${W.publicInternetOutbound}/outboundRules/pe-acr?${API}`)).body.properties.status).toBe('Active');
  });

  it('without the approver role, a private-endpoint rule added to an active network stays Inactive; approved rules stay Active', async () => {
    emu.configure({ approverRoleMissing: true });
    const rule = { properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: PUBLIC_ST, subresourceTarget: 'blob', sparkEnabled: false } } };
    const op = await done(emu, await call(emu, 'PUT', `${WS}/${W.compliant}/outboundRules/pe-late?${API}`, rule));
    expect(op.body.error).toMatchObject({ code: 'UserError', message: expect.stringContaining(PUBLIC_ST) });
    const rules = (await call(emu, 'GET', `${WS}/${W.compliant}/outboundRules?${API}`)).body.value as { name: string; properties: { status: string } }[];
    const status = Object.fromEntries(rules.map((r) => [r.name, r.properties.status]));
    expect(status['pe-late']).toBe('Inactive');
    expect(status['pe-shared-registry']).toBe('Active');
  });
});
