import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO, DEMO_CONTENTS as C } from '../../src/emulator/demo-fleet.js';
import { API, call, start, tempDir, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.approvedOnly}`;

async function listAll(emu: RunningEmulator, url: string): Promise<{ names: string[]; links: string[] }> {
  const names: string[] = [];
  const links: string[] = [];
  for (let next: string | undefined = url; next; ) {
    const page: Reply = await call(emu, 'GET', next);
    expect([page.status, page.body?.error]).toEqual([200, undefined]);
    names.push(...page.body.value.map((v: { name: string }) => v.name));
    next = page.body.nextLink;
    if (next) links.push(next);
  }
  return { names, links };
}

/** Answers of spec'd operations are checked against mfe.json (validateResponses): drift would be a 500. */
describe('workspace contents: datastores, assets and versions, connections', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ validateResponses: true, pageSize: 1 })));
  afterAll(() => emu.stop());

  it('serves the demo datastores without secrets; listSecrets returns the account key; identity-based has none', async () => {
    const list = await listAll(emu, `${WS}/datastores?${API}`);
    expect(list.names).toEqual([C.datastores.accountKey, C.datastores.identity]);
    expect(list.links[0]).toMatch(/\/datastores\?api-version=2025-06-01&%24skip=\w+/);
    const ds = await call(emu, 'GET', `${WS}/datastores/${C.datastores.accountKey}?${API}`);
    expect(ds.body.properties.credentials).toEqual({ credentialsType: 'AccountKey' });
    expect(JSON.stringify(ds.body)).not.toContain(C.accountKey);
    const secrets = await call(emu, 'POST', `${WS}/datastores/${C.datastores.accountKey}/listSecrets?${API}`);
    expect([secrets.status, secrets.body]).toEqual([200, { secretsType: 'AccountKey', key: C.accountKey }]);
    const none = await call(emu, 'POST', `${WS}/datastores/${C.datastores.identity}/listSecrets?${API}`);
    expect([none.status, none.body.error.code]).toEqual([400, 'UserError']);
  });

  it('PUTs Sas and ServicePrincipal datastores (validated), keeps their secrets apart and deletes them', async () => {
    const sas = { properties: { datastoreType: 'AzureBlob', accountName: 'stx', containerName: 'c', credentials: { credentialsType: 'Sas', secrets: { secretsType: 'Sas', sasToken: 'sv=2024&sig=abc' } } } };
    expect((await call(emu, 'PUT', `${WS}/datastores/sas-store?${API}`, sas)).status).toBe(201);
    const spBody = { properties: { datastoreType: 'AzureBlob', accountName: 'stx', containerName: 'c', credentials: { credentialsType: 'ServicePrincipal', clientId: DEMO.cosmosDbPrincipalId, tenantId: DEMO.tenantId, secrets: { secretsType: 'ServicePrincipal', clientSecret: 's3cret' } } } };
    const sp = await call(emu, 'PUT', `${WS}/datastores/sp-store?${API}`, spBody);
    expect(sp.status).toBe(201);
    expect(sp.body.properties.credentials).toEqual({ credentialsType: 'ServicePrincipal', clientId: DEMO.cosmosDbPrincipalId, tenantId: DEMO.tenantId });
    expect((await call(emu, 'POST', `${WS}/datastores/sas-store/listSecrets?${API}`)).body).toEqual({ secretsType: 'Sas', sasToken: 'sv=2024&sig=abc' });
    expect((await call(emu, 'POST', `${WS}/datastores/sp-store/listSecrets?${API}`)).body).toEqual({ secretsType: 'ServicePrincipal', clientSecret: 's3cret' });
    const invalid = await call(emu, 'PUT', `${WS}/datastores/bad?${API}`, { properties: { datastoreType: 'AzureBlob', credentials: { credentialsType: 'AccountKey' } } });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'InvalidRequestContent']);
    expect((await call(emu, 'DELETE', `${WS}/datastores/sas-store?${API}`)).status).toBe(200);
    expect((await call(emu, 'POST', `${WS}/datastores/sas-store/listSecrets?${API}`)).status).toBe(404);
    expect((emu.snapshot() as unknown as { secrets: Record<string, unknown> }).secrets[`${WS}/datastores/sas-store`.toLowerCase()]).toBeUndefined();
  });

  it('lists model versions to the end, and the data URIs that name the workspace or a datastore only', async () => {
    expect((await listAll(emu, `${WS}/models/${C.model}/versions?${API}`)).names).toEqual(['1', '2']);
    const model = await call(emu, 'GET', `${WS}/models/${C.model}?${API}`);
    expect(model.body.properties).toMatchObject({ latestVersion: '2', nextVersion: '3' });
    const abs = await call(emu, 'GET', `${WS}/data/${C.data.absolute}/versions/1?${API}`);
    expect(abs.body.properties.dataUri).toContain(`/workspaces/${DEMO.workspaces.approvedOnly}/datastores/`);
    const rel = await call(emu, 'GET', `${WS}/data/${C.data.relative}/versions/1?${API}`);
    expect(rel.body.properties.dataUri).toMatch(/^azureml:\/\/datastores\//);
    expect((await call(emu, 'GET', `${WS}/environments/${C.environment}/versions/1?${API}`)).body.properties).toMatchObject({ environmentType: 'UserCreated', image: expect.any(String) });
  });

  it('creates versions (container made on demand), accepts an identical PUT and refuses changing immutable content', async () => {
    const body = { properties: { modelType: 'custom_model', modelUri: 'azureml://datastores/workspaceblobstore/paths/m/1/', description: 'first' } };
    const created = await call(emu, 'PUT', `${WS}/models/new-model/versions/1?${API}`, body);
    expect([created.status, created.body.properties.provisioningState]).toEqual([201, 'Succeeded']);
    expect((await call(emu, 'GET', `${WS}/models/new-model?${API}`)).body.properties).toMatchObject({ latestVersion: '1', nextVersion: '2' });
    expect((await call(emu, 'PUT', `${WS}/models/new-model/versions/1?${API}`, body)).status).toBe(200);
    const described = { properties: { ...body.properties, description: 'second', tags: { stage: 'prod' } } };
    expect((await call(emu, 'PUT', `${WS}/models/new-model/versions/1?${API}`, described)).status).toBe(200);
    const moved = await call(emu, 'PUT', `${WS}/models/new-model/versions/1?${API}`, { properties: { ...body.properties, modelUri: 'azureml://datastores/x/paths/other/' } });
    expect([moved.status, moved.body.error.code]).toEqual([409, 'UserError']);
    expect(moved.body.error.message).toMatch(/modelUri.*only tags, description and isArchived/);
    const data = await call(emu, 'PUT', `${WS}/data/new-data/versions/1?${API}`, { properties: { dataType: 'uri_folder', dataUri: 'azureml://datastores/a/paths/x/' } });
    expect(data.status).toBe(201);
    expect((await call(emu, 'GET', `${WS}/data/new-data?${API}`)).body.properties).toMatchObject({ dataType: 'uri_folder', latestVersion: '1' });
    const retyped = await call(emu, 'PUT', `${WS}/data/new-data/versions/1?${API}`, { properties: { dataType: 'uri_folder', dataUri: 'azureml://datastores/a/paths/y/' } });
    expect(retyped.status).toBe(409);
    expect((await call(emu, 'DELETE', `${WS}/models/new-model/versions/1?${API}`)).status).toBe(200);
    expect((await call(emu, 'GET', `${WS}/models/new-model/versions/1?${API}`)).status).toBe(404);
  });

  it('serves connections without credentials; listsecrets returns them; an unknown authType is refused', async () => {
    const list = await listAll(emu, `${WS}/connections?${API}`);
    expect(list.names).toEqual([C.connection]);
    const conn = await call(emu, 'GET', `${WS}/connections/${C.connection}?${API}`);
    expect(conn.body.properties).toMatchObject({ authType: 'PAT', category: 'Git' });
    expect(conn.body.properties.credentials).toBeUndefined();
    const secrets = await call(emu, 'POST', `${WS}/connections/${C.connection}/listsecrets?${API}`);
    expect(secrets.body.properties.credentials).toEqual({ pat: C.connectionPat });
    const put = await call(emu, 'PUT', `${WS}/connections/openai?${API}`, { properties: { authType: 'ApiKey', category: 'AzureOpenAI', target: 'https://x.openai.azure.com/', credentials: { key: 'k1' } } });
    expect([put.status, put.body.properties.credentials]).toEqual([201, undefined]);
    expect((await call(emu, 'POST', `${WS}/connections/openai/listsecrets?${API}`)).body.properties.credentials).toEqual({ key: 'k1' });
    expect((await call(emu, 'PUT', `${WS}/connections/bad?${API}`, { properties: { authType: 'Magic' } })).status).toBe(400);
    expect((await call(emu, 'DELETE', `${WS}/connections/openai?${API}`)).status).toBe(200);
    expect((await call(emu, 'GET', `${WS}/connections/openai?${API}`)).status).toBe(404);
  });

  it('lists the workspace-scoped role assignment with $filter=atScope()', async () => {
    const r = await call(emu, 'GET', `${WS}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent('atScope()')}`);
    expect(r.status).toBe(200);
    const atWs = r.body.value.filter((a: { properties: { scope: string } }) => a.properties.scope.toLowerCase() === WS.toLowerCase());
    expect(atWs.map((a: { name: string }) => a.name)).toEqual([C.roleAssignment]);
  });
});

describe('persistence of contents', () => {
  it('round-trips versions, secrets, deployments and schedules through the state file', async () => {
    const dir = await tempDir();
    const stateFile = `${dir.path}/state.json`;
    try {
      const first = await start({ stateFile });
      await call(first, 'PUT', `${WS}/datastores/persisted?${API}`, { properties: { datastoreType: 'AzureBlob', accountName: 'st', containerName: 'c', credentials: { credentialsType: 'AccountKey', secrets: { secretsType: 'AccountKey', key: 'persisted-key' } } } });
      const before = first.snapshot();
      await first.stop();
      const second = await start({ stateFile });
      expect(second.snapshot()).toEqual(before);
      expect((await call(second, 'POST', `${WS}/datastores/persisted/listSecrets?${API}`)).body.key).toBe('persisted-key');
      expect((await call(second, 'GET', `${WS}/onlineEndpoints/${C.endpoint}/deployments/${C.deployments.green}?${API}`)).status).toBe(200);
      expect((await call(second, 'GET', `${WS}/schedules/${C.schedule}?${API}`)).status).toBe(200);
      await second.stop();
    } finally {
      await dir.cleanup();
    }
  });
});
