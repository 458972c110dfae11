import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '../../src/emulator/spec/validator.js';
import { exampleBody, exampleBodyParameter, examplePath, loadOfficialExamples } from './fidelity-examples.js';

const validator = createSpecValidator();
const SUB = '/subscriptions/00000000-1111-2222-3333-444444444444';
const WS = `${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
const KEY_VAULT = `${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1`;

function workspace(managedNetwork: unknown): Record<string, unknown> {
  return {
    location: 'eastus',
    identity: { type: 'SystemAssigned' },
    properties: { publicNetworkAccess: 'Disabled', managedNetwork },
  };
}

describe('request bodies', () => {
  it('accepts a valid workspace with a managed network and a PrivateEndpoint rule', () => {
    const body = workspace({
      isolationMode: 'AllowInternetOutbound',
      outboundRules: {
        'storage-blob': {
          type: 'PrivateEndpoint',
          category: 'UserDefined',
          destination: { serviceResourceId: `${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`, subresourceTarget: 'blob', sparkEnabled: true },
        },
      },
    });
    expect(validator.validateRequest('PUT', WS, body)).toEqual([]);
  });

  it('refuses wrong types, unknown enum values and unknown properties, naming each path', () => {
    const issues = validator.validateRequest('PUT', WS, {
      location: 42,
      properties: { publicNetworkAccess: 'Off', hbiWorkspace: 'yes', managedNetwork: { isolationMode: 'Internet' }, publicAccess: 'Disabled' },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'location', message: 'must be string' },
        { path: 'properties.publicNetworkAccess', message: 'must be one of ["Enabled","Disabled"]' },
        { path: 'properties.hbiWorkspace', message: 'must be boolean' },
        { path: 'properties.managedNetwork.isolationMode', message: expect.stringContaining('"AllowInternetOutbound"') },
        { path: 'properties', message: "unknown property 'publicAccess'" },
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('refuses a workspace without the required properties, and a PUT without a body', () => {
    expect(validator.validateRequest('PUT', WS, { location: 'eastus' })).toEqual([{ path: '', message: "missing required property 'properties'" }]);
    expect(validator.validateRequest('PUT', WS, undefined)).toEqual([{ path: '', message: expect.stringContaining('request body is required') }]);
  });

  it('allows read-only properties in a request (the service ignores them) and does not require them', () => {
    const body = {
      id: WS,
      name: 'ws1',
      type: 'Microsoft.MachineLearningServices/workspaces',
      location: 'eastus',
      properties: { provisioningState: 'Succeeded', workspaceId: 'abc', managedNetwork: { isolationMode: 'AllowInternetOutbound', networkId: 'n1', status: { status: 'Active', sparkReady: false } } },
    };
    expect(validator.validateRequest('PUT', WS, body)).toEqual([]);
  });

  it('accepts null where the spec says x-nullable and refuses it elsewhere', () => {
    const ok = workspace({ isolationMode: 'AllowInternetOutbound', firewallPublicIpAddress: null });
    expect(validator.validateRequest('PUT', WS, ok)).toEqual([]);
    const bad = workspace({ isolationMode: null });
    expect(validator.validateRequest('PUT', WS, bad)).toEqual([
      { path: 'properties.managedNetwork.isolationMode', message: 'must be string' },
      { path: 'properties.managedNetwork.isolationMode', message: 'must be one of ["Disabled","AllowInternetOutbound","AllowOnlyApprovedOutbound"]' },
    ]);
  });

  it('PATCH uses the update schema (location is not a patch property)', () => {
    expect(validator.validateRequest('PATCH', WS, { properties: { publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound' } } })).toEqual([]);
    expect(validator.validateRequest('PATCH', WS, { location: 'eastus' })).toEqual([{ path: '', message: "unknown property 'location'" }]);
  });
});

describe('discriminators', () => {
  const rulePath = `${WS}/outboundRules/rule1`;

  it('dispatches OutboundRule on type: a PrivateEndpoint rule with a bad destination is refused', () => {
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: 7, sparkEnabled: 'yes' } } })).toEqual([
      { path: 'properties.destination.serviceResourceId', message: 'must be string' },
      { path: 'properties.destination.sparkEnabled', message: 'must be boolean' },
    ]);
    // a string destination is an FQDN rule's shape, not a PrivateEndpoint rule's
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'PrivateEndpoint', destination: 'contoso.com' } })).toEqual([
      { path: 'properties.destination', message: 'must be object' },
    ]);
  });

  it('checks each rule type against its own subtype', () => {
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'FQDN', destination: 'pypi.org' } })).toEqual([]);
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'FQDN', destination: { serviceTag: 'AzureML' } } })).toEqual([
      { path: 'properties.destination', message: 'must be string' },
    ]);
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'ServiceTag', destination: { serviceTag: 'AzureML', protocol: 'TCP', portRanges: '443' } } })).toEqual([]);
    // a property of another subtype is unknown here
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'FQDN', destination: 'pypi.org', fqdns: ['a'] } })).toEqual([
      { path: 'properties', message: "unknown property 'fqdns'" },
    ]);
  });

  it('refuses an unknown or missing rule type, also inside a workspace map of rules', () => {
    expect(validator.validateRequest('PUT', rulePath, { properties: { type: 'Internet' } })).toEqual([
      { path: 'properties.type', message: 'must be one of ["FQDN","PrivateEndpoint","ServiceTag"]' },
    ]);
    expect(validator.validateRequest('PUT', rulePath, { properties: { destination: 'x' } })).toEqual(
      expect.arrayContaining([{ path: 'properties', message: "missing required property 'type'" }]),
    );
    const body = workspace({ isolationMode: 'AllowInternetOutbound', outboundRules: { r: { type: 'Bogus' } } });
    expect(validator.validateRequest('PUT', WS, body)).toEqual([
      { path: 'properties.managedNetwork.outboundRules.r.type', message: 'must be one of ["FQDN","PrivateEndpoint","ServiceTag"]' },
    ]);
  });

  it('dispatches Compute on computeType (AmlCompute, ComputeInstance)', () => {
    const compute = `${WS}/computes/cpu`;
    expect(validator.validateRequest('PUT', compute, { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'STANDARD_D2_V2', scaleSettings: { maxNodeCount: 2 } } } })).toEqual([]);
    expect(validator.validateRequest('PUT', compute, { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { scaleSettings: { maxNodeCount: 'two' } } } })).toEqual([
      { path: 'properties.properties.scaleSettings.maxNodeCount', message: 'must be integer' },
    ]);
    expect(validator.validateRequest('PUT', compute, { location: 'eastus', properties: { computeType: 'ComputeInstance', properties: { vmSize: 3 } } })).toEqual([
      { path: 'properties.properties.vmSize', message: 'must be string' },
    ]);
    expect(validator.validateRequest('PUT', compute, { location: 'eastus', properties: { computeType: 'Quantum' } })).toEqual([
      { path: 'properties.computeType', message: expect.stringMatching(/^must be one of \[.*"AmlCompute".*\]$/) },
    ]);
  });

  it('dispatches Datastore on datastoreType and its credentials on credentialsType', () => {
    const ds = `${WS}/datastores/blob`;
    const good = { properties: { datastoreType: 'AzureBlob', accountName: 'st1', containerName: 'c', credentials: { credentialsType: 'None' }, serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity' } };
    expect(validator.validateRequest('PUT', ds, good)).toEqual([]);
    expect(validator.validateRequest('PUT', ds, { properties: { ...good.properties, accountName: 5 } })).toEqual([{ path: 'properties.accountName', message: 'must be string or null' }]);
    expect(validator.validateRequest('PUT', ds, { properties: { ...good.properties, credentials: { credentialsType: 'AccountKey' } } })).toEqual([
      { path: 'properties.credentials', message: "missing required property 'secrets'" },
    ]);
  });
});

describe('path matching', () => {
  it('is case-insensitive, ignores the query string, a trailing slash and the SDK double slash', () => {
    const lower = WS.toLowerCase().replace('/ws1', '/WS1');
    expect(validator.validateRequest('PUT', `${lower}?api-version=2025-06-01`, { location: 1, properties: {} })).toEqual([{ path: 'location', message: 'must be string' }]);
    expect(validator.validateRequest('put', `/${WS}/`, { location: 1, properties: {} })).toEqual([{ path: 'location', message: 'must be string' }]);
  });

  it('tells a list from an item', () => {
    const list = `${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces`;
    const listBody = { value: [{ location: 'eastus', properties: {} }] };
    expect(validator.validateResponse('GET', list, 200, listBody)).toEqual([]);
    expect(validator.validateResponse('GET', WS, 200, listBody)).toEqual([
      { path: '', message: "missing required property 'properties'" },
      { path: '', message: "unknown property 'value'" },
    ]);
    expect(validator.validateResponse('GET', `${WS}/outboundRules`, 200, { value: [{ properties: { type: 'FQDN', destination: 'a.b' } }] })).toEqual([]);
    expect(validator.validateResponse('GET', `${WS}/outboundRules/r1`, 200, { properties: { type: 'FQDN', destination: 'a.b' } })).toEqual([]);
  });

  it('returns undefined when the spec has no such operation', () => {
    expect(validator.validateRequest('POST', WS, {})).toBeUndefined();
    expect(validator.validateRequest('PUT', `${WS}/providers/Microsoft.Insights/diagnosticSettings/d1`, {})).toBeUndefined();
    expect(validator.validateResponse('GET', `${WS}/nothing/here`, 200, {})).toBeUndefined();
    expect(validator.validateRequest('GET', '/', undefined)).toBeUndefined();
  });

  it('matches a multi-segment {scope} and prefers the most specific template', () => {
    const assignment = `${WS}/providers/Microsoft.Authorization/roleAssignments/0b5fe924-9a61-425c-96af-cfe6e287ca2d`;
    const body = { properties: { roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/x`, principalId: 'p' } };
    expect(validator.validateRequest('PUT', assignment, body)).toEqual([]);
    expect(validator.validateRequest('PUT', assignment, { properties: { principalId: 'p' } })).toEqual([
      { path: 'properties', message: "missing required property 'roleDefinitionId'" },
    ]);
    // {subscriptionId} alone must not swallow a deeper path
    expect(validator.validateResponse('GET', SUB, 200, { subscriptionId: 's', displayName: 'd', state: 'Enabled' })).toEqual([]);
    expect(validator.validateResponse('GET', `${KEY_VAULT}/keys/k1`, 200, { properties: { kty: 'RSA' } })).toEqual([]);
  });
});

describe('responses', () => {
  it('validates declared statuses and sends undeclared error statuses to the default ErrorResponse', () => {
    expect(validator.validateResponse('GET', WS, 200, { location: 'eastus', properties: { managedNetwork: { isolationMode: 'AllowInternetOutbound' } } })).toEqual([]);
    expect(validator.validateResponse('GET', WS, 200, { location: 'eastus', properties: { managedNetwork: { isolationMode: 'Open' } } })).toEqual([
      { path: 'properties.managedNetwork.isolationMode', message: expect.stringContaining('must be one of') },
    ]);
    expect(validator.validateResponse('GET', WS, 429, { error: { code: 'TooManyRequests', message: 'slow down' } })).toEqual([]);
    expect(validator.validateResponse('GET', WS, 404, { error: { code: 404 } })).toEqual([{ path: 'error.code', message: 'must be string' }]);
  });

  it('refuses an undeclared success status and accepts a declared status without a body', () => {
    expect(validator.validateResponse('GET', WS, 201, {})).toEqual([{ path: '', message: expect.stringContaining('status 201 is not declared for Workspaces_Get') }]);
    expect(validator.validateResponse('DELETE', WS, 202, undefined)).toEqual([]);
    expect(validator.validateResponse('POST', `${WS}/provisionManagedNetwork`, 200, { status: 'Active', sparkReady: false })).toEqual([]);
    expect(validator.validateResponse('POST', `${WS}/provisionManagedNetwork`, 200, { status: 'Running' })).toEqual([
      { path: 'status', message: expect.stringContaining('must be one of') },
    ]);
  });

  it('validates the other services: Key Vault, Storage, subscriptions, Resource Graph', () => {
    expect(validator.validateRequest('PUT', KEY_VAULT, { location: 'eastus', properties: { tenantId: 't', sku: { family: 'A', name: 'standard' }, enablePurgeProtection: 'yes' } })).toEqual([
      { path: 'properties.enablePurgeProtection', message: 'must be boolean' },
    ]);
    expect(validator.validateRequest('PUT', `${KEY_VAULT}/keys/cmk`, { properties: { kty: 'RSA', keySize: 3072 } })).toEqual([]);
    expect(validator.validateResponse('GET', `${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`, 200, { location: 'eastus', properties: { publicNetworkAccess: 'Maybe' } })).toEqual([
      { path: 'properties.publicNetworkAccess', message: expect.stringContaining('must be one of') },
    ]);
    expect(validator.validateResponse('GET', '/subscriptions', 200, {})).toEqual([{ path: '', message: "missing required property 'value'" }]);
    expect(validator.validateRequest('POST', '/providers/Microsoft.ResourceGraph/resources', { query: 'Resources', options: { $top: 5000 } })).toEqual([
      { path: 'options.$top', message: 'must be <= 1000' },
    ]);
  });

  it('compiles each operation once: repeated validation is cheap', () => {
    const body = workspace({ isolationMode: 'AllowInternetOutbound' });
    validator.validateRequest('PUT', WS, body);
    const start = performance.now();
    for (let i = 0; i < 2000; i++) validator.validateRequest('PUT', `${WS}${i}`, body);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

/**
 * Official examples that contradict their own spec. Each entry must still reproduce (so the list cannot rot), and
 * nothing else may fail.
 */
const ML_EXAMPLES = 'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-06-01/examples/';

const KNOWN_EXAMPLE_DEFECTS: Record<string, { response: string; issues: { path: string; message: string }[]; reason: string }> = {
  [`${ML_EXAMPLES}Compute/get/ComputeInstance.json`]: {
    response: '200',
    issues: [{ path: 'properties.properties.errors', message: 'must be array' }],
    reason: 'the example sends "errors": null but ComputeInstanceProperties.errors is a read-only array without x-nullable',
  },
};

describe('official examples validate against the spec', () => {
  const examples = loadOfficialExamples();

  it('finds every example file (37: ML 2025-06-01, Key Vault, Storage, subscriptions, Resource Graph, role assignments)', () => {
    expect(examples).toHaveLength(37);
  });

  it('finds the request body of every example whose operation takes one; names that differ from the spec are listed', () => {
    const missing = examples.filter((e) => e.bodyParameter !== undefined && exampleBody(e) === undefined).map((e) => e.id);
    expect(missing).toEqual([]);
    const renamed = examples.filter((e) => e.bodyParameter !== undefined && exampleBodyParameter(e) !== e.bodyParameter).map((e) => [e.id, exampleBodyParameter(e)]);
    // Workspace/update.json carries the PATCH body as "parameters"; the spec's body parameter is named "body"
    expect(renamed).toEqual([[`${ML_EXAMPLES}Workspace/update.json`, 'parameters']]);
  });

  it.each(examples.map((e) => [e.id, e] as const))('%s', (_id, example) => {
    const path = examplePath(example);
    const body = exampleBody(example);
    expect(validator.validateRequest(example.method, path, body)).toEqual([]);
    for (const [status, response] of Object.entries(example.responses)) {
      const defect = KNOWN_EXAMPLE_DEFECTS[example.id];
      const expected = defect?.response === status ? defect.issues : [];
      expect({ status, issues: validator.validateResponse(example.method, path, Number(status), response.body) }).toEqual({ status, issues: expected });
    }
  });
});

describe('write-only properties', () => {
  it('requires datastore secrets in a request but not in a response (x-ms-secret, x-ms-mutability without read)', () => {
    const ds = `${WS}/datastores/blob`;
    const body = { properties: { datastoreType: 'AzureBlob', accountName: 'st1', containerName: 'c', credentials: { credentialsType: 'AccountKey' } } };
    expect(validator.validateRequest('PUT', ds, body)).toEqual([{ path: 'properties.credentials', message: "missing required property 'secrets'" }]);
    expect(validator.validateResponse('GET', ds, 200, body)).toEqual([]);
  });
});
