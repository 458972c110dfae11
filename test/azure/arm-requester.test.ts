import nock from 'nock';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ArmError, AuthError } from '../../src/errors.js';
import { createArmRequester, resolveArmUrl } from '../../src/azure/arm-requester.js';
import { workspaceApiVersion } from '../../src/model/api-versions.js';
import { FakeCredential, recordedRetry, workspaceJson, WS_ID, SUB } from './helpers.js';

const ARM = 'https://management.azure.com';

function requester(retry = recordedRetry(), credential = new FakeCredential()) {
  return createArmRequester({ credential, endpoint: ARM, scope: `${ARM}/.default`, userAgentPrefix: 'aml-isolate/test', retry });
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('round trip at 2025-06-01', () => {
  it('keeps managedNetwork, encryption, identity and unknown fields through GET → PUT → PATCH', async () => {
    const original = workspaceJson();
    let putBody: unknown;
    let patchBody: unknown;
    const scope = nock(ARM, { reqheaders: { authorization: 'Bearer fake-token' } })
      .get(WS_ID)
      .query({ 'api-version': workspaceApiVersion })
      .reply(200, original, { 'x-ms-request-id': 'r-get' })
      .put(WS_ID, (body) => ((putBody = body), true))
      .query({ 'api-version': workspaceApiVersion })
      .reply(202, '', { 'azure-asyncoperation': `${ARM}/op/1?api-version=${workspaceApiVersion}` })
      .patch(WS_ID, (body) => ((patchBody = body), true))
      .query({ 'api-version': workspaceApiVersion })
      .reply(200, original);
    const arm = requester();

    const read = await arm.get<Record<string, unknown>>(WS_ID, workspaceApiVersion);
    expect(read.status).toBe(200);
    expect(read.headers['x-ms-request-id']).toBe('r-get');
    const put = await arm.put(WS_ID, workspaceApiVersion, read.body);
    expect(put.status).toBe(202);
    expect(put.body).toBeUndefined();
    expect(put.headers['azure-asyncoperation']).toContain('/op/1');
    const patch = { properties: (read.body as { properties: Record<string, unknown> }).properties };
    await arm.patch(WS_ID, workspaceApiVersion, patch);

    expect(scope.isDone()).toBe(true);
    expect(putBody).toStrictEqual(original);
    expect(patchBody).toStrictEqual({ properties: original['properties'] });
  });

  it('sends JSON content type, the user agent prefix and normalises // paths from SDK ids', async () => {
    const scope = nock(ARM, {
      reqheaders: { 'content-type': /application\/json/, 'user-agent': /^aml-isolate\/test / },
    })
      .post(`${WS_ID}/provisionManagedNetwork`, { includeSpark: true })
      .query({ 'api-version': workspaceApiVersion })
      .reply(202);
    await requester().post(`/${WS_ID}/provisionManagedNetwork`, workspaceApiVersion, { includeSpark: true });
    expect(scope.isDone()).toBe(true);
  });
});

describe('paging', () => {
  it('follows nextLink across 3 pages to the end, keeping its api-version or adding ours', async () => {
    const list = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces`;
    const scope = nock(ARM)
      .get(list)
      .query({ 'api-version': workspaceApiVersion })
      .reply(200, { value: [{ id: 'a' }, { id: 'b' }], nextLink: `${ARM}${list}?api-version=${workspaceApiVersion}&$skiptoken=p2` })
      .get(list)
      .query({ 'api-version': workspaceApiVersion, $skiptoken: 'p2' })
      .reply(200, { value: [{ id: 'c' }], nextLink: `${ARM}${list}?$skiptoken=p3` }) // no api-version: ours is added
      .get(list)
      .query({ 'api-version': workspaceApiVersion, $skiptoken: 'p3' })
      .reply(200, { value: [], nextLink: `${ARM}${list}?api-version=${workspaceApiVersion}&$skiptoken=p4` })
      .get(list)
      .query({ 'api-version': workspaceApiVersion, $skiptoken: 'p4' })
      .reply(200, { value: [{ id: 'd' }], nextLink: null });
    const arm = requester();
    const pages: string[][] = [];
    for await (const page of arm.pages<{ id: string }>(list, workspaceApiVersion)) pages.push(page.map((w) => w.id));
    expect(pages).toEqual([['a', 'b'], ['c'], [], ['d']]);
    expect(scope.isDone()).toBe(true);
  });

  it('listAll collects every page; a nextLink on another host is refused', async () => {
    nock(ARM).get('/x').query(true).reply(200, { value: [1], nextLink: 'https://evil.example.com/x?api-version=1' });
    await expect(requester().listAll('/x', '2020-01-01')).rejects.toMatchObject({ code: 'ForeignUrl' });
  });
});

describe('errors', () => {
  it('turns an ARM error body into ArmError with code, status, request id, method and url', async () => {
    nock(ARM)
      .get(WS_ID)
      .query(true)
      .reply(404, { error: { code: 'ResourceNotFound', message: "The Resource 'ws1' was not found." } }, { 'x-ms-request-id': 'req-404' });
    const error = await requester().get(WS_ID, workspaceApiVersion).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({
      code: 'ResourceNotFound',
      statusCode: 404,
      requestId: 'req-404',
      method: 'GET',
      url: `${ARM}${WS_ID}?api-version=${workspaceApiVersion}`,
    });
    expect((error as Error).message).toBe("ResourceNotFound: The Resource 'ws1' was not found. (HTTP 404, x-ms-request-id req-404)");
  });

  it('handles a non-JSON error body (gateway HTML)', async () => {
    nock(ARM).get('/x').query(true).reply(400, '<html><body>Bad Request</body></html>', { 'x-ms-request-id': 'r1' });
    await expect(requester().get('/x', '1')).rejects.toMatchObject({ code: 'BadRequest', statusCode: 400, requestId: 'r1' });
  });

  it('a 2xx body that is not JSON is an ArmError, not a crash', async () => {
    nock(ARM).get('/x').query(true).reply(200, 'not json');
    await expect(requester().get('/x', '1')).rejects.toMatchObject({ code: 'InvalidResponse', statusCode: 200 });
  });

  it('401 is an AuthError that says how to log in', async () => {
    nock(ARM).get('/x').query(true).reply(401, { error: { code: 'ExpiredAuthenticationToken', message: 'expired' } }, { 'x-ms-request-id': 'r401' });
    const error = await requester().get('/x', '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/ExpiredAuthenticationToken.*r401.*az login.*AZURE_TOKEN_CREDENTIALS/);
  });

  it('a credential that cannot get a token is an AuthError with the hint, and nothing is sent', async () => {
    const unavailable = Object.assign(new Error('Azure CLI could not be found.\nMore details...'), { name: 'CredentialUnavailableError' });
    const error = await requester(recordedRetry(), new FakeCredential(unavailable)).get('/x', '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe(
      'Could not get an Azure token: Azure CLI could not be found.; run `az login` (with --tenant if needed), or set AZURE_TOKEN_CREDENTIALS (e.g. AzureCliCredential, ManagedIdentityCredential, EnvironmentCredential) to pin the credential.',
    );
  });

  it('an aborted call rejects with AbortError and sends nothing more', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await requester().get('/x', '1', { abortSignal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('resolveArmUrl', () => {
  it('joins paths, keeps queries, adds api-version only when missing', () => {
    expect(resolveArmUrl('https://h', '//subscriptions/s', 'v1')).toBe('https://h/subscriptions/s?api-version=v1');
    expect(resolveArmUrl('https://h', 'subscriptions/s?forceToPurge=true', 'v1')).toBe('https://h/subscriptions/s?forceToPurge=true&api-version=v1');
    expect(resolveArmUrl('https://h', 'https://h/op?api-version=v0', 'v1')).toBe('https://h/op?api-version=v0');
    expect(resolveArmUrl('https://h:8443/base', '/s', 'v1')).toBe('https://h:8443/base/s?api-version=v1');
  });
});
