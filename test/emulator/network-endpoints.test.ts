import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { call, start, waitForOperation, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const NET = `/subscriptions/${P}/resourceGroups/${DEMO.network.rg}/providers/Microsoft.Network`;
const PE_API = 'api-version=2025-03-01';
const ML_API = 'api-version=2025-06-01';
const WSS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const SUBNET = `${NET}/virtualNetworks/${DEMO.network.vnets.eastus.name}/subnets/${DEMO.network.subnet}`;
const target = (ws: string) => `${WSS}/${ws}`;

function endpointBody(ws: string, overrides: Record<string, unknown> = {}, groupIds = ['amlworkspace']) {
  return { location: 'eastus', properties: { subnet: { id: SUBNET }, privateLinkServiceConnections: [{ name: 'conn', properties: { privateLinkServiceId: target(ws), groupIds } }], ...overrides } };
}

async function finish(emu: RunningEmulator, started: Reply): Promise<Reply> {
  const done = await waitForOperation(emu, started);
  expect(done.body.status).toBe('Succeeded');
  return done;
}

describe('private endpoints to workspaces', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ lroDurationMs: 1500, validateResponses: true })));
  afterAll(() => emu.stop());

  it('PUT answers 201 Updating with Azure-AsyncOperation on the Network RP, then adds an Approved workspace connection', async () => {
    const url = `${NET}/privateEndpoints/pe-open?${PE_API}`;
    const started = await call(emu, 'PUT', url, endpointBody(DEMO.workspaces.publicOpen));
    expect(started.status).toBe(201);
    expect(started.body.properties.provisioningState).toBe('Updating');
    expect(String(started.headers['azure-asyncoperation'])).toMatch(new RegExp(`/subscriptions/${P}/providers/Microsoft\\.Network/locations/eastus/operations/[0-9a-f-]+\\?api-version=2025-03-01$`));
    expect(started.headers.location).toBeUndefined();
    const before = await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}?${ML_API}`);
    expect(before.body.properties.privateEndpointConnections ?? []).toEqual([]);

    await finish(emu, started);
    const pe = (await call(emu, 'GET', url)).body;
    expect(pe.properties.provisioningState).toBe('Succeeded');
    expect(pe.properties.privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState.status).toBe('Approved');
    // The demo endpoint holds .4 and .5 of the same subnet: the next free addresses are .6 and .7.
    expect(pe.properties.customDnsConfigs.flatMap((c: { ipAddresses: string[] }) => c.ipAddresses)).toEqual(['10.10.1.6', '10.10.1.6', '10.10.1.7']);
    const wsId = (await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}?${ML_API}`)).body.properties.workspaceId;
    expect(pe.properties.customDnsConfigs[0].fqdn).toBe(`${wsId}.workspace.eastus.api.azureml.ms`);

    const ws = (await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}?${ML_API}`)).body;
    expect(ws.properties.privateEndpointConnections).toHaveLength(1);
    const conn = ws.properties.privateEndpointConnections[0];
    expect(conn).toMatchObject({ properties: { privateEndpoint: { id: pe.id, subnetArmId: SUBNET }, privateLinkServiceConnectionState: { status: 'Approved' }, provisioningState: 'Succeeded' } });
    expect(conn.id).toBe(`${target(DEMO.workspaces.publicOpen)}/privateEndpointConnections/${conn.name}`);
    const listed = await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}/privateEndpointConnections?${ML_API}`);
    expect(listed.body.value.map((c: { name: string }) => c.name)).toEqual([conn.name]);
    expect((await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}/privateEndpointConnections/${conn.name}?${ML_API}`)).body.id).toBe(conn.id);

    const rgList = await call(emu, 'GET', `${NET}/privateEndpoints?${PE_API}`);
    expect(rgList.body.value.map((e: { name: string }) => e.name).sort()).toEqual(['pe-open', DEMO.network.compliantEndpoint]);
    const subList = await call(emu, 'GET', `/subscriptions/${P}/providers/Microsoft.Network/privateEndpoints?${PE_API}`);
    expect(subList.body.value).toHaveLength(2);
    const subnet = await call(emu, 'GET', `${SUBNET}?${PE_API}`);
    expect(subnet.body.properties.privateEndpoints.map((e: { id: string }) => e.id)).toContain(pe.id);

    const deleting = await call(emu, 'DELETE', url);
    expect(deleting.status).toBe(202);
    expect(String(deleting.headers.location)).toMatch(/\/providers\/Microsoft\.Network\/locations\/eastus\/operationResults\//);
    expect((await call(emu, 'GET', url)).body.properties.provisioningState).toBe('Deleting');
    await finish(emu, deleting);
    expect((await call(emu, 'GET', String(deleting.headers.location))).status).toBe(204);
    expect((await call(emu, 'GET', url)).status).toBe(404);
    expect((await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}?${ML_API}`)).body.properties.privateEndpointConnections).toEqual([]);
    expect((await call(emu, 'DELETE', url)).status).toBe(204);
  });

  it('refuses a missing subnet, a region mismatch, a missing target, a wrong group id, and a body the spec refuses', async () => {
    const url = `${NET}/privateEndpoints/pe-bad?${PE_API}`;
    const noSubnet = await call(emu, 'PUT', url, endpointBody(DEMO.workspaces.publicOpen, { subnet: { id: `${NET}/virtualNetworks/vnet-eastus/subnets/nope` } }));
    expect([noSubnet.status, noSubnet.body.error.code]).toEqual([400, 'InvalidResourceReference']);
    expect(noSubnet.body.error.message).toMatch(/subnets\/nope.*was not found/);
    const wrongRegion = await call(emu, 'PUT', url, { ...endpointBody(DEMO.workspaces.publicOpen), location: 'westeurope' });
    expect(wrongRegion.status).toBe(400);
    expect(wrongRegion.body.error.message).toMatch(/same region as its virtual network/);
    const noTarget = await call(emu, 'PUT', url, endpointBody('ws-does-not-exist'));
    expect([noTarget.status, noTarget.body.error.code]).toEqual([400, 'InvalidResourceReference']);
    const badGroup = await call(emu, 'PUT', url, endpointBody(DEMO.workspaces.publicOpen, {}, ['blob']));
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.message).toMatch(/exactly one group id, 'amlworkspace'/);
    const invalid = await call(emu, 'PUT', url, { location: 'eastus', properties: { subnet: { id: SUBNET }, privateLinkServiceConnections: 'nope' } });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'InvalidRequestContent']);
    expect(invalid.body.error.message).toMatch(/privateLinkServiceConnections: must be array/);
    expect((await call(emu, 'GET', url)).status).toBe(404);
  });

  it('manual connections start Pending; PUT of the workspace connection with Approved approves both ends', async () => {
    const url = `${NET}/privateEndpoints/pe-manual?${PE_API}`;
    const body = { location: 'eastus', properties: { subnet: { id: SUBNET }, manualPrivateLinkServiceConnections: [{ name: 'm', properties: { privateLinkServiceId: target(DEMO.workspaces.isolationDisabled), groupIds: ['amlworkspace'], requestMessage: 'please' } }] } };
    await finish(emu, await call(emu, 'PUT', url, body));
    const wsUrl = target(DEMO.workspaces.isolationDisabled);
    const [conn] = (await call(emu, 'GET', `${wsUrl}/privateEndpointConnections?${ML_API}`)).body.value;
    expect(conn.properties.privateLinkServiceConnectionState.status).toBe('Pending');
    expect((await call(emu, 'GET', url)).body.properties.manualPrivateLinkServiceConnections[0].properties.privateLinkServiceConnectionState.status).toBe('Pending');

    const approved = await call(emu, 'PUT', `${wsUrl}/privateEndpointConnections/${conn.name}?${ML_API}`, { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } } });
    expect(approved.status).toBe(200);
    expect(approved.body.properties.privateLinkServiceConnectionState).toEqual({ status: 'Approved', description: 'ok', actionsRequired: 'None' });
    expect((await call(emu, 'GET', url)).body.properties.manualPrivateLinkServiceConnections[0].properties.privateLinkServiceConnectionState.status).toBe('Approved');
    const bad = await call(emu, 'PUT', `${wsUrl}/privateEndpointConnections/${conn.name}?${ML_API}`, { properties: { privateLinkServiceConnectionState: { status: 'Bogus' } } });
    expect(bad.status).toBe(400);
    await finish(emu, await call(emu, 'DELETE', url));
  });
});

describe('manual approval seed flag', () => {
  it('a workspace listed in manualApproval gets Pending connections even from privateLinkServiceConnections', async () => {
    const { demoFleetState } = await import('../../src/emulator/demo-fleet.js');
    const seed = demoFleetState() as unknown as { manualApproval?: string[] };
    seed.manualApproval = [target(DEMO.workspaces.publicOpen).toLowerCase()];
    const emu = await start({ seed: seed as never });
    try {
      await finish(emu, await call(emu, 'PUT', `${NET}/privateEndpoints/pe-flag?${PE_API}`, endpointBody(DEMO.workspaces.publicOpen)));
      const ws = (await call(emu, 'GET', `${target(DEMO.workspaces.publicOpen)}?${ML_API}`)).body;
      expect(ws.properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status).toBe('Pending');
    } finally {
      await emu.stop();
    }
  });
});
