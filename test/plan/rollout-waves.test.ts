import { describe, expect, it } from 'vitest';
import { chooseWaves, DEFAULT_ROLLOUT, defaultRolloutChoice, withRollout, type Plan, type RolloutChoice } from '../../src/plan/index.js';
import { computeContentHash } from '../../src/plan/canonical-json.js';
import { checkRolloutCovers } from '../../src/plan/rollout-check.js';
import { renderRollout } from '../../src/plan/rollout-render.js';

/** A plan with only what wave choice reads: ids, blocked, steps, target tags. */
function aPlan(spec: { sub?: string; rg?: string; tags?: Record<string, string>; blocked?: boolean; steps?: number }[]): Plan {
  const workspaces = spec.map((s, i) => ({
    sourceId: `/subscriptions/${s.sub ?? 'sub-a'}/resourceGroups/${s.rg ?? 'rg-1'}/providers/Microsoft.MachineLearningServices/workspaces/ws-${i + 1}`,
    blocked: s.blocked ?? false,
    steps: Array.from({ length: s.steps ?? 1 }, (_, k) => ({ id: `w${i + 1}-s${k + 1}` })),
    target: { tags: s.tags ?? {} },
  }));
  return { workspaces, contentHash: '0'.repeat(64) } as unknown as Plan;
}
const names = (waves: string[][]) => waves.map((w) => w.map((id) => id.split('/').pop()!.replace('ws-', '')).join(','));
const choice = (c: Partial<RolloutChoice>): RolloutChoice => ({ ...DEFAULT_ROLLOUT, ...c });

describe('chooseWaves', () => {
  it('canary first, then waves growing from the first wave size, every runnable workspace once', () => {
    const plan = aPlan(Array.from({ length: 20 }, () => ({})));
    const rollout = chooseWaves(plan, choice({ canary: 1, waveSize: { percent: 10 }, growth: 2 }));
    expect(rollout.waves.map((w) => w.length)).toEqual([1, 2, 4, 8, 5]);
    expect(names(rollout.waves)[0]).toBe('1');
    expect(new Set(rollout.waves.flat()).size).toBe(20);
    expect(rollout.basis).toContain('canary 1');
  });

  it('leaves blocked workspaces and workspaces without steps out', () => {
    const plan = aPlan([{}, { blocked: true }, { steps: 0 }, {}]);
    const rollout = chooseWaves(plan, choice({ canary: 1, waveSize: { count: 5 } }));
    expect(names(rollout.waves)).toEqual(['1', '4']);
    const problems: string[] = [];
    checkRolloutCovers(rollout.waves, plan.workspaces, (m) => problems.push(m));
    expect(problems).toEqual([]);
  });

  it('picks the canary and the early waves from the least critical tags, in the order given', () => {
    const plan = aPlan([{ tags: { environment: 'prod' } }, { tags: { Environment: 'Test' } }, { tags: { environment: 'dev' } }, {}, { tags: { environment: 'dev' } }]);
    const rollout = chooseWaves(plan, choice({ canary: 1, waveSize: { count: 2 }, growth: 1, canaryFrom: [{ tag: 'environment', value: 'dev' }, { tag: 'environment', value: 'test' }] }));
    expect(names(rollout.waves)).toEqual(['3', '5,2', '1,4']);
  });

  it('--wave-by subscription: a wave never mixes subscriptions; small groups go first', () => {
    const plan = aPlan([{ sub: 'sub-a' }, { sub: 'sub-b' }, { sub: 'sub-a' }, { sub: 'sub-a' }, { sub: 'sub-b' }, { sub: 'sub-c' }]);
    const rollout = chooseWaves(plan, choice({ canary: 0, waveSize: { count: 10 }, waveBy: 'subscription' }));
    expect(names(rollout.waves)).toEqual(['6', '2,5', '1,3,4']);
  });

  it('--wave-by resource-group and tag group by those; a large group spans several waves', () => {
    const plan = aPlan([{ rg: 'rg-1' }, { rg: 'rg-2' }, { rg: 'rg-1' }, { rg: 'rg-1' }]);
    expect(names(chooseWaves(plan, choice({ canary: 0, waveSize: { count: 2 }, growth: 1, waveBy: 'resource-group' })).waves)).toEqual(['2', '1,3', '4']);
    const tagged = aPlan([{ tags: { team: 'a' } }, { tags: { team: 'b' } }, {}, { tags: { team: 'a' } }]);
    expect(names(chooseWaves(tagged, choice({ canary: 0, waveSize: { count: 9 }, waveBy: { tag: 'team' } })).waves)).toEqual(['2', '3', '1,4']);
  });

  it('defaults: a canary only when the plan has more than a few workspaces', () => {
    expect(defaultRolloutChoice(aPlan([{}, {}, {}])).canary).toBe(0);
    expect(chooseWaves(aPlan([{}, {}, {}]), defaultRolloutChoice(aPlan([{}, {}, {}]))).waves).toHaveLength(1);
    expect(defaultRolloutChoice(aPlan([{}, {}, {}, {}])).canary).toBe(1);
  });

  it('withRollout recomputes the content hash over the rollout; show renders each wave', () => {
    const plan = aPlan([{}, {}]);
    const rollout = chooseWaves(plan, choice({ canary: 1, waveSize: { count: 1 } }));
    const saved = withRollout(plan, rollout);
    const { contentHash, ...rest } = saved;
    expect(contentHash).toBe(computeContentHash(rest as unknown as Record<string, unknown>));
    expect(renderRollout(rollout).join('\n')).toMatch(/canary: 1 workspace\(s\): ws-1\n  wave 1: 1 workspace\(s\): ws-2/);
  });

  it('checkRolloutCovers reports a workspace left out, repeated or foreign', () => {
    const plan = aPlan([{}, {}]);
    const [a, b] = plan.workspaces.map((w) => w.sourceId);
    const problems: string[] = [];
    checkRolloutCovers([[a!], [a!, '/subscriptions/x/resourceGroups/y/providers/p/t/z']], plan.workspaces, (m) => problems.push(m));
    expect(problems).toEqual([expect.stringMatching(/more than one wave/), expect.stringMatching(/not a runnable workspace/), `workspace ${b} is in no wave`]);
  });
});
