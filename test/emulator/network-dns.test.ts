import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { call, start, tempDir, waitForOperation, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const R = DEMO.research.subscriptionId;
const N = DEMO.network;
const NET = `/subscriptions/${P}/resourceGroups/${N.rg}/providers/Microsoft.Network`;
const NET_API = 'api-version=2025-03-01';
const DNS_API = 'api-version=2024-06-01';
const VNET = `${NET}/virtualNetworks/${N.vnets.eastus.name}`;
const PE = `${NET}/privateEndpoints/${N.compliantEndpoint}`;

async function finish(emu: RunningEmulator, started: Reply): Promise<void> {
  expect(started.status).toBe(202);
  expect((await waitForOperation(emu, started)).body.status).toBe('Succeeded');
}

describe('private DNS zones, links and zone groups', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true })));
  afterAll(() => emu.stop());

  it('the demo fleet holds a vnet per region, the compliant workspace endpoint, both zones linked and a zone group', async () => {
    const vnets = await call(emu, 'GET', `/subscriptions/${R}/providers/Microsoft.Network/virtualNetworks?${NET_API}`);
    expect(vnets.body.value.map((v: { name: string; location: string }) => [v.name, v.location])).toEqual([[N.vnets.westeurope.name, 'westeurope']]);
    const subnets = await call(emu, 'GET', `${VNET}/subnets?${NET_API}`);
    expect(subnets.body.value[0]).toMatchObject({ name: N.subnet, properties: { addressPrefix: N.vnets.eastus.subnetPrefix, privateEndpointNetworkPolicies: 'Disabled' } });
    expect((await call(emu, 'GET', `${NET}/virtualNetworks?${NET_API}`)).body.value.map((v: { name: string }) => v.name)).toEqual([N.vnets.eastus.name]);
    expect((await call(emu, 'GET', `${VNET}/subnets/missing?${NET_API}`)).status).toBe(404);
    expect((await call(emu, 'DELETE', `${VNET}?${NET_API}`)).status).toBe(405);

    const pe = (await call(emu, 'GET', `${PE}?${NET_API}`)).body;
    expect(pe.properties.privateLinkServiceConnections[0].properties).toMatchObject({ groupIds: ['amlworkspace'], privateLinkServiceConnectionState: { status: 'Approved' } });
    const ws = (await call(emu, 'GET', `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.compliant}?api-version=2025-06-01`)).body;
    expect(ws.properties.privateEndpointConnections.map((c: { properties: { privateEndpoint: { id: string } } }) => c.properties.privateEndpoint.id)).toEqual([pe.id]);
    const other = (await call(emu, 'GET', `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.approvedOnly}?api-version=2025-06-01`)).body;
    expect(other.properties.privateEndpointConnections).toBeUndefined();

    const zones = (await call(emu, 'GET', `${NET}/privateDnsZones?${DNS_API}`)).body.value;
    expect(zones.map((z: { name: string; properties: { numberOfVirtualNetworkLinks: number } }) => [z.name, z.properties.numberOfVirtualNetworkLinks])).toEqual(N.zones.map((z) => [z, 1]));
    const group = (await call(emu, 'GET', `${PE}/privateDnsZoneGroups/${N.zoneGroup}?${NET_API}`)).body;
    const records = group.properties.privateDnsZoneConfigs.flatMap((c: { properties: { recordSets: { fqdn: string; ipAddresses: string[] }[] } }) => c.properties.recordSets);
    expect(records.map((r: { fqdn: string; ipAddresses: string[] }) => [r.fqdn, r.ipAddresses])).toEqual([
      [`${ws.properties.workspaceId}.workspace.eastus.privatelink.api.azureml.ms`, [N.compliantIps[0]]],
      [`${ws.properties.workspaceId}.workspace.eastus.cert.privatelink.api.azureml.ms`, [N.compliantIps[0]]],
      [`ml-${DEMO.workspaces.compliant}-eastus-${ws.properties.workspaceId}.eastus.privatelink.notebooks.azure.net`, [N.compliantIps[1]]],
    ]);
  });

  it('zones: PUT/GET/DELETE as LROs on privateDnsOperationStatuses; links refuse a missing vnet and a second link of the same vnet; a linked zone cannot be deleted', async () => {
    const zone = `${NET}/privateDnsZones/privatelink.example.test`;
    const put = await call(emu, 'PUT', `${zone}?${DNS_API}`, { location: 'global' });
    expect(String(put.headers['azure-asyncoperation'])).toMatch(new RegExp(`/resourceGroups/${N.rg}/providers/Microsoft\\.Network/privateDnsOperationStatuses/`));
    await finish(emu, put);
    expect((await call(emu, 'GET', String(put.headers.location))).body.name).toBe('privatelink.example.test');
    expect((await call(emu, 'GET', `${zone}?${DNS_API}`)).body).toMatchObject({ location: 'global', type: 'Microsoft.Network/privateDnsZones', properties: { provisioningState: 'Succeeded', numberOfVirtualNetworkLinks: 0 } });
    expect((await call(emu, 'PUT', `${zone}?${DNS_API}`, { location: 'eastus' })).status).toBe(400);

    const link = (name: string, vnet = VNET) => call(emu, 'PUT', `${zone}/virtualNetworkLinks/${name}?${DNS_API}`, { location: 'global', properties: { virtualNetwork: { id: vnet }, registrationEnabled: false } });
    const missing = await link('l0', `${NET}/virtualNetworks/nope`);
    expect([missing.status, missing.body.error.code]).toEqual([400, 'InvalidResourceReference']);
    await finish(emu, await link('l1'));
    expect((await call(emu, 'GET', `${zone}/virtualNetworkLinks/l1?${DNS_API}`)).body.properties).toMatchObject({ virtualNetwork: { id: VNET }, virtualNetworkLinkState: 'Completed' });
    const twin = await link('l2');
    expect([twin.status, twin.body.error.code]).toEqual([409, 'Conflict']);
    expect((await call(emu, 'GET', `${zone}/virtualNetworkLinks?${DNS_API}`)).body.value).toHaveLength(1);

    const refused = await call(emu, 'DELETE', `${zone}?${DNS_API}`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'Conflict']);
    expect(refused.body.error.message).toMatch(/l1/);
    await finish(emu, await call(emu, 'DELETE', `${zone}/virtualNetworkLinks/l1?${DNS_API}`));
    await finish(emu, await call(emu, 'DELETE', `${zone}?${DNS_API}`));
    expect((await call(emu, 'GET', `${zone}?${DNS_API}`)).status).toBe(404);
  });

  it('zone groups refuse a zone that does not exist and are removed with DELETE', async () => {
    const url = `${PE}/privateDnsZoneGroups/extra?${NET_API}`;
    const bad = await call(emu, 'PUT', url, { properties: { privateDnsZoneConfigs: [{ name: 'x', properties: { privateDnsZoneId: `${NET}/privateDnsZones/privatelink.nope.net` } }] } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'InvalidResourceReference']);
    const zoneId = `${NET}/privateDnsZones/${N.zones[0]}`;
    const put = await call(emu, 'PUT', url, { properties: { privateDnsZoneConfigs: [{ name: 'api', properties: { privateDnsZoneId: zoneId } }] } });
    expect(put.status).toBe(201);
    await waitForOperation(emu, put);
    expect((await call(emu, 'GET', `${PE}/privateDnsZoneGroups?${NET_API}`)).body.value.map((g: { name: string }) => g.name).sort()).toEqual([N.zoneGroup, 'extra']);
    const del = await call(emu, 'DELETE', url);
    await finish(emu, del);
    expect((await call(emu, 'GET', url)).status).toBe(404);
  });
});

describe('network persistence', () => {
  it('endpoints, zones and links survive a restart from the state file', async () => {
    const dir = await tempDir();
    try {
      const stateFile = join(dir.path, 'state.json');
      const first = await start({ stateFile });
      const zone = `${NET}/privateDnsZones/privatelink.persist.test`;
      await finish(first, await call(first, 'PUT', `${zone}?${DNS_API}`, { location: 'global' }));
      await finish(first, await call(first, 'PUT', `${zone}/virtualNetworkLinks/keep?${DNS_API}`, { location: 'global', properties: { virtualNetwork: { id: VNET } } }));
      await first.stop();
      const second = await start({ stateFile, seed: 'empty' });
      try {
        expect((await call(second, 'GET', `${zone}/virtualNetworkLinks/keep?${DNS_API}`)).body.properties.virtualNetwork.id).toBe(VNET);
        expect((await call(second, 'GET', `${PE}?${NET_API}`)).body.properties.provisioningState).toBe('Succeeded');
      } finally {
        await second.stop();
      }
    } finally {
      await dir.cleanup();
    }
  });
});
