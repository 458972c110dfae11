import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workspaceApiVersion } from '../../src/model/api-versions.js';
import { runArmOperation } from '../../src/azure/arm-lro.js';
import { createArmRequester } from '../../src/azure/arm-requester.js';
import { ArmError } from '../../src/errors.js';
import { FakeCredential, recordedRetry, workspaceJson, WS_ID } from './helpers.js';

const ARM = 'https://management.azure.com';
const OP = '/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/westeurope/workspaceOperationsStatus/op1';
const arm = () => createArmRequester({ credential: new FakeCredential(), endpoint: ARM, scope: `${ARM}/.default`, retry: recordedRetry() });
const q = { 'api-version': workspaceApiVersion };

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('long-running operations', () => {
  it('PUT: follows Azure-AsyncOperation to Succeeded, then reads the resource', async () => {
    const ws = workspaceJson();
    let sent: unknown;
    const scope = nock(ARM)
      .put(WS_ID, (b) => ((sent = b), true)).query(q)
      .reply(202, '', { 'azure-asyncoperation': `${ARM}${OP}?api-version=${workspaceApiVersion}`, location: `${ARM}${OP}?api-version=${workspaceApiVersion}&type=location` })
      .get(OP).query(q).reply(200, { status: 'InProgress' })
      .get(OP).query(q).reply(200, { status: 'Succeeded', percentComplete: 100.0 })
      .get(WS_ID).query(q).reply(200, ws);
    const result = await runArmOperation(arm(), 'PUT', WS_ID, workspaceApiVersion, ws, { updateIntervalInMs: 0 });
    expect(result).toStrictEqual(ws);
    expect(sent).toStrictEqual(ws);
    expect(scope.isDone()).toBe(true);
  });

  it('a Failed operation is an ArmError with the service error code and the poll request id', async () => {
    const scope = nock(ARM)
      .post(`${WS_ID}/provisionManagedNetwork`, { includeSpark: false }).query(q)
      .reply(202, '', { 'azure-asyncoperation': `${ARM}${OP}?api-version=${workspaceApiVersion}` })
      .get(OP).query(q)
      .reply(200, { status: 'Failed', error: { code: 'ManagedNetworkProvisioningFailed', message: 'subnet exhausted' } }, { 'x-ms-request-id': 'poll-1' });
    const error = await runArmOperation(arm(), 'POST', `${WS_ID}/provisionManagedNetwork`, workspaceApiVersion, { includeSpark: false }, { updateIntervalInMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({ code: 'ManagedNetworkProvisioningFailed', requestId: 'poll-1', method: 'POST' });
    expect(scope.isDone()).toBe(true);
  });

  it('DELETE with only Location polls it until 200', async () => {
    const scope = nock(ARM)
      .delete(WS_ID).query({ ...q, forceToPurge: 'true' })
      .reply(202, '', { location: `${ARM}${OP}?api-version=${workspaceApiVersion}` })
      .get(OP).query(q).reply(202, '')
      .get(OP).query(q).reply(200, '');
    await runArmOperation(arm(), 'DELETE', `${WS_ID}?forceToPurge=true`, workspaceApiVersion, undefined, { updateIntervalInMs: 0 });
    expect(scope.isDone()).toBe(true);
  });
});
