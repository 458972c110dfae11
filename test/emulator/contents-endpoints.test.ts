import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO, DEMO_CONTENTS as C, syntheticFleetState } from '../../src/emulator/demo-fleet.js';
import { seedSyntheticContents } from '../../src/emulator/index.js';
import { ENDPOINT_NAME_TAKEN } from '../../src/emulator/providers/endpoint-region-names.js';
import { API, call, start, waitForOperation } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.approvedOnly}`;
const EP = `${WS}/onlineEndpoints`;

/** lroDurationMs keeps operations InProgress long enough to see the long-running shapes. */
describe('computes, online endpoints and deployments, schedules (long-running where the spec says so)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true, lroDurationMs: 50 })));
  afterAll(() => emu.stop());

  it('serves the demo compute instance with its assigned user and the cluster', async () => {
    const ci = await call(emu, 'GET', `${WS}/computes/${C.computes.instance}?${API}`);
    expect(ci.body.properties.properties.personalComputeInstanceSettings.assignedUser).toEqual({ objectId: C.instanceUser, tenantId: DEMO.tenantId });
    const list = await call(emu, 'GET', `${WS}/computes?${API}`);
    expect(list.body.value.map((c: { name: string }) => c.name)).toEqual([C.computes.cluster, C.computes.instance]);
  });

  it('creates and deletes a compute as long-running operations; DELETE needs underlyingResourceAction', async () => {
    const body = { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'STANDARD_DS3_V2', scaleSettings: { maxNodeCount: 1, minNodeCount: 0 } } } };
    const put = await call(emu, 'PUT', `${WS}/computes/gpu?${API}`, body);
    expect([put.status, put.body.properties.provisioningState]).toEqual([201, 'Creating']);
    expect(put.headers['azure-asyncoperation']).toMatch(/workspaceOperationsStatus\/.+type=async/);
    expect((await waitForOperation(emu, put)).body.status).toBe('Succeeded');
    expect((await call(emu, 'GET', `${WS}/computes/gpu?${API}`)).body.properties.provisioningState).toBe('Succeeded');
    expect((await call(emu, 'DELETE', `${WS}/computes/gpu?${API}`)).status).toBe(400);
    const del = await call(emu, 'DELETE', `${WS}/computes/gpu?${API}&underlyingResourceAction=Delete`);
    expect([del.status, typeof del.headers.location]).toEqual([202, 'string']);
    await waitForOperation(emu, del);
    expect((await call(emu, 'GET', `${WS}/computes/gpu?${API}`)).status).toBe(404);
  });

  it('serves the demo endpoint with its scoring URI, two deployments and a 90/10 split', async () => {
    const ep = await call(emu, 'GET', `${EP}/${C.endpoint}?${API}`);
    expect(ep.body.properties).toMatchObject({ traffic: C.traffic, scoringUri: `https://${C.endpoint}.eastus.inference.ml.azure.com/score` });
    const deps = await call(emu, 'GET', `${EP}/${C.endpoint}/deployments?${API}`);
    expect(deps.body.value.map((d: { name: string; properties: { model: string } }) => [d.name, d.properties.model.split('/').slice(-3).join('/')])).toEqual([
      ['blue', `${C.model}/versions/1`],
      ['green', `${C.model}/versions/2`],
    ]);
  });

  it('refuses a deployment whose model is not in the workspace, and a traffic map that is wrong', async () => {
    const deployment = (model: string) => ({ location: 'eastus', sku: { name: 'Default', capacity: 1 }, properties: { endpointComputeType: 'Managed', model, instanceType: 'Standard_DS3_v2' } });
    for (const model of [`${WS}/models/${C.model}/versions/9`, `azureml:no-such-model:1`, `${WS.replace(DEMO.workspaces.approvedOnly, DEMO.workspaces.compliant)}/models/${C.model}/versions/1`]) {
      const r = await call(emu, 'PUT', `${EP}/${C.endpoint}/deployments/red?${API}`, deployment(model));
      expect([r.status, r.body.error.code], model).toEqual([400, 'UserError']);
    }
    expect((await call(emu, 'PUT', `${EP}/no-endpoint/deployments/red?${API}`, deployment(`azureml:${C.model}:1`))).status).toBe(404);
    const red = await call(emu, 'PUT', `${EP}/${C.endpoint}/deployments/red?${API}`, deployment(`azureml:${C.model}:2`));
    expect([red.status, red.body.properties.provisioningState]).toEqual([201, 'Creating']);
    await waitForOperation(emu, red);
    const endpoint = (traffic: Record<string, number>) => ({ location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key', traffic } });
    for (const [traffic, pattern] of [[{ blue: 50, ghost: 50 }, /ghost.*do not exist/], [{ blue: 50, green: 30 }, /sum to 100.*not 80/]] as const) {
      const r = await call(emu, 'PUT', `${EP}/${C.endpoint}?${API}`, endpoint(traffic));
      expect([r.status, r.body.error.message]).toEqual([400, expect.stringMatching(pattern)]);
    }
    const moved = await call(emu, 'PUT', `${EP}/${C.endpoint}?${API}`, endpoint({ blue: 0, green: 0, red: 100 }));
    expect(moved.status).toBe(200);
    await waitForOperation(emu, moved);
    const stillServing = await call(emu, 'DELETE', `${EP}/${C.endpoint}/deployments/red?${API}`);
    expect([stillServing.status, stillServing.body.error.message]).toEqual([400, expect.stringMatching(/traffic to 0/)]);
    const blue = await call(emu, 'DELETE', `${EP}/${C.endpoint}/deployments/blue?${API}`);
    expect(blue.status).toBe(202);
    await waitForOperation(emu, blue);
    expect((await call(emu, 'GET', `${EP}/${C.endpoint}/deployments/blue?${API}`)).status).toBe(404);
  });

  it('refuses an endpoint name another workspace already holds in the same region, in any subscription; another region may reuse it', async () => {
    const body = (location: string) => ({ location, identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key' } });
    const other = WS.replace(DEMO.workspaces.approvedOnly, DEMO.workspaces.compliant);
    const taken = await call(emu, 'PUT', `${other}/onlineEndpoints/${C.endpoint.toUpperCase()}?${API}`, body('East US'));
    expect([taken.status, taken.body.error.message]).toEqual([400, ENDPOINT_NAME_TAKEN]);
    // ep-scoring lives in westeurope (research subscription): an eastus workspace of the prod subscription may not take it in westeurope…
    const crossSub = await call(emu, 'PUT', `${other}/onlineEndpoints/ep-scoring?${API}`, body('westeurope'));
    expect(crossSub.status).toBe(400);
    // …but may in eastus, and the same name in its own workspace is an update, not a duplicate.
    const free = await call(emu, 'PUT', `${other}/onlineEndpoints/ep-scoring?${API}`, body('eastus'));
    expect(free.status).toBe(201);
    await waitForOperation(emu, free);
    const again = await call(emu, 'PUT', `${other}/onlineEndpoints/ep-scoring?${API}`, body('eastus'));
    expect(again.status).toBe(200);
    await waitForOperation(emu, again);
  });

  it('PATCHes endpoint tags as a long-running operation and deletes an endpoint with its deployments', async () => {
    const patch = await call(emu, 'PATCH', `${EP}/${C.endpoint}?${API}`, { tags: { owner: 'risk' } });
    expect(patch.status).toBe(202);
    await waitForOperation(emu, patch);
    expect((await call(emu, 'GET', `${EP}/${C.endpoint}?${API}`)).body.tags).toEqual({ owner: 'risk' });
    const del = await call(emu, 'DELETE', `${EP}/${C.endpoint}?${API}`);
    expect(del.status).toBe(202);
    await waitForOperation(emu, del);
    expect((await call(emu, 'GET', `${EP}/${C.endpoint}/deployments?${API}`)).status).toBe(404);
  });

  it('serves schedules: list shows enabled ones unless listViewType=All; PUT and DELETE are long-running', async () => {
    const body = { properties: { isEnabled: false, trigger: { triggerType: 'Cron', expression: '0 3 * * *' }, action: { actionType: 'CreateJob', jobDefinition: { jobType: 'Command' } } } };
    const put = await call(emu, 'PUT', `${WS}/schedules/paused?${API}`, body);
    expect([put.status, put.body.properties.provisioningState]).toEqual([201, 'Creating']);
    await waitForOperation(emu, put);
    const names = async (q: string) => (await call(emu, 'GET', `${WS}/schedules?${API}${q}`)).body.value.map((s: { name: string }) => s.name);
    expect(await names('')).toEqual([C.schedule]);
    expect(await names('&listViewType=All')).toEqual([C.schedule, 'paused']);
    expect(await names('&listViewType=DisabledOnly')).toEqual(['paused']);
    expect((await call(emu, 'PUT', `${WS}/schedules/bad?${API}`, { properties: { trigger: {} } })).status).toBe(400);
    const del = await call(emu, 'DELETE', `${WS}/schedules/paused?${API}`);
    expect(del.status).toBe(202);
  });
});

describe('write throttle and synthetic contents', () => {
  it('refuses writes past the write burst, and refillScale sets the refill rate (Retry-After)', async () => {
    const emu = await start({ throttle: { writeCapacity: 2, refillScale: 0.01 } });
    try {
      const body = { properties: { dataType: 'uri_folder', dataUri: 'azureml://datastores/a/paths/x/' } };
      const statuses: number[] = [];
      for (let v = 1; v <= 3; v++) statuses.push((await call(emu, 'PUT', `${WS}/data/t/versions/${v}?${API}`, body)).status);
      expect(statuses).toEqual([201, 201, 429]);
      const refused = await call(emu, 'PUT', `${WS}/data/t/versions/4?${API}`, body);
      // 10 writes/s × 0.01 = one write per 10 s.
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(5);
    } finally {
      await emu.stop();
    }
  });

  it('seeds one workspace with N model versions, M environments, K data versions and D deployments', async () => {
    const state = syntheticFleetState({ subscriptions: 1, workspacesPerSubscription: 1 });
    const wsId = Object.values((state as unknown as { resources: Record<string, { id: string; type?: string }> }).resources).find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces')!.id;
    const emu = await start({ seed: seedSyntheticContents(state, wsId, { modelVersions: 25, environments: 3, dataVersions: 12, deployments: 2 }), pageSize: 7 });
    try {
      let versions = 0;
      for (const m of (await call(emu, 'GET', `${wsId}/models?${API}`)).body.value) versions += Number(m.properties.latestVersion);
      expect(versions).toBe(25);
      expect((await call(emu, 'GET', `${wsId}/environments?${API}`)).body.value).toHaveLength(3);
      expect((await call(emu, 'GET', `${wsId}/data/data-0002/versions?${API}`)).body.value.map((v: { name: string }) => v.name)).toEqual(['1', '2']);
      expect((await call(emu, 'GET', `${wsId}/onlineEndpoints/bench-endpoint/deployments?${API}`)).body.value).toHaveLength(2);
    } finally {
      await emu.stop();
    }
  });
});
