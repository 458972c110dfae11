import { describe, expect, it } from 'vitest';
import type { ArmReader } from '../../src/azure/arm-requester.js';
import { renderPrivateAccess } from '../../src/cli/private-access-report.js';
import { readPrivateAccess } from '../../src/observe/private-access.js';

const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-a';
const pe = (name: string) => `/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/${name}`;
const conn = (name: string, status: string) => ({ properties: { privateEndpoint: { id: pe(name) }, privateLinkServiceConnectionState: { status } } });

/** An in-memory ArmReader: GET answers from a map (404-like error otherwise); it records what was read. */
function fakeReader(bodies: Record<string, unknown>, read: string[] = []): ArmReader {
  return {
    endpoint: 'https://fake',
    get: async <T>(path: string) => {
      read.push(path);
      if (!(path in bodies)) throw new Error(`ResourceNotFound: ${path}`);
      return { status: 200, headers: {}, body: bodies[path] as T } as never;
    },
    pages: () => { throw new Error('not used'); },
    listAll: async () => { throw new Error('not used'); },
    readAction: async () => { throw new Error('not used'); },
  };
}

describe('readPrivateAccess and its report', () => {
  it('reads the FQDNs and private IPs of Approved endpoints only, and renders them', async () => {
    const read: string[] = [];
    const arm = fakeReader({
      [WS]: { properties: { publicNetworkAccess: 'Disabled', privateEndpointConnections: [conn('pe-ok', 'Approved'), conn('pe-wait', 'Pending')] } },
      [pe('pe-ok')]: { properties: { customDnsConfigs: [{ fqdn: 'guid.workspace.eastus.api.azureml.ms', ipAddresses: ['10.10.1.7'] }, { fqdn: 'ml-ws-a.eastus.notebooks.azure.net', ipAddresses: ['10.10.1.8'] }] } },
    }, read);
    const access = await readPrivateAccess(arm, WS);
    expect(read).toEqual([WS, pe('pe-ok')]);
    expect(access).toEqual({ workspaceId: WS, publicNetworkAccess: 'Disabled', endpoints: [{ id: pe('pe-ok'), fqdns: [
      { fqdn: 'guid.workspace.eastus.api.azureml.ms', ipAddresses: ['10.10.1.7'] }, { fqdn: 'ml-ws-a.eastus.notebooks.azure.net', ipAddresses: ['10.10.1.8'] }] }] });
    const text = renderPrivateAccess([access]);
    expect(text).toContain('[ws-a] public access Disabled');
    expect(text).toContain('guid.workspace.eastus.api.azureml.ms -> 10.10.1.7');
    expect(text).toContain('ml-ws-a.eastus.notebooks.azure.net -> 10.10.1.8');
    expect(text).not.toContain('pe-wait');
  });

  it('a failed read becomes a problem line, not an exception; no endpoint is said loudly; public access Enabled prints nothing', async () => {
    const failed = await readPrivateAccess(fakeReader({ [WS]: { properties: { publicNetworkAccess: 'Disabled', privateEndpointConnections: [conn('gone', 'Approved')] } } }), WS);
    expect(failed.problem).toMatch(/ResourceNotFound/);
    expect(renderPrivateAccess([failed])).toMatch(/could not read its private endpoints/);
    const none = await readPrivateAccess(fakeReader({ [WS]: { properties: { publicNetworkAccess: 'Disabled' } } }), WS);
    expect(renderPrivateAccess([none])).toMatch(/no Approved private endpoint: users reach it only through ARM/);
    const open = await readPrivateAccess(fakeReader({ [WS]: { properties: { publicNetworkAccess: 'Enabled', privateEndpointConnections: [] } } }), WS);
    expect(renderPrivateAccess([open])).toBe('');
  });
});
