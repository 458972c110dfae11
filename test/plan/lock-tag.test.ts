import { describe, expect, it } from 'vitest';
import { planRemediation } from '../../src/plan/plan-remediation.js';
import { fingerprintResource } from '../../src/observe/fingerprint.js';
import { aContext, anObservedWorkspace, aPolicy, FIXED, fixedIds } from './builders.js';

const LOCK = { 'aml-isolate-lock': 'plan-x;host;run;2020-01-01T00:00:00.000Z' };

/** The lock tag of a run in progress (model/lock-tag.ts) is never planned: not a change, not copied, not restored. */
describe('the lock tag is not part of a plan', () => {
  it('a workspace that differs only by the lock tag needs no step, and the in-place tag change neither sets nor restores it', () => {
    const remediated = { 'aml-isolate': 'remediated' };
    const same = planRemediation(aContext({ workspaces: [anObservedWorkspace({ tags: { ...remediated, ...LOCK } })] }), aPolicy(), { ...FIXED, newId: fixedIds() }).plan;
    expect(same.workspaces[0]!.steps).toEqual([]);

    const w = planRemediation(aContext({ workspaces: [anObservedWorkspace({ tags: { team: 'a', ...LOCK }, properties: { publicNetworkAccess: 'Enabled' } })] }), aPolicy(), { ...FIXED, newId: fixedIds() }).plan.workspaces[0]!;
    const update = w.steps.find((s) => s.kind === 'update-workspace')!;
    expect(update.before!['tags']).toEqual({ team: 'a' });
    expect((update.request.body as { tags: object }).tags).toEqual({ 'aml-isolate': 'remediated', team: 'a' });
    expect(w.target!.tags).not.toHaveProperty('aml-isolate-lock');
  });

  it('a workspace fingerprint ignores the lock tag, whatever its casing, and an empty tag map is none', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1';
    const body = (tags?: Record<string, string>) => ({ id, type: 'Microsoft.MachineLearningServices/workspaces', ...(tags ? { tags } : {}), properties: { publicNetworkAccess: 'Disabled' } });
    const plain = fingerprintResource(id, body({ team: 'a' })).value;
    expect(fingerprintResource(id, body({ team: 'a', 'AML-Isolate-Lock': 'x' })).value).toBe(plain);
    expect(fingerprintResource(id, body({ team: 'b' })).value).not.toBe(plain);
    expect(fingerprintResource(id, body(LOCK)).value).toBe(fingerprintResource(id, body()).value);
    expect(fingerprintResource(id, body({})).value).toBe(fingerprintResource(id, body()).value);
  });
});
