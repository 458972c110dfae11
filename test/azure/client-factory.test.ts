import nock from 'nock';
import { AzureAuthorityHosts } from '@azure/identity';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAzureClients, lazyDefaultCredential } from '../../src/azure/client-factory.js';
import { clouds, parseArmEndpoint, parseCloudName, resolveCloud } from '../../src/azure/clouds.js';
import { AuthError, UsageError } from '../../src/errors.js';
import { FakeCredential, recordedRetry, SUB } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const subscriptionsPage = { value: [{ subscriptionId: SUB }] };

describe('clouds', () => {
  it('authority hosts match @azure/identity', () => {
    expect(clouds.AzureCloud.authorityHost).toBe(AzureAuthorityHosts.AzurePublicCloud);
    expect(clouds.AzureChinaCloud.authorityHost).toBe(AzureAuthorityHosts.AzureChina);
    expect(clouds.AzureUSGovernment.authorityHost).toBe(AzureAuthorityHosts.AzureGovernment);
  });

  it('Cosmos DB principal is known for public and US Gov, undefined for China', () => {
    expect(clouds.AzureCloud.cosmosDbPrincipalId).toBe('a232010e-820c-4083-83bb-3ace5fc29d0b');
    expect(clouds.AzureUSGovernment.cosmosDbPrincipalId).toBe('57506a73-e302-42a9-b869-6f12d9ec29e9');
    expect(clouds.AzureChinaCloud.cosmosDbPrincipalId).toBeUndefined();
  });

  it('parses names case-insensitively and refuses unknown ones in one line', () => {
    expect(parseCloudName('azurechinacloud')).toBe('AzureChinaCloud');
    expect(() => parseCloudName('AzureGermanCloud')).toThrow(UsageError);
    expect(() => parseCloudName('AzureGermanCloud')).toThrow(/^Unknown --cloud 'AzureGermanCloud'; use one of AzureCloud, AzureChinaCloud, AzureUSGovernment\.$/);
  });

  it('custom endpoints must be https', () => {
    expect(parseArmEndpoint('https://127.0.0.1:8443/')).toBe('https://127.0.0.1:8443');
    expect(() => parseArmEndpoint('http://127.0.0.1:8080')).toThrow(UsageError);
    expect(() => parseArmEndpoint('http://127.0.0.1:8080')).toThrow(/must use https/);
    expect(() => parseArmEndpoint('not a url')).toThrow(UsageError);
    expect(() => createAzureClients({ armEndpoint: 'http://localhost', credential: new FakeCredential() })).toThrow(UsageError);
    expect(resolveCloud({ cloud: 'AzureUSGovernment', armEndpoint: 'https://arm.local' })).toMatchObject({
      armEndpoint: 'https://arm.local',
      authorityHost: AzureAuthorityHosts.AzureGovernment,
      customEndpoint: true,
    });
  });
});

describe('createAzureClients', () => {
  const cases = [
    { name: 'AzureCloud', cloud: undefined, endpoint: 'https://management.azure.com' },
    { name: 'AzureChinaCloud', cloud: 'AzureChinaCloud', endpoint: 'https://management.chinacloudapi.cn' },
    { name: 'AzureUSGovernment', cloud: 'AzureUSGovernment', endpoint: 'https://management.usgovcloudapi.net' },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: calls ${c.endpoint} with scope ${c.endpoint}/.default`, async () => {
      const credential = new FakeCredential();
      const clients = createAzureClients({ credential, cloud: c.cloud, retry: recordedRetry() });
      const scope = nock(c.endpoint).get('/subscriptions').query({ 'api-version': '2022-12-01' }).reply(200, subscriptionsPage);
      expect(clients.endpoint).toBe(c.endpoint);
      expect(await clients.fleetReader.listSubscriptions()).toEqual([{ subscriptionId: SUB }]);
      expect(scope.isDone()).toBe(true);
      expect(credential.scopes).toEqual([[`${c.endpoint}/.default`]]);
    });
  }

  it('a custom endpoint retargets the requester, the scope and every typed SDK client', async () => {
    const custom = 'https://arm.contoso.local:8443';
    const credential = new FakeCredential();
    const clients = createAzureClients({ credential, cloud: 'AzureCloud', armEndpoint: `${custom}/`, retry: recordedRetry(), userAgentPrefix: 'aml-isolate/9.9.9' });
    const scope = nock(custom, { reqheaders: { authorization: 'Bearer fake-token', 'user-agent': /^aml-isolate\/9\.9\.9 / } })
      .get('/subscriptions').query(true).reply(200, subscriptionsPage)
      .get(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`)
      .query(true)
      .reply(200, { id: 'kv-id', name: 'kv', location: 'westeurope', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' }, enablePurgeProtection: true } })
      .get(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`)
      .query(true)
      .reply(200, { id: 'st-id', name: 'st', location: 'westeurope', properties: { publicNetworkAccess: 'Disabled' } });

    await clients.fleetReader.listSubscriptions();
    const kv = await clients.keyVault(SUB);
    expect(await clients.keyVault(SUB)).toBe(kv); // cached
    const vault = await kv.vaults.get('rg', 'kv');
    expect(vault.properties?.enablePurgeProtection).toBe(true);
    const account = await (await clients.storage(SUB)).storageAccounts.getProperties('rg', 'st');
    expect(account.publicNetworkAccess).toBe('Disabled');

    expect(scope.isDone()).toBe(true);
    expect(new Set(credential.scopes.flat())).toEqual(new Set([`${custom}/.default`]));
  });

  it('typed SDK clients use our retry policy (500 with Retry-After honoured)', async () => {
    const custom = 'https://arm.contoso.local';
    const retry = recordedRetry();
    const clients = createAzureClients({ credential: new FakeCredential(), armEndpoint: custom, retry });
    const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`;
    const scope = nock(custom)
      .get(path).query(true).reply(500, { error: { code: 'InternalServerError', message: 'x' } }, { 'retry-after': '2' })
      .get(path).query(true).reply(200, { id: 'st-id', name: 'st', properties: {} });
    await (await clients.storage(SUB)).storageAccounts.getProperties('rg', 'st');
    expect(scope.isDone()).toBe(true);
    expect(retry.sleeps).toEqual([2000]);
  });

  it('a token scope override is honoured (Azure Stack audiences)', async () => {
    const credential = new FakeCredential();
    const clients = createAzureClients({ credential, armEndpoint: 'https://management.local.azurestack.external', tokenScope: 'https://management.contoso.onmicrosoft.com/abc/.default' });
    nock('https://management.local.azurestack.external').get('/subscriptions').query(true).reply(200, { value: [] });
    await clients.fleetReader.listSubscriptions();
    expect(credential.scopes).toEqual([['https://management.contoso.onmicrosoft.com/abc/.default']]);
  });

  it('builds no default credential until a token is needed; a bad AZURE_TOKEN_CREDENTIALS is an AuthError', async () => {
    const saved = process.env['AZURE_TOKEN_CREDENTIALS'];
    process.env['AZURE_TOKEN_CREDENTIALS'] = 'NotACredential';
    try {
      const clients = createAzureClients({ cloud: 'AzureChinaCloud' }); // must not throw: nothing is built yet
      expect(clients.endpoint).toBe('https://management.chinacloudapi.cn');
      await expect(lazyDefaultCredential(undefined).getToken('x/.default')).rejects.toBeInstanceOf(AuthError);
      await expect(clients.fleetReader.listSubscriptions()).rejects.toBeInstanceOf(AuthError);
    } finally {
      if (saved === undefined) delete process.env['AZURE_TOKEN_CREDENTIALS'];
      else process.env['AZURE_TOKEN_CREDENTIALS'] = saved;
    }
  });
});
