import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO, syntheticFleetState } from '../../src/emulator/demo-fleet.js';
import { API, call, start } from './helpers.js';

const GRAPH = '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';

async function followAll(emu: RunningEmulator, first: string): Promise<{ names: string[]; pages: number; links: string[] }> {
  const names: string[] = [];
  const links: string[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const page = await call(emu, 'GET', next);
    expect(page.status).toBe(200);
    names.push(...page.body.value.map((w: { name: string }) => w.name));
    next = page.body.nextLink;
    if (next) links.push(next);
    pages += 1;
  }
  return { names, pages, links };
}

describe('paging', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ pageSize: 2 })));
  afterAll(() => emu.stop());

  it('follows absolute https nextLinks (with api-version and $skipToken) to the end, by subscription and by resource group', async () => {
    const P = DEMO.prod.subscriptionId;
    const bySub = await followAll(emu, `/subscriptions/${P}/providers/Microsoft.MachineLearningServices/workspaces?${API}`);
    expect(bySub.names).toHaveLength(6);
    expect(new Set(bySub.names).size).toBe(6);
    expect(bySub.pages).toBe(3);
    for (const link of bySub.links) expect(link).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\?api-version=2025-06-01&%24skipToken=\w+/);
    const byRg = await followAll(emu, `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces?${API}`);
    expect(byRg.names.sort()).toEqual(bySub.names.filter((n) => n !== DEMO.workspaces.cmkNotIsolated).sort());
    const subs = await followAll(emu, `/subscriptions?${API}`);
    expect(subs.pages).toBe(1);
  });

  it('rejects a forged $skipToken', async () => {
    const r = await call(emu, 'GET', `/subscriptions?${API}&$skipToken=garbage`);
    expect([r.status, r.body.error.code]).toEqual([400, 'InvalidSkipToken']);
  });
});

describe('Resource Graph', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ seed: syntheticFleetState({ subscriptions: 3, workspacesPerSubscription: 900, resourceGroupsPerSubscription: 3 }) })));
  afterAll(() => emu.stop());

  it('pages workspaces across subscriptions with $skipToken, at most 1000 rows per page', async () => {
    const subs = (await call(emu, 'GET', `/subscriptions?${API}`)).body.value.map((s: { subscriptionId: string }) => s.subscriptionId);
    const query = "resources | where type =~ 'microsoft.machinelearningservices/workspaces' | project id, name, resourceGroup, subscriptionId";
    const ids: string[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const r = await call(emu, 'POST', GRAPH, { subscriptions: subs, query, options: { $top: 1000, ...(skipToken ? { $skipToken: skipToken } : {}) } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ totalRecords: 2700, resultTruncated: 'false' });
      expect(r.body.count).toBe(r.body.data.length);
      expect(r.body.data.length).toBeLessThanOrEqual(1000);
      expect(Object.keys(r.body.data[0]).sort()).toEqual(['id', 'name', 'resourceGroup', 'subscriptionId']);
      ids.push(...r.body.data.map((d: { id: string }) => d.id));
      skipToken = r.body.$skipToken;
      pages += 1;
    } while (skipToken);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(2700);
  });

  it('filters by resource group and refuses queries it does not understand', async () => {
    const r = await call(emu, 'POST', GRAPH, { query: "resources | where type =~ 'microsoft.machinelearningservices/workspaces' and resourceGroup =~ 'RG-2'" });
    expect(r.body.totalRecords).toBe(900);
    expect(r.body.data[0]).toMatchObject({ type: 'microsoft.machinelearningservices/workspaces', resourceGroup: 'rg-2' });
    expect(r.body.data[0].properties.publicNetworkAccess).toBeDefined();
    const bad = await call(emu, 'POST', GRAPH, { query: 'ResourceContainers | take 5' });
    expect(bad.status).toBe(400);
    const limited = await call(emu, 'POST', GRAPH, { query: 'Resources | project id, name, type, location, tags | limit 3' });
    expect(limited.body).toMatchObject({ totalRecords: 3, count: 3 });
    expect(Object.keys(limited.body.data[0]).sort()).toEqual(['id', 'location', 'name', 'tags', 'type']);
  });
});

describe('synthetic fleet', () => {
  // Timings belong in bench/ (issue 12: no timed assertions in tests); this checks what is served.
  it('builds and serves 10,000 workspaces in 100 subscriptions', async () => {
    const state = syntheticFleetState({ subscriptions: 100, workspacesPerSubscription: 100 });
    const emu = await start({ seed: state });
    try {
      const subs = (await call(emu, 'GET', `/subscriptions?${API}`)).body.value;
      expect(subs).toHaveLength(100);
      const page = await call(emu, 'GET', `/subscriptions/${subs[42].subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces?${API}`);
      expect(page.body.value).toHaveLength(100);
      expect(page.body.nextLink).toBeUndefined();
      const modes = new Set(page.body.value.map((w: { properties: { managedNetwork?: { isolationMode: string } } }) => w.properties.managedNetwork?.isolationMode ?? 'none'));
      expect(modes).toEqual(new Set(['AllowInternetOutbound', 'none', 'Disabled', 'AllowOnlyApprovedOutbound']));
    } finally {
      await emu.stop();
    }
  });
});
