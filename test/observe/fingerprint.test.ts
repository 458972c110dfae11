import { describe, expect, it } from 'vitest';
import { diffNormalised, fingerprintCollection, fingerprintResource, normaliseResource, sameFingerprint } from '../../src/observe/fingerprint.js';
import { redactSecrets } from '../../src/observe/redact.js';

const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1';

function ws(publicNetworkAccess = 'Disabled', systemData = { lastModifiedAt: '2026-01-01T00:00:00Z' }) {
  return {
    id: ID,
    name: 'ws1',
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: 'westeurope',
    properties: { publicNetworkAccess, hbiWorkspace: false, managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: { r1: { type: 'FQDN', destination: 'pypi.org' } } } },
    systemData,
  };
}

/** The same JSON with every object's keys in reverse order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]));
}

describe('fingerprintResource', () => {
  it('is stable under key reordering at any depth', () => {
    const a = fingerprintResource(ID, ws());
    const b = fingerprintResource(ID, reorder(ws()));
    expect(JSON.stringify(reorder(ws()))).not.toBe(JSON.stringify(ws()));
    expect(a).toEqual(b);
    expect(a.kind).toBe('sha256');
    expect(a.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with a real change and ignores volatile fields', () => {
    const base = fingerprintResource(ID, ws());
    expect(sameFingerprint(base, fingerprintResource(ID, ws('Enabled')))).toBe(false);
    expect(sameFingerprint(base, fingerprintResource(ID, ws('Disabled', { lastModifiedAt: '2027-07-07T00:00:00Z' })))).toBe(true);
    // An array's order is meaningful.
    const withRules = (names: string[]) => ({ ...ws(), properties: { ...ws().properties, tags: names } });
    expect(fingerprintResource(ID, withRules(['a', 'b'])).value).not.toBe(fingerprintResource(ID, withRules(['b', 'a'])).value);
  });

  it('drops compute fields that move without a user change, keeps configuration', () => {
    const compute = (state: string, nodes: number, vmSize: string) => ({
      id: `${ID}/computes/c1`, name: 'c1', type: 'Microsoft.MachineLearningServices/workspaces/computes',
      properties: { computeType: 'AmlCompute', provisioningState: 'Succeeded', properties: { vmSize, state, currentNodeCount: nodes, allocationState: nodes ? 'Resizing' : 'Steady' } },
    });
    const a = fingerprintResource(`${ID}/computes/c1`, compute('Running', 0, 'STANDARD_DS3_V2'));
    expect(fingerprintResource(`${ID}/computes/c1`, compute('Stopped', 3, 'STANDARD_DS3_V2')).value).toBe(a.value);
    expect(fingerprintResource(`${ID}/computes/c1`, compute('Running', 0, 'STANDARD_NC6')).value).not.toBe(a.value);
    expect(a.normalised).toEqual({ id: `${ID}/computes/c1`, name: 'c1', type: 'Microsoft.MachineLearningServices/workspaces/computes', properties: { computeType: 'AmlCompute', provisioningState: 'Succeeded', properties: { vmSize: 'STANDARD_DS3_V2' } } });
  });

  it('uses the etag (header first, then body) and still keeps the normalised body', () => {
    const header = fingerprintResource(ID, { ...ws(), etag: 'body-etag' }, '"header-etag"');
    expect(header).toMatchObject({ id: ID, kind: 'etag', value: '"header-etag"' });
    const body = fingerprintResource(ID, { ...ws(), etag: 'body-etag' });
    expect(body).toMatchObject({ kind: 'etag', value: 'body-etag' });
    expect(body.normalised).toEqual(normaliseResource(ws()));
    expect(body.normalised).not.toHaveProperty('etag');
  });

  it('never keeps a secret in the normalised body', () => {
    const fp = fingerprintResource(`${ID}/datastores/d`, { name: 'd', properties: { credentials: { secrets: { key: 'K3Y' } }, accountName: 'st' } });
    expect(JSON.stringify(fp)).not.toContain('K3Y');
    expect(fp.normalised).toEqual({ name: 'd', properties: { accountName: 'st' } });
  });
});

describe('fingerprintCollection', () => {
  it('keys items by name, so order does not matter and an added item is named in the diff', () => {
    const a = fingerprintCollection(`${ID}/computes`, [{ name: 'x', body: { p: 1 } }, { name: 'y', body: { p: 2 } }]);
    const b = fingerprintCollection(`${ID}/computes`, [{ name: 'y', body: { p: 2 } }, { name: 'x', body: { p: 1 } }]);
    expect(a.value).toBe(b.value);
    const c = fingerprintCollection(`${ID}/computes`, [{ name: 'x', body: { p: 1 } }, { name: 'y', body: { p: 2 } }, { name: 'ci-bob', body: { p: 3 } }]);
    expect(c.value).not.toBe(a.value);
    expect(diffNormalised(a.normalised, c.normalised)).toEqual(['ci-bob: (absent) -> {"p":3}']);
  });
});

describe('diffNormalised', () => {
  it('says what changed, one line per leaf, sorted by path', () => {
    const before = normaliseResource(ws());
    const after = normaliseResource({ ...ws('Enabled'), properties: { ...ws('Enabled').properties, hbiWorkspace: true, managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: {} } } });
    expect(diffNormalised(before, after)).toEqual([
      'properties.hbiWorkspace: false -> true',
      'properties.managedNetwork.isolationMode: AllowInternetOutbound -> AllowOnlyApprovedOutbound',
      'properties.managedNetwork.outboundRules.r1: {"destination":"pypi.org","type":"FQDN"} -> (absent)',
      'properties.publicNetworkAccess: Disabled -> Enabled',
    ]);
  });

  it('is empty for equal values and for a mere key reordering', () => {
    expect(diffNormalised(normaliseResource(ws()), normaliseResource(reorder(ws())))).toEqual([]);
  });

  it('compares scalar arrays whole and object arrays element by element; quotes awkward keys', () => {
    const before = { properties: { accessPolicies: [{ objectId: 'a', keys: ['get'] }], ips: ['1.1.1.1'] }, tags: { 'cost.center': '1' } };
    const after = { properties: { accessPolicies: [{ objectId: 'a', keys: ['get', 'wrapkey'] }, { objectId: 'b' }], ips: ['2.2.2.2'] }, tags: { 'cost.center': '2' } };
    expect(diffNormalised(before, after)).toEqual([
      'properties.accessPolicies[0].keys: ["get"] -> ["get","wrapkey"]',
      'properties.accessPolicies[1]: (absent) -> {"objectId":"b"}',
      'properties.ips: ["1.1.1.1"] -> ["2.2.2.2"]',
      'tags["cost.center"]: 1 -> 2',
    ]);
    expect(diffNormalised('x', 'y')).toEqual(['(root): x -> y']);
  });

  it('truncates long values', () => {
    const [line] = diffNormalised({ a: 'x' }, { a: { big: 'y'.repeat(500) } });
    expect(line!.length).toBeLessThan(140);
    expect(line).toMatch(/…$/);
  });
});

describe('redactSecrets', () => {
  it('removes secret-named fields at any depth and keeps Key Vault key permissions', () => {
    const out = redactSecrets({
      properties: {
        credentials: { a: 1 },
        nested: [{ password: 'p', connectionString: 'c', keep: 1 }],
        accessPolicies: [{ permissions: { keys: ['get'], secrets: ['get'] } }],
        primaryKey: 'k', InstrumentationKey: 'i', sasToken: 's', clientSecret: 'x', accountName: 'st',
      },
    });
    expect(out).toEqual({ properties: { nested: [{ keep: 1 }], accessPolicies: [{ permissions: { keys: ['get'] } }], accountName: 'st' } });
  });
});
