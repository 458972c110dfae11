import { describe, expect, it } from 'vitest';
import { resolveRollout } from '../../src/apply/rollout-choice.js';
import { chooseWaves, DEFAULT_ROLLOUT, withRollout, type Plan } from '../../src/plan/index.js';
import { UsageError } from '../../src/errors.js';

const aPlan = (n: number): Plan =>
  ({
    workspaces: Array.from({ length: n }, (_, i) => ({ sourceId: `/subscriptions/s/resourceGroups/r/providers/M/workspaces/ws-${i}`, blocked: false, steps: [{ id: `s${i}` }], target: { tags: {} } })),
    contentHash: '0'.repeat(64),
  }) as unknown as Plan;

describe('resolveRollout', () => {
  it('without a plan rollout: the default (canary 1 above a few workspaces) under the command line flags', () => {
    expect(resolveRollout(aPlan(10)).waves[0]).toHaveLength(1);
    expect(resolveRollout(aPlan(3)).waves).toHaveLength(1);
    const chosen = resolveRollout(aPlan(10), { canary: 2, waveSize: { count: 4 }, growth: 1, maxFailures: 3 });
    expect(chosen.waves.map((w) => w.length)).toEqual([2, 4, 4]);
    expect(chosen.maxFailures).toBe(3);
  });

  it('a plan that carries its rollout keeps its order: order flags are refused, --max-failures may differ', () => {
    const plan = aPlan(6);
    const saved = withRollout(plan, chooseWaves(plan, { ...DEFAULT_ROLLOUT, canary: 2 }));
    expect(resolveRollout(saved)).toEqual(saved.rollout);
    expect(resolveRollout(saved, { maxFailures: 2 })).toEqual({ ...saved.rollout, maxFailures: 2 });
    expect(() => resolveRollout(saved, { canary: 1 })).toThrow(UsageError);
    expect(() => resolveRollout(saved, { waveBy: 'subscription' })).toThrow(/leave out --wave-by/);
  });
});
