import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { API, call, start } from './helpers.js';

const W = DEMO.workspaces;

describe('the real Azure SDK against the emulator', () => {
  let emu: RunningEmulator;
  let client: AzureMachineLearningWorkspaces;
  let researchClient: AzureMachineLearningWorkspaces;
  beforeAll(async () => {
    emu = await start({ lroDurationMs: 200, pageSize: 4 });
    const options = { endpoint: emu.endpoint, tlsOptions: { ca: emu.caCertPem }, retryOptions: { maxRetries: 0 } };
    client = new AzureMachineLearningWorkspaces(emu.credential, DEMO.prod.subscriptionId, options);
    researchClient = new AzureMachineLearningWorkspaces(emu.credential, DEMO.research.subscriptionId, options);
  });
  afterAll(() => emu.stop());

  it('lists workspaces across nextLink pages and computes', async () => {
    const names: string[] = [];
    for await (const ws of client.workspaces.listBySubscription()) names.push(ws.name!);
    expect(names.sort()).toEqual([W.approvedOnly, W.cmkNotIsolated, W.compliant, W.isolationDisabled, W.publicInternetOutbound, W.publicOpen].sort());
    const computes: string[] = [];
    for await (const c of researchClient.computeOperations.list(DEMO.research.rg, W.withComputes)) computes.push(`${c.name}:${c.properties?.computeType}`);
    expect(computes.sort()).toEqual(['ci-alice:ComputeInstance', 'cpu-cluster:AmlCompute']);
    expect(emu.requests.every((r) => r.status < 400)).toBe(true);
  });

  it('creates (PUT) through the SDK poller, which ends with a GET of the workspace', async () => {
    const created = await client.workspaces.beginCreateOrUpdateAndWait(
      DEMO.prod.rg,
      'ws-from-sdk',
      { location: 'eastus', identity: { type: 'SystemAssigned' }, publicNetworkAccess: 'Disabled', description: 'made by the SDK' },
      { updateIntervalInMs: 0 },
    );
    expect(created).toMatchObject({ name: 'ws-from-sdk', provisioningState: 'Succeeded', publicNetworkAccess: 'Disabled' });
    expect(created.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('updates (PATCH) and deletes through the SDK pollers', async () => {
    const updated = await client.workspaces.beginUpdateAndWait(DEMO.prod.rg, W.publicOpen, { description: 'via sdk' }, { updateIntervalInMs: 0 });
    expect(updated.description).toBe('via sdk');
    await client.workspaces.beginDeleteAndWait(DEMO.prod.rg, W.publicOpen, { updateIntervalInMs: 0 });
    const polls = emu.requests.filter((r) => r.url.includes('workspaceOperationsStatus'));
    expect(polls.length).toBeGreaterThan(0);
    const gone = await call(emu, 'GET', `/subscriptions/${DEMO.prod.subscriptionId}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/${W.publicOpen}?${API}`);
    expect(gone.status).toBe(404);
    await expect(client.workspaces.get(DEMO.prod.rg, W.publicOpen)).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });
});
