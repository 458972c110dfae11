import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO, demoFleetState } from '../../src/emulator/demo-fleet.js';
import { API, call, start, waitForOperation } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const R = DEMO.research.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const WS_R = `/subscriptions/${R}/resourceGroups/${DEMO.research.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const SHARED = `/subscriptions/${P}/resourceGroups/${DEMO.prod.sharedRg}`;

/** With validateResponses on, any answer that drifts from the OpenAPI spec turns into 500 EmulatorSpecViolation. */
describe('emulator answers conform to the OpenAPI spec', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true, pageSize: 3 })));
  afterAll(() => emu.stop());

  const reads = [
    `/subscriptions?${API}`,
    `/subscriptions/${P}?${API}`,
    `/subscriptions/${P}/providers/Microsoft.MachineLearningServices/workspaces?${API}`,
    `${WS}?${API}`,
    ...Object.values(DEMO.workspaces)
      .filter((n) => n !== DEMO.workspaces.softDeleted && n !== DEMO.workspaces.withComputes && n !== DEMO.workspaces.cmkNotIsolated)
      .map((n) => `${WS}/${n}?${API}`),
    `${WS}/${DEMO.workspaces.compliant}/outboundRules?${API}`,
    `${WS}/${DEMO.workspaces.approvedOnly}/outboundRules/allow-pypi?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}/computes?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}/computes/ci-alice?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}/onlineEndpoints?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}/onlineEndpoints/ep-scoring?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}/datastores?${API}`,
    `${WS_R}/${DEMO.workspaces.withComputes}/datastores/workspaceblobstore?${API}`,
    `${SHARED}/providers/Microsoft.KeyVault/vaults?${API}`,
    `${SHARED}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}?${API}`,
    `${SHARED}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}/keys?${API}`,
    `${SHARED}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}/keys/${DEMO.cmkKey}?${API}`,
    `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.Storage/storageAccounts/stcompliant?${API}`,
    ...(['models', 'environments', 'data'] as const).flatMap((segment) => [
      `${WS_R}/${DEMO.workspaces.withComputes}/${segment}?${API}`,
      `${WS_R}/${DEMO.workspaces.withComputes}/${segment}/${DEMO.assets.withComputes[segment][0]}?${API}`,
    ]),
    `${SHARED}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
    `${SHARED}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}/providers/Microsoft.Authorization/roleAssignments/${DEMO.cosmosRoleAssignment}?api-version=2022-04-01`,
  ];

  it.each(reads)('GET %s', async (url) => {
    const r = await call(emu, 'GET', url);
    expect(r.body?.error).toBeUndefined();
    expect(r.status).toBe(200);
  });

  it('workspace create, rule PUT and provisioning results conform', async () => {
    const put = await call(emu, 'PUT', `${WS}/ws-conform?${API}`, { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound' } } });
    expect(put.status).toBe(202);
    await waitForOperation(emu, put);
    expect((await call(emu, 'GET', `${WS}/ws-conform?${API}`)).status).toBe(200);
    const rule = await call(emu, 'PUT', `${WS}/ws-conform/outboundRules/pe-kv?${API}`, {
      properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: `${SHARED}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}`, subresourceTarget: 'vault', sparkEnabled: false } },
    });
    expect(rule.status).toBe(202);
    await waitForOperation(emu, rule);
    const got = await call(emu, 'GET', `${WS}/ws-conform/outboundRules/pe-kv?${API}`);
    expect([got.status, got.body.properties.status]).toEqual([200, 'Inactive']);
    const compute = await call(emu, 'PUT', `${WS}/ws-conform/computes/ci-new?${API}`, { location: 'eastus', properties: { computeType: 'ComputeInstance', properties: { vmSize: 'STANDARD_NC6' } } });
    expect(compute.status).toBe(201);
    // FACTS: the first compute provisions the managed network lazily.
    expect((await call(emu, 'GET', `${WS}/ws-conform?${API}`)).body.properties.managedNetwork.status.status).toBe('Active');
  });

  it('reports an invalid request body as 400 InvalidRequestContent', async () => {
    const r = await call(emu, 'PUT', `${WS}/ws-bad-body?${API}`, { location: 'eastus', properties: { publicNetworkAccess: 'Sometimes' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'InvalidRequestContent']);
  });
});

describe('response validation', () => {
  it('turns a drifted answer into 500 EmulatorSpecViolation', async () => {
    const state = structuredClone(demoFleetState()) as unknown as { resources: Record<string, { properties: Record<string, unknown> }> };
    state.resources[`${WS}/${DEMO.workspaces.publicOpen}`.toLowerCase()]!.properties.publicNetworkAccess = 'Sometimes';
    const emu = await start({ seed: state as never, validateResponses: true });
    try {
      const r = await call(emu, 'GET', `${WS}/${DEMO.workspaces.publicOpen}?${API}`);
      expect([r.status, r.body.error.code]).toEqual([500, 'EmulatorSpecViolation']);
      expect(r.body.error.message).toMatch(/publicNetworkAccess/);
    } finally {
      await emu.stop();
    }
  });
});
