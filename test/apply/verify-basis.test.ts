import { describe, expect, it } from 'vitest';
import { describeStaleResources, findStaleResources, type Reread } from '../../src/apply/verify-basis.js';
import { fingerprintCollection, fingerprintResource } from '../../src/observe/fingerprint.js';
import type { Fingerprint } from '../../src/plan/observed.js';
import { scrubSecrets } from '../../src/plan/scrub.js';

const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-one';
const ws = (pna: string, extra: Record<string, unknown> = {}) => ({ id: WS, name: 'ws-one', type: 'Microsoft.MachineLearningServices/workspaces', properties: { publicNetworkAccess: pna, ...extra } });

/** A basis as planRemediation stores it: lower-cased keys, scrubbed fingerprints. */
function basisOf(...fps: Fingerprint[]): Record<string, Fingerprint> {
  return Object.fromEntries(fps.map((fp) => [fp.id.toLowerCase(), scrubSecrets(fp) as Fingerprint]));
}

function rereadFrom(now: Record<string, Fingerprint | 'not-found'>, asked: string[] = []): Reread {
  return async (id) => {
    asked.push(id);
    const found = now[id.toLowerCase()];
    if (!found) throw new Error(`unexpected reread of ${id}`);
    return found;
  };
}

describe('findStaleResources (fake rereads)', () => {
  const computes = (names: string[]) => fingerprintCollection(`${WS}/computes`, names.map((name) => ({ name, body: { properties: { computeType: 'AmlCompute' } } })));

  it('is empty when every fingerprint matches; rereads by the id as read, workspaces first', async () => {
    const basis = basisOf(fingerprintResource(WS, ws('Disabled')), computes(['a']));
    const asked: string[] = [];
    expect(await findStaleResources({ basis }, rereadFrom({ [WS.toLowerCase()]: fingerprintResource(WS, ws('Disabled')), [`${WS}/computes`.toLowerCase()]: computes(['a']) }, asked), { concurrency: 1 })).toEqual([]);
    expect(asked).toEqual([WS, `${WS}/computes`]);
  });

  it('says what changed, what was added, and what is gone', async () => {
    const storage = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1';
    const basis = basisOf(fingerprintResource(WS, ws('Disabled')), computes(['a']), fingerprintResource(storage, { id: storage }));
    const stale = await findStaleResources({ basis }, rereadFrom({ [WS.toLowerCase()]: fingerprintResource(WS, ws('Enabled')), [`${WS}/computes`.toLowerCase()]: computes(['a', 'b']), [storage.toLowerCase()]: 'not-found' }));
    expect(stale).toEqual([
      { id: WS.toLowerCase(), change: 'changed', details: ['properties.publicNetworkAccess: Disabled -> Enabled'] },
      { id: `${WS}/computes`.toLowerCase(), change: 'changed', details: ['b: (absent) -> {"properties":{"computeType":"AmlCompute"}}'] },
      { id: storage.toLowerCase(), change: 'gone', details: [] },
    ]);
    expect(describeStaleResources(stale, 'plans/p/plan.json')).toBe(
      [
        'The plan plans/p/plan.json is stale: 3 resources changed since it was made. Run plan again.',
        `  ~ ${WS.toLowerCase()}`,
        '      properties.publicNetworkAccess: Disabled -> Enabled',
        `  ~ ${WS.toLowerCase()}/computes`,
        '      b: (absent) -> {"properties":{"computeType":"AmlCompute"}}',
        `  - ${storage.toLowerCase()} (gone)`,
      ].join('\n'),
    );
  });

  it('does not report fields the plan scrubbed as changes; a changed etag with equal bodies is still a change', async () => {
    // scrubSecrets drops e.g. access-policy `keys` lists from the stored basis; the reread still has them.
    const body = ws('Disabled', { keys: ['get'] });
    const basis = basisOf(fingerprintResource(WS, body, '"etag-1"'));
    expect(await findStaleResources({ basis }, rereadFrom({ [WS.toLowerCase()]: fingerprintResource(WS, ws('Enabled', { keys: ['get'] }), '"etag-2"') }))).toEqual([
      { id: WS.toLowerCase(), change: 'changed', details: ['properties.publicNetworkAccess: Disabled -> Enabled'] },
    ]);
    expect(await findStaleResources({ basis }, rereadFrom({ [WS.toLowerCase()]: fingerprintResource(WS, body, '"etag-2"') }))).toEqual([
      { id: WS.toLowerCase(), change: 'changed', details: ['etag: "etag-1" -> "etag-2" (no compared field changed)'] },
    ]);
    // The service stopped sending an etag but the body is the same: not a change.
    expect(await findStaleResources({ basis }, rereadFrom({ [WS.toLowerCase()]: fingerprintResource(WS, body) }))).toEqual([]);
  });

  it('checks only the ids asked for', async () => {
    const basis = basisOf(fingerprintResource(WS, ws('Disabled')), computes(['a']));
    const asked: string[] = [];
    expect(await findStaleResources({ basis }, rereadFrom({ [`${WS}/computes`.toLowerCase()]: computes(['a']) }, asked), { ids: [`${WS}/COMPUTES`] })).toEqual([]);
    expect(asked).toEqual([`${WS}/computes`]);
  });

  it('lets a reread failure through: a plan that cannot be checked is not applied', async () => {
    const basis = basisOf(fingerprintResource(WS, ws('Disabled')));
    await expect(findStaleResources({ basis }, async () => { throw new Error('throttled'); })).rejects.toThrow('throttled');
  });
});
