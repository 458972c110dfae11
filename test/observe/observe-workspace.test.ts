import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArmError, UsageError } from '../../src/errors.js';
import { observeWorkspace } from '../../src/observe/observe-workspace.js';
import type { Limit } from '../../src/observe/read-problems.js';
import { AI, ARM, clients, CR, KV, mockAll, SECRETS, ST, v, workspace, WS } from './fixtures.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const notFound = (what: string) => ({ error: { code: 'ResourceNotFound', message: `The Resource '${what}' was not found.` } });
const forbidden = { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action.' } };

describe('observeWorkspace', () => {
  it('reads the workspace, its rules, linked resources, children, assets and diagnostic settings', async () => {
    const scope = mockAll();
    const observed = await observeWorkspace(clients(), WS);
    expect(scope.isDone()).toBe(true);

    expect(observed.workspace.properties.managedNetwork?.isolationMode).toBe('AllowInternetOutbound');
    expect(Object.keys(observed.outboundRules)).toEqual(['__SYS_PE_stml_blob', 'pe-data']);
    expect(observed.outboundRules['__SYS_PE_stml_blob']?.category).toBe('Required');
    expect(observed.storageAccount).toMatchObject({ id: ST, name: 'stml', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', publicNetworkAccess: 'Disabled' });
    expect(observed.keyVault).toMatchObject({
      id: KV, subscriptionId: '00000000-1111-2222-3333-444444444444', enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: false,
      publicNetworkAccess: 'Enabled', accessPolicies: [{ objectId: 'obj-1', keyPermissions: ['get', 'wrapkey', 'unwrapkey'] }],
    });
    expect(observed.containerRegistry).toMatchObject({ id: CR, publicNetworkAccess: 'Disabled' });
    expect(observed.applicationInsights).toMatchObject({ id: AI, type: 'Microsoft.Insights/components' });
    expect(observed.computes).toEqual([
      { id: `${WS}/computes/ci-alice`, name: 'ci-alice', computeType: 'ComputeInstance', state: 'Running' },
      { id: `${WS}/computes/cpu-cluster`, name: 'cpu-cluster', computeType: 'AmlCompute', state: 'Steady' },
    ]);
    expect(observed.onlineEndpoints).toEqual([{ id: `${WS}/onlineEndpoints/ep1`, name: 'ep1' }]);
    expect(observed.datastores).toEqual([
      { id: `${WS}/datastores/workspaceblobstore`, name: 'workspaceblobstore', datastoreType: 'AzureBlob', isDefault: true },
      { id: `${WS}/datastores/sasstore`, name: 'sasstore', datastoreType: 'AzureFile', isDefault: false },
      { id: `${WS}/datastores/adls`, name: 'adls', datastoreType: 'AzureDataLakeGen2', isDefault: false },
    ]);
    expect(observed.models).toEqual(['m1']);
    expect(observed.environments).toEqual(['env1']);
    expect(observed.dataAssets).toEqual([]);
    expect(observed.diagnosticSettings).toEqual([
      { id: `${WS}/providers/microsoft.insights/diagnosticSettings/to-law`, name: 'to-law', body: { id: `${WS}/providers/microsoft.insights/diagnosticSettings/to-law`, name: 'to-law', properties: { workspaceId: '/law', logs: [{ categoryGroup: 'allLogs', enabled: true }] } } },
    ]);
    expect(observed.readProblems).toBeUndefined();

    // One fingerprint per resource / list read, keyed by lower-cased id; the workspace's is its ETag.
    const lower = (s: string) => s.toLowerCase();
    expect(Object.keys(observed.fingerprints).sort()).toEqual(
      [WS, `${WS}/outboundRules`, ST, KV, CR, AI, `${WS}/computes`, `${WS}/onlineEndpoints`, `${WS}/datastores`, `${WS}/models`, `${WS}/environments`, `${WS}/data`, `${WS}/providers/Microsoft.Insights/diagnosticSettings`].map(lower).sort(),
    );
    expect(observed.fingerprints[lower(WS)]).toMatchObject({ kind: 'etag', value: '"ws-etag-1"' });
    expect(observed.fingerprints[lower(ST)]).toMatchObject({ kind: 'sha256', value: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The storage fingerprint is over the JSON as sent (not the typed, flattened model), minus volatile fields.
    expect(observed.fingerprints[lower(ST)]?.normalised).toMatchObject({ properties: { publicNetworkAccess: 'Disabled' } });
    expect((observed.fingerprints[lower(ST)]?.normalised as { properties: object }).properties).not.toHaveProperty('keyCreationTime');
    expect(observed.fingerprints[lower(`${WS}/computes`)]?.normalised).toHaveProperty(['ci-alice', 'properties', 'computeType'], 'ComputeInstance');
  });

  it('never copies secrets: datastore credentials, SAS tokens, client secrets, App Insights keys and connection strings', async () => {
    const scope = mockAll();
    const observed = await observeWorkspace(clients(), WS);
    expect(scope.isDone()).toBe(true);
    const json = JSON.stringify(observed);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/"(credentials|secrets|ConnectionString|InstrumentationKey|clientSecret|sasToken)"/i);
    // Non-secret fields of the same objects are kept.
    expect(observed.applicationInsights?.properties).toEqual({ Application_Type: 'web', publicNetworkAccessForIngestion: 'Enabled' });
    expect(observed.fingerprints[`${WS}/datastores`.toLowerCase()]?.normalised).toHaveProperty(['adls', 'properties', 'filesystem'], 'fs');
  });

  it('records a linked resource that is gone (404) or forbidden (403) instead of failing', async () => {
    const scope = mockAll(['storage', 'vault', 'registry'])
      .get(ST).query(true).reply(404, notFound('stml'), { 'x-ms-request-id': 'req-404' })
      .get(KV).query(true).reply(403, forbidden, { 'x-ms-request-id': 'req-403' })
      .get(CR).query(v('2023-07-01')).reply(404, notFound('crml'));
    const observed = await observeWorkspace(clients(), WS);
    expect(scope.isDone()).toBe(true);
    expect(observed.storageAccount).toBeUndefined();
    expect(observed.keyVault).toBeUndefined();
    expect(observed.containerRegistry).toBeUndefined();
    expect(observed.applicationInsights).toBeDefined();
    expect(observed.readProblems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: 'storageAccount', id: ST, reason: 'not-found', code: 'ResourceNotFound', statusCode: 404, requestId: 'req-404' }),
        expect.objectContaining({ subject: 'keyVault', id: KV, reason: 'forbidden', code: 'AuthorizationFailed', statusCode: 403, requestId: 'req-403' }),
        expect.objectContaining({ subject: 'containerRegistry', id: CR, reason: 'not-found' }),
      ]),
    );
    expect(observed.readProblems).toHaveLength(3);
    expect(observed.fingerprints).not.toHaveProperty(ST.toLowerCase());
  });

  it('leaves asset lists undefined when the service will not list them', async () => {
    const scope = mockAll(['models', 'environments', 'data'])
      .get(`${WS}/models`).query(v('2025-06-01')).reply(404, { error: { code: 'NotFound', message: 'no such route' } })
      .get(`${WS}/environments`).query(v('2025-06-01')).reply(403, forbidden)
      .get(`${WS}/data`).query(v('2025-06-01')).reply(400, { error: { code: 'InvalidResourceType', message: 'bad type' } });
    const observed = await observeWorkspace(clients(), WS);
    expect(scope.isDone()).toBe(true);
    expect(observed.models).toBeUndefined();
    expect(observed.environments).toBeUndefined();
    expect(observed.dataAssets).toBeUndefined();
    expect(observed.readProblems?.map((p) => [p.subject, p.reason])).toEqual(
      expect.arrayContaining([['models', 'unsupported'], ['environments', 'forbidden'], ['dataAssets', 'unsupported']]),
    );
  });

  it('does not list outbound rules, and reads no linked resource, when there is nothing to read', async () => {
    const scope = nock(ARM)
      .get(WS).query(v('2025-06-01')).reply(200, workspace({ isolationMode: 'Disabled', publicNetworkAccess: 'Enabled', linked: false }))
      .get(`${WS}/computes`).query(true).reply(200, { value: [] })
      .get(`${WS}/onlineEndpoints`).query(true).reply(200, { value: [] })
      .get(`${WS}/datastores`).query(true).reply(200, { value: [] })
      .get(`${WS}/models`).query(true).reply(200, { value: [] })
      .get(`${WS}/environments`).query(true).reply(200, { value: [] })
      .get(`${WS}/data`).query(true).reply(200, { value: [] })
      .get(`${WS}/providers/Microsoft.Insights/diagnosticSettings`).query(true).reply(200, { value: [] });
    const observed = await observeWorkspace(clients(), WS);
    expect(scope.isDone()).toBe(true);
    expect(observed.outboundRules).toEqual({});
    expect(observed.storageAccount).toBeUndefined();
    expect(observed.fingerprints).not.toHaveProperty(`${WS}/outboundRules`.toLowerCase());
  });

  it.each([
    [404, 'not found'],
    [403, 'access denied'],
  ])('fails with one line naming the workspace when the workspace itself answers %i', async (status, words) => {
    const scope = nock(ARM).get(WS).query(v('2025-06-01')).reply(status, status === 404 ? notFound('ws1') : forbidden, { 'x-ms-request-id': 'rq-1' });
    const error = await observeWorkspace(clients(), WS).catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(error).toBeInstanceOf(ArmError);
    const armError = error as ArmError;
    expect(armError.statusCode).toBe(status);
    expect(armError.requestId).toBe('rq-1');
    expect(armError.message).not.toContain('\n');
    expect(armError.message).toContain("workspace 'ws1' (resource group 'rg-ml', subscription '00000000-1111-2222-3333-444444444444')");
    expect(armError.message).toContain(words);
    expect(armError.message.match(/HTTP \d+/g)).toHaveLength(1);
  });

  it('fails naming the workspace when its computes cannot be listed (an in-place update must know them)', async () => {
    const scope = mockAll(['computes']).get(`${WS}/computes`).query(true).reply(403, forbidden);
    const error = (await observeWorkspace(clients(), WS).catch((e: unknown) => e)) as ArmError;
    expect(error).toBeInstanceOf(ArmError);
    expect(error.message).toMatch(/^AuthorizationFailed: Cannot list the computes of workspace 'ws1'/);
    expect(scope.pendingMocks()).not.toContain(expect.stringContaining('/computes'));
  });

  it('refuses an id that is not a workspace id, before any request', async () => {
    await expect(observeWorkspace(clients(), ST)).rejects.toBeInstanceOf(UsageError);
    await expect(observeWorkspace(clients(), 'ws1')).rejects.toBeInstanceOf(UsageError);
  });

  it('runs independent reads in parallel, never more than the bound', async () => {
    const scope = mockAll();
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const limit: Limit = async (read) => {
      calls += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await read();
      } finally {
        inFlight -= 1;
      }
    };
    await observeWorkspace(clients(), WS, { limit });
    expect(scope.isDone()).toBe(true);
    expect(calls).toBe(13); // workspace + 12 independent reads
    expect(peak).toBe(12); // the 12 after the workspace all at once: this limit has no bound

    const bounded = mockAll();
    const { createLimit } = await import('../../src/observe/read-problems.js');
    const inner = createLimit(3);
    let active = 0;
    let max = 0;
    const counting: Limit = (read) => inner(async () => {
      active += 1;
      max = Math.max(max, active);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await read();
      } finally {
        active -= 1;
      }
    });
    await observeWorkspace(clients(), WS, { limit: counting });
    expect(bounded.isDone()).toBe(true);
    expect(max).toBe(3);
  });
});
