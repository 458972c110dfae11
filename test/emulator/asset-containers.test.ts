import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { API, call, start, waitForOperation, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const R = DEMO.research.subscriptionId;
const WS_P = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const BUSY = `/subscriptions/${R}/resourceGroups/${DEMO.research.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.withComputes}`;

async function listAll(emu: RunningEmulator, url: string): Promise<{ items: { name: string }[]; pages: number; links: string[] }> {
  const items: { name: string }[] = [];
  const links: string[] = [];
  let pages = 0;
  for (let next: string | undefined = url; next; pages++) {
    const page: Reply = await call(emu, 'GET', next);
    expect(page.body?.error).toBeUndefined();
    expect(page.status).toBe(200);
    items.push(...page.body.value);
    next = page.body.nextLink;
    if (next) links.push(next);
  }
  return { items, pages, links };
}

/** Every answer here is checked against mfe.json (validateResponses): a drifted body would be a 500. */
describe('model, environment and data asset containers (mfe.json 2025-06-01)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true, pageSize: 1 })));
  afterAll(() => emu.stop());

  it('lists the demo containers page by page through absolute nextLinks', async () => {
    const models = await listAll(emu, `${BUSY}/models?${API}`);
    expect(models.items.map((m) => m.name)).toEqual([...DEMO.assets.withComputes.models]);
    expect(models.pages).toBe(2);
    expect(models.links[0]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/models\?api-version=2025-06-01&%24skip=\w+/);
    expect((await listAll(emu, `${BUSY}/environments?${API}`)).items.map((e) => e.name)).toEqual([...DEMO.assets.withComputes.environments]);
    expect((await listAll(emu, `${BUSY}/data?${API}`)).items.map((d) => d.name)).toEqual([...DEMO.assets.withComputes.data]);
    expect((await listAll(emu, `${WS_P}/${DEMO.workspaces.publicOpen}/models?${API}`)).items.map((m) => m.name)).toEqual([...DEMO.assets.publicOpen.models]);
    expect((await listAll(emu, `${WS_P}/${DEMO.workspaces.compliant}/models?${API}`)).items).toEqual([]);
  });

  it('gets one container of each kind', async () => {
    const model = await call(emu, 'GET', `${BUSY}/models/${DEMO.assets.withComputes.models[0]}?${API}`);
    expect(model.status).toBe(200);
    expect(model.body).toMatchObject({
      id: `${BUSY}/models/${DEMO.assets.withComputes.models[0]}`,
      name: DEMO.assets.withComputes.models[0],
      type: 'Microsoft.MachineLearningServices/workspaces/models',
      properties: { isArchived: false, latestVersion: '3', nextVersion: '4', provisioningState: 'Succeeded', tags: { team: 'risk' } },
    });
    const env = await call(emu, 'GET', `${BUSY}/environments/${DEMO.assets.withComputes.environments[0]}?${API}`);
    expect([env.status, env.body.type, env.body.properties.latestVersion]).toEqual([200, 'Microsoft.MachineLearningServices/workspaces/environments', '2']);
    const data = await call(emu, 'GET', `${BUSY}/data/${DEMO.assets.withComputes.data[0]}?${API}`);
    expect([data.status, data.body.type, data.body.properties.dataType]).toEqual([200, 'Microsoft.MachineLearningServices/workspaces/data', 'uri_folder']);
    const missing = await call(emu, 'GET', `${BUSY}/models/no-such-model?${API}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ResourceNotFound']);
    const noWorkspace = await call(emu, 'GET', `${WS_P}/ws-missing/models?${API}`);
    expect([noWorkspace.status, noWorkspace.body.error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('creates (201) and replaces (200) containers; versions and provisioning state stay service-set', async () => {
    const url = `${WS_P}/${DEMO.workspaces.compliant}/models/fraud-model?${API}`;
    const created = await call(emu, 'PUT', url, { properties: { description: 'first', latestVersion: '9', tags: { owner: 'ml' } } });
    expect(created.status).toBe(201);
    expect(created.body.properties).toEqual({ isArchived: false, description: 'first', tags: { owner: 'ml' }, nextVersion: '1', provisioningState: 'Succeeded' });
    expect(created.body.systemData.createdAt).toBeDefined();
    const replaced = await call(emu, 'PUT', url, { properties: { description: 'second', isArchived: true } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.properties).toEqual({ isArchived: true, description: 'second', nextVersion: '1', provisioningState: 'Succeeded' });
    expect(replaced.body.systemData).toEqual(created.body.systemData);
    // Replacing a seeded container keeps its versions.
    const seeded = await call(emu, 'PUT', `${BUSY}/models/${DEMO.assets.withComputes.models[1]}?${API}`, { properties: { description: 'now described' } });
    expect([seeded.status, seeded.body.properties.latestVersion, seeded.body.properties.nextVersion]).toEqual([200, '1', '2']);

    const env = await call(emu, 'PUT', `${WS_P}/${DEMO.workspaces.compliant}/environments/torch-env?${API}`, { properties: {} });
    expect([env.status, env.body.type]).toEqual([201, 'Microsoft.MachineLearningServices/workspaces/environments']);
    const data = await call(emu, 'PUT', `${WS_P}/${DEMO.workspaces.compliant}/data/events?${API}`, { properties: { dataType: 'mltable' } });
    expect([data.status, data.body.properties.dataType]).toEqual([201, 'mltable']);
    const listed = await listAll(emu, `${WS_P}/${DEMO.workspaces.compliant}/models?${API}`);
    expect(listed.items.map((m) => m.name)).toEqual(['fraud-model']);
  });

  it('refuses bodies the spec refuses and names the container pattern forbids', async () => {
    const noType = await call(emu, 'PUT', `${BUSY}/data/no-type?${API}`, { properties: {} });
    expect([noType.status, noType.body.error.code]).toEqual([400, 'InvalidRequestContent']);
    expect(noType.body.error.message).toMatch(/dataType/);
    const noProps = await call(emu, 'PUT', `${BUSY}/models/no-props?${API}`, {});
    expect([noProps.status, noProps.body.error.code]).toEqual([400, 'InvalidRequestContent']);
    const unknown = await call(emu, 'PUT', `${BUSY}/environments/env2?${API}`, { properties: { image: 'python:3.11' } });
    expect(unknown.body.error.message).toMatch(/unknown property 'image'/);
    const badName = await call(emu, 'PUT', `${BUSY}/models/_hidden?${API}`, { properties: {} });
    expect([badName.status, badName.body.error.code]).toEqual([400, 'InvalidResourceName']);
  });

  it('deletes containers', async () => {
    const url = `${BUSY}/environments/${DEMO.assets.withComputes.environments[0]}?${API}`;
    expect((await call(emu, 'DELETE', url)).status).toBe(200);
    expect((await call(emu, 'DELETE', url)).status).toBe(204);
    expect((await call(emu, 'GET', url)).status).toBe(404);
  });
});

describe('deleting a workspace deletes its asset containers', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true })));
  afterAll(() => emu.stop());

  const childKeys = (wsId: string) => Object.keys((emu.snapshot() as unknown as { resources: Record<string, unknown> }).resources).filter((k) => k.startsWith(`${wsId.toLowerCase()}/`));

  it('soft delete', async () => {
    expect(childKeys(BUSY).some((k) => k.includes('/models/'))).toBe(true);
    const del = await call(emu, 'DELETE', `${BUSY}?${API}`);
    expect(del.status).toBe(202);
    await waitForOperation(emu, del);
    expect(childKeys(BUSY)).toEqual([]);
    expect((await call(emu, 'GET', `${BUSY}/models?${API}`)).status).toBe(404);
  });

  it('purge, after which a workspace of the same name starts without containers', async () => {
    const ws = `${WS_P}/ws-purged-assets`;
    const put = await call(emu, 'PUT', `${ws}?${API}`, { location: 'eastus', properties: {} });
    await waitForOperation(emu, put);
    for (const [segment, body] of [['models', {}], ['environments', {}], ['data', { dataType: 'uri_file' }]] as const) {
      expect((await call(emu, 'PUT', `${ws}/${segment}/a1?${API}`, { properties: body })).status).toBe(201);
    }
    const del = await call(emu, 'DELETE', `${ws}?${API}&forceToPurge=true`);
    await waitForOperation(emu, del);
    expect(childKeys(ws)).toEqual([]);
    const again = await call(emu, 'PUT', `${ws}?${API}`, { location: 'eastus', properties: {} });
    expect(again.status).toBe(202);
    await waitForOperation(emu, again);
    for (const segment of ['models', 'environments', 'data']) expect((await call(emu, 'GET', `${ws}/${segment}?${API}`)).body.value).toEqual([]);
  });
});
