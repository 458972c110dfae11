import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { inboundCommands, shellQuote } from '../../src/config/inbound-commands.js';
import type { TargetInbound } from '../../src/plan/target-spec.js';
import { aTargetSpec, SUB } from './builders.js';

const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
const VNET = `${NET}/virtualNetworks/vnet-a`;
const SUBNET = `${VNET}/subnets/snet-pe`;
const zone = (z: string) => `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;
const API = zone('privatelink.api.azureml.ms');
const NB = zone('privatelink.notebooks.azure.net');
const created: TargetInbound = {
  mode: 'create',
  endpoints: [{ id: `${NET}/privateEndpoints/pe-mlw-inplace`, location: 'westeurope', subnetId: SUBNET, zoneIds: [API, NB] }],
  createZones: [NB],
  links: [{ id: `${NB}/virtualNetworkLinks/link-vnet-a`, zoneId: NB, vnetId: VNET }],
};

describe('inboundCommands: the az commands that complete workspace-config.yml', () => {
  it('create: zone, link, endpoint to the target workspace, then a zone group holding every zone, in apply\'s order', () => {
    const lines = inboundCommands(aTargetSpec({ inbound: created })).slice(1);
    expect(lines).toEqual([
      `  az network private-dns zone create --subscription ${SUB} --resource-group rg-dns --name privatelink.notebooks.azure.net`,
      `  az network private-dns link vnet create --subscription ${SUB} --resource-group rg-dns --zone-name privatelink.notebooks.azure.net --name link-vnet-a --virtual-network ${VNET} --registration-enabled false`,
      `  az network private-endpoint create --subscription ${SUB} --resource-group rg-net --name pe-mlw-inplace --location westeurope --subnet ${SUBNET} ` +
        `--private-connection-resource-id /subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-inplace --group-id amlworkspace --connection-name pe-mlw-inplace`,
      `  az network private-endpoint dns-zone-group create --subscription ${SUB} --resource-group rg-net --endpoint-name pe-mlw-inplace --name default --private-dns-zone ${API} --zone-name privatelink-api-azureml-ms`,
      `  az network private-endpoint dns-zone-group add --subscription ${SUB} --resource-group rg-net --endpoint-name pe-mlw-inplace --name default --private-dns-zone ${NB} --zone-name privatelink-notebooks-azure-net`,
    ]);
  });

  it('existing: says no command is needed; none: names who loses access; an older plan without inbound says so', () => {
    const none: TargetInbound = { mode: 'none', endpoints: [], createZones: [], links: [] };
    expect(inboundCommands(aTargetSpec({ inbound: { ...none, mode: 'existing' } }))).toEqual([expect.stringMatching(/no inbound command needed.*Approved private endpoint/)]);
    const lost = inboundCommands(aTargetSpec({ inbound: none }));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/studio, the SDK, az ml .* stop working for all its users/);
    expect(lost[0]).not.toContain('az network');
    expect(inboundCommands(aTargetSpec())[0]).toMatch(/does not say how users reach/);
  });

  it('quotes values for a POSIX shell: a shell reads back exactly the value', () => {
    for (const value of ['plain-id/x.y', 'rg with space', "it's", '$(rm -rf ~)', '`x`;"y"|z&', '']) {
      const quoted = shellQuote(value);
      expect(execFileSync('sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' })).toBe(value);
    }
    expect(shellQuote('/subscriptions/a/b')).toBe('/subscriptions/a/b');
    const odd = inboundCommands(aTargetSpec({ inbound: { ...created, endpoints: [{ ...created.endpoints[0]!, location: "west europe'x" }] } }));
    expect(odd.join('\n')).toContain(`--location 'west europe'\\''x'`);
  });
});
