import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';

/** Issue 10 end to end: the real CLI against the emulator process, for each inbound mode, in place and re-created. */
const P = DEMO.prod;
const N = DEMO.network;
const API = 'api-version=2025-06-01';
const NET = 'api-version=2025-03-01';
const DNS = 'api-version=2024-06-01';
const wsId = (name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const IN_PLACE = wsId(DEMO.workspaces.publicInternetOutbound);
const RECREATE = wsId(DEMO.workspaces.approvedOnly);
const VNET = `/subscriptions/${P.subscriptionId}/resourceGroups/${N.rg}/providers/Microsoft.Network/virtualNetworks/${N.vnets.eastus.name}`;
const SUBNET = `${VNET}/subnets/${N.subnet}`;
const peId = (rg: string, name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${name}`;
const zoneId = (rg: string, zone: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/privateDnsZones/${zone}`;

describe('inbound access: plan, apply, verify and rollback on the emulator', () => {
  let emu: EmulatorProcess;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs, ...(['apply', 'rollback'].includes(args[0]!) ? ['--poll-interval-ms', '0'] : [])], { env: emu.cliEnv, cwd: dir });
  const status = async (id: string, query: string) => (await emu.arm('GET', `${id}?${query}`)).status;
  const approved = async (id: string) =>
    ((await emu.arm('GET', `${id}?${API}`)).body.properties.privateEndpointConnections ?? []).filter((c: { properties: { privateLinkServiceConnectionState: { status: string } } }) => c.properties.privateLinkServiceConnectionState.status === 'Approved');
  const writes = async () =>
    ((await emu.admin('GET', '/_emulator/requests')) as { value: { method: string; url: string }[] }).value.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method)).map((r) => `${r.method} ${r.url.split('?')[0]}`);
  async function planPath(...args: string[]): Promise<string> {
    const result = await cli('plan', ...args);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    return join('plans', readdirSync(join(dir, 'plans'))[0]!, 'plan.json');
  }

  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '200']);
  });
  afterAll(async () => emu.stop());
  beforeEach(async () => {
    await emu.admin('POST', '/_emulator/reset?seed=demo');
    dir = mkdtempSync(join(tmpdir(), 'aml-inbound-e2e-'));
  });

  it('without a flag, a workspace with no Approved endpoint is blocked (would-lock-out), in place and re-created, and nothing is written', async () => {
    for (const id of [IN_PLACE, RECREATE]) {
      const result = await cli('plan', id);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('[would-lock-out]');
      expect(result.stdout).toMatch(/--inbound-subnet SUBNET_ID/);
    }
    expect(await writes()).toEqual([]);
  });

  it('create in place: zones, links, endpoint and zone group before public access is disabled; verified; rollback removes exactly what was created', async () => {
    const path = await planPath(IN_PLACE, '--inbound-subnet', SUBNET, '--private-dns-zone-rg', P.rg);
    const applied = await cli('apply', path, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    const pe = peId(N.rg, 'pe-ws-public-internet-outbound');
    expect(await approved(IN_PLACE)).toHaveLength(1);
    // The final report names what users now resolve: the workspace FQDN with its private IP in the subnet.
    expect(applied.stderr).toContain(`[${DEMO.workspaces.publicInternetOutbound}] public access Disabled; users now resolve`);
    expect(applied.stderr).toMatch(/\S+\.workspace\.eastus\.api\.azureml\.ms -> 10\.10\.1\.\d+/);
    const log = await writes();
    const disable = log.findIndex((w) => w === `PATCH ${IN_PLACE}`);
    expect(log.indexOf(`PUT ${pe}`)).toBeGreaterThanOrEqual(0);
    expect(log.indexOf(`PUT ${pe}`)).toBeLessThan(disable);
    expect(log.indexOf(`PUT ${pe}/privateDnsZoneGroups/default`)).toBeLessThan(disable);
    const newZones = N.zones.map((z) => zoneId(P.rg, z));
    for (const z of newZones) expect(await status(z, DNS)).toBe(200);

    const rolledBack = await cli('rollback', path, '--yes');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(await status(pe, NET)).toBe(404);
    for (const z of newZones) expect(await status(z, DNS)).toBe(404);
    // What existed before (ws-compliant's endpoint and the zones in rg-network) is untouched.
    expect(await status(peId(N.rg, N.compliantEndpoint), NET)).toBe(200);
    for (const z of N.zones) expect(await status(zoneId(N.rg, z), DNS)).toBe(200);
    expect((await emu.arm('GET', `${IN_PLACE}?${API}`)).body.properties.publicNetworkAccess).toBe('Enabled');
  });

  it('config with --inbound-subnet prints the az commands for endpoint, zones, links and zone group on stderr, not in the YAML', async () => {
    const before = (await writes()).length;
    const result = await cli('config', IN_PLACE, '--inbound-subnet', SUBNET, '--private-dns-zone-rg', P.rg, '--out', 'ws.yml');
    expect(result.code, result.stderr).toBe(0);
    const zones = N.zones.map((z) => zoneId(P.rg, z));
    expect(result.stderr).toContain(`az network private-endpoint create --subscription ${P.subscriptionId} --resource-group ${N.rg} --name pe-ws-public-internet-outbound`);
    expect(result.stderr).toContain(`--subnet ${SUBNET} --private-connection-resource-id ${IN_PLACE} --group-id amlworkspace`);
    for (const z of N.zones) {
      expect(result.stderr).toContain(`az network private-dns zone create --subscription ${P.subscriptionId} --resource-group ${P.rg} --name ${z}`);
      expect(result.stderr).toMatch(new RegExp(`az network private-dns link vnet create .*--zone-name ${z.replace(/\./g, '\\.')} .*--virtual-network ${VNET}`));
    }
    expect(result.stderr).toContain(`az network private-endpoint dns-zone-group create --subscription ${P.subscriptionId} --resource-group ${N.rg} --endpoint-name pe-ws-public-internet-outbound --name default --private-dns-zone ${zones[0]}`);
    expect(readFileSync(join(dir, 'ws.yml'), 'utf8')).not.toMatch(/private-endpoint|privatelink/);
    expect(await writes()).toHaveLength(before);
  });

  it('re-created with --inbound-subnet: the endpoint follows the creation and the new workspace verifies with it', async () => {
    const path = await planPath(RECREATE, '--inbound-subnet', SUBNET);
    const applied = await cli('apply', path, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(await approved(wsId('ws-approved-only-iso'))).toHaveLength(1);
  });

  it('re-created by default: the source\'s Approved endpoint is mirrored (same subnet, same zones)', async () => {
    const sourcePe = peId(N.rg, 'pe-source');
    const body = { location: P.location, properties: { subnet: { id: SUBNET }, privateLinkServiceConnections: [{ name: 'pe-source', properties: { privateLinkServiceId: RECREATE, groupIds: ['amlworkspace'] } }] } };
    expect((await emu.arm('PUT', `${sourcePe}?${NET}`, body)).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 400));
    const zones = N.zones.map((z) => ({ name: z.replace(/\./g, '-'), properties: { privateDnsZoneId: zoneId(N.rg, z) } }));
    expect((await emu.arm('PUT', `${sourcePe}/privateDnsZoneGroups/default?${NET}`, { properties: { privateDnsZoneConfigs: zones } })).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 400));
    const path = await planPath(RECREATE);
    const applied = await cli('apply', path, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    const group = (await emu.arm('GET', `${peId(N.rg, 'pe-ws-approved-only-iso')}/privateDnsZoneGroups/default?${NET}`)).body;
    expect(group.properties.privateDnsZoneConfigs.map((c: { properties: { privateDnsZoneId: string } }) => c.properties.privateDnsZoneId.toLowerCase())).toEqual(N.zones.map((z) => zoneId(N.rg, z).toLowerCase()));
    expect(await approved(wsId('ws-approved-only-iso'))).toHaveLength(1);
  });

  it('none: only with --allow-no-inbound, shown as a warning; apply succeeds without an endpoint', async () => {
    const path = await planPath(IN_PLACE, '--allow-no-inbound');
    const shown = await runCli(['show', path], { cwd: dir });
    expect(shown.stdout).toContain('[inbound-none-acknowledged]');
    const applied = await cli('apply', path, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(await approved(IN_PLACE)).toHaveLength(0);
  });
});
