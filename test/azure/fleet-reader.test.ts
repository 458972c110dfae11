import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArmRequester } from '../../src/azure/arm-requester.js';
import { createFleetReader, workspaceQuery } from '../../src/azure/fleet-reader.js';
import { UsageError } from '../../src/errors.js';
import { FakeCredential, recordedRetry, SUB, workspaceJson, WS_ID } from './helpers.js';

const ARM = 'https://management.azure.com';
const reader = () =>
  createFleetReader(createArmRequester({ credential: new FakeCredential(), endpoint: ARM, scope: `${ARM}/.default`, retry: recordedRetry() }));

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('FleetReader over ARM', () => {
  it('lists subscriptions across pages', async () => {
    const scope = nock(ARM)
      .get('/subscriptions').query({ 'api-version': '2022-12-01' })
      .reply(200, { value: [{ id: '/subscriptions/s1', subscriptionId: 's1', displayName: 'One', state: 'Enabled', tenantId: 't' }], nextLink: `${ARM}/subscriptions?api-version=2022-12-01&$skiptoken=2` })
      .get('/subscriptions').query({ 'api-version': '2022-12-01', $skiptoken: '2' })
      .reply(200, { value: [{ subscriptionId: 's2', state: 'Disabled' }] });
    expect(await reader().listSubscriptions()).toEqual([
      { subscriptionId: 's1', displayName: 'One', state: 'Enabled', tenantId: 't' },
      { subscriptionId: 's2', state: 'Disabled' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('streams workspaces of a subscription page by page at 2025-06-01, whole managedNetwork intact', async () => {
    const list = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces`;
    const ws = workspaceJson();
    const scope = nock(ARM)
      .get(list).query({ 'api-version': '2025-06-01' })
      .reply(200, { value: [ws], nextLink: `${ARM}${list}?api-version=2025-06-01&$skipToken=b` })
      .get(list).query({ 'api-version': '2025-06-01', $skipToken: 'b' })
      .reply(200, { value: [{ ...ws, id: `${WS_ID}2`, name: 'ws12' }], nextLink: `${ARM}${list}?api-version=2025-06-01&$skipToken=c` })
      .get(list).query({ 'api-version': '2025-06-01', $skipToken: 'c' })
      .reply(200, { value: [] });
    const seen = [];
    for await (const w of reader().listWorkspaces(SUB)) seen.push(w);
    expect(seen.map((w) => w.name)).toEqual(['ws1', 'ws12']);
    expect(seen[0]).toStrictEqual(ws);
    expect(scope.isDone()).toBe(true);
  });

  it('lists by resource group and refuses a malformed one', async () => {
    const scope = nock(ARM)
      .get(`/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces`)
      .query({ 'api-version': '2025-06-01' })
      .reply(200, { value: [workspaceJson()] });
    const names = [];
    for await (const w of reader().listWorkspaces(SUB, { resourceGroup: 'rg-ml' })) names.push(w.name);
    expect(names).toEqual(['ws1']);
    expect(scope.isDone()).toBe(true);
    const bad = reader().listWorkspaces(SUB, { resourceGroup: "x' or 1==1" })[Symbol.asyncIterator]().next();
    await expect(bad).rejects.toBeInstanceOf(UsageError);
  });

  it('gets one workspace by id (also //-prefixed)', async () => {
    const scope = nock(ARM).get(WS_ID).query({ 'api-version': '2025-06-01' }).reply(200, workspaceJson());
    expect(await reader().getWorkspace(`/${WS_ID}`)).toStrictEqual(workspaceJson());
    expect(scope.isDone()).toBe(true);
  });

  it('lists diagnostic settings of a resource', async () => {
    const setting = { id: `${WS_ID}/providers/microsoft.insights/diagnosticSettings/d1`, name: 'd1', properties: { workspaceId: 'law', logs: [{ categoryGroup: 'allLogs', enabled: true }] } };
    const scope = nock(ARM)
      .get(`${WS_ID}/providers/Microsoft.Insights/diagnosticSettings`)
      .query({ 'api-version': '2021-05-01-preview' })
      .reply(200, { value: [setting] });
    expect(await reader().listDiagnosticSettings(WS_ID)).toEqual([setting]);
    expect(scope.isDone()).toBe(true);
  });

  it('queries Resource Graph following $skipToken, 1000 subscriptions per query', async () => {
    const subs = Array.from({ length: 1500 }, (_, i) => `sub-${i}`);
    const bodies: Record<string, unknown>[] = [];
    const record = (body: Record<string, unknown>) => (bodies.push(body), true);
    const path = '/providers/Microsoft.ResourceGraph/resources';
    const q = { 'api-version': '2024-04-01' };
    const scope = nock(ARM)
      .post(path, record).query(q).reply(200, { totalRecords: 3, count: 2, data: [{ id: 'w1' }, { id: 'w2' }], $skipToken: 'tok2', resultTruncated: 'false' })
      .post(path, record).query(q).reply(200, { totalRecords: 3, count: 1, data: [{ id: 'w3' }] })
      .post(path, record).query(q).reply(200, { totalRecords: 1, count: 1, data: [{ id: 'w4' }], $skipToken: null });
    const ids: string[] = [];
    for await (const page of reader().queryWorkspaces(subs, { resourceGroup: 'rg-ml' })) ids.push(...page.map((r) => r.id));
    expect(ids).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(scope.isDone()).toBe(true);
    const query = "resources | where type =~ 'microsoft.machinelearningservices/workspaces' | where resourceGroup =~ 'rg-ml' | project id, name, location, kind, identity, properties";
    expect(bodies[0]).toEqual({ subscriptions: subs.slice(0, 1000), query, options: { $top: 1000, resultFormat: 'objectArray' } });
    expect(bodies[1]).toEqual({ subscriptions: subs.slice(0, 1000), query, options: { $top: 1000, $skipToken: 'tok2', resultFormat: 'objectArray' } });
    expect(bodies[2]).toEqual({ subscriptions: subs.slice(1000), query, options: { $top: 1000, resultFormat: 'objectArray' } });
  });

  it('builds the ARG query without a resource group', () => {
    expect(workspaceQuery(undefined)).toBe("resources | where type =~ 'microsoft.machinelearningservices/workspaces' | project id, name, location, kind, identity, properties");
  });

  it("waits out ARG's quota window before the next query when the quota is spent, not otherwise", async () => {
    const path = '/providers/Microsoft.ResourceGraph/resources';
    const q = { 'api-version': '2024-04-01' };
    const quota = (remaining: string) => ({ 'x-ms-user-quota-remaining': remaining, 'x-ms-user-quota-resets-after': '00:00:05' });
    const scope = nock(ARM)
      .post(path).query(q).reply(200, { data: [{ id: 'w1' }], $skipToken: 't2' }, quota('3'))
      .post(path).query(q).reply(200, { data: [{ id: 'w2' }], $skipToken: 't3' }, quota('0'))
      .post(path).query(q).reply(200, { data: [{ id: 'w3' }] }, quota('14'));
    const slept: number[] = [];
    const arm = createArmRequester({ credential: new FakeCredential(), endpoint: ARM, scope: `${ARM}/.default`, retry: recordedRetry() });
    const paced = createFleetReader(arm, { sleep: async (ms) => void slept.push(ms) });
    const ids: string[] = [];
    for await (const page of paced.queryWorkspaces(['s1'])) ids.push(...page.map((r) => r.id));
    expect(ids).toEqual(['w1', 'w2', 'w3']);
    expect(slept).toEqual([5000]);
    expect(scope.isDone()).toBe(true);
  });
});
