import { describe, expect, it } from 'vitest';
import { GuideCancelled, type Question } from '../../src/guide/question.js';
import { runGuide } from '../../src/guide/run-guide.js';
import { aCompute, anObservedWorkspace, fixedIds, registryId } from '../plan/builders.js';
import { aFakeWorld, ScriptedHost } from './scripted.js';

const options = () => ({ now: () => new Date('2026-01-01T00:00:00Z'), newId: fixedIds(), toolVersion: '9.9.9-test' });
const open = () => anObservedWorkspace({ name: 'ws-open', properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined } });
const compliant = () => anObservedWorkspace({ name: 'ws-ok' });

describe('runGuide with every default', () => {
  it('asks only what cannot be inferred, each with a default, and saves an in-place plan', async () => {
    const world = aFakeWorld([open(), compliant()]);
    const host = new ScriptedHost();
    const outcome = await runGuide(world, host, options());
    expect(host.ids).toEqual(['subscriptions', 'workspaces', 'cmk.required', 'hbi', 'serverlessSpark', 'privateEndpoints.add', 'tag', 'save', 'apply']);
    for (const q of host.asked) expect(q.default, q.id).not.toBeUndefined();
    // Only non-compliant workspaces are offered.
    expect(host.asked[1]!.choices!.map((c) => c.name)).toEqual(['ws-open (rg-ml)']);
    expect(world.saved).toHaveLength(1);
    expect(world.saved[0]!.workspaces.map((w) => w.strategy)).toEqual(['in-place']);
    expect(world.saved[0]!.policy.tag).toEqual({ name: 'aml-isolate', value: 'remediated' });
    expect(world.applied).toHaveLength(0);
    expect(outcome.planPath).toMatch(/^plans\/id-\d+\/plan.json$/);
    const shown = host.shown.join('\n');
    expect(shown).toMatch(/Why it fails:\n  - Public network access is disabled/);
    expect(shown).toMatch(/Proposed: update it in place/);
    expect(shown).toMatch(/What cannot be undone:\n  - update-workspace ws-open: a managed network can never go back to Disabled/);
    expect(shown).toMatch(/Apply it later with: aml-isolate apply plans\/id-\d+\/plan.json/);
  });

  it('stops early when everything is compliant', async () => {
    const host = new ScriptedHost();
    const outcome = await runGuide(aFakeWorld([compliant()]), host, options());
    expect(host.ids).toEqual(['subscriptions']);
    expect(outcome.planPath).toBeUndefined();
    expect(host.shown.at(-1)).toMatch(/nothing to remediate/);
  });
});

describe('runGuide with answers', () => {
  it('CMK with a new key, a chosen name, a private endpoint, a tag, then apply', async () => {
    const world = aFakeWorld([open()]);
    const host = new ScriptedHost({
      'cmk.required': true,
      'cmk.key': (q: { choices?: { name: string; value: unknown }[] }) => q.choices!.find((c) => c.name.startsWith('create'))!.value,
      'cmk.newKeyName': 'cmk-ws',
      hbi: false,
      'privateEndpoints.add': true,
      'privateEndpoints.resource': registryId('crshared'),
      'newName:ws-open': 'ws-open-secure',
      tag: 'team=ml',
      apply: true,
    });
    const outcome = await runGuide(world, host, options());
    expect(host.ids).toEqual(['subscriptions', 'workspaces', 'cmk.required', 'cmk.vault', 'cmk.key', 'cmk.newKeyName', 'hbi', 'serverlessSpark',
      'privateEndpoints.add', 'privateEndpoints.resource', 'privateEndpoints.subresource', 'privateEndpoints.more', 'tag', 'newName:ws-open', 'save', 'apply']);
    // The vault without purge protection is offered but cannot be picked, with the reason.
    const vaults = host.asked.find((q) => q.id === 'cmk.vault')!.choices!;
    expect(vaults.find((c) => c.name === 'kv-no-purge')!.disabled).toMatch(/purge protection/);
    const plan = world.saved[0]!;
    // The guide wrote nothing: the new key is the plan's first step, run by apply.
    expect(plan.policy.customerManagedKey).toMatchObject({ required: true, keyName: 'cmk-ws', createKey: true });
    expect(plan.workspaces[0]!.steps[0]).toMatchObject({ kind: 'create-key', target: expect.stringMatching(/kv-cmk\/keys\/cmk-ws$/), undo: { irreversible: true } });
    expect(plan.workspaces[0]!.steps.find((s) => s.kind === 'create-workspace')!.dependsOn).toContain(plan.workspaces[0]!.steps[0]!.id);
    expect(plan.policy.privateEndpoints).toEqual([{ serviceResourceId: registryId('crshared'), subresourceTarget: 'registry', sparkEnabled: false }]);
    expect(plan.policy.tag).toEqual({ name: 'team', value: 'ml' });
    expect(plan.policy.recreate.nameTemplate).toBe('{name}-secure');
    expect(plan.workspaces[0]).toMatchObject({ strategy: 'recreate', target: { name: 'ws-open-secure' }, blocked: false });
    expect(world.applied).toEqual([plan]);
    expect(outcome.result?.outcome).toBe('succeeded');
    expect(host.shown.join('\n')).toMatch(/ws-open-secure is now compliant[\s\S]*Roll back with: aml-isolate rollback plans\/id-\d+\/plan.json/);
  });

  it('validates the new name live: a taken name is refused and the default avoids it', async () => {
    const world = aFakeWorld([open()], { takenNames: ['ws-open-iso'] });
    const host = new ScriptedHost({ hbi: true });
    await runGuide(world, host, options());
    const q = host.asked.find((x) => x.id === 'newName:ws-open')!;
    expect(q.default).toBe('ws-open-iso2');
    expect(await q.validate('ws-open-iso' as never)).toMatch(/already exists/);
    expect(await q.validate('ws.bad' as never)).toMatch(/only letters/);
    expect(await q.validate('ws-open' as never)).toMatch(/own name/);
    expect(world.saved[0]!.workspaces[0]!.target!.name).toBe('ws-open-iso2');
    expect(host.shown.join('\n')).toMatch(/no API lists soft-deleted workspaces/);
  });

  it('asks before deleting computes; by default leaves the workspace out', async () => {
    const busy = anObservedWorkspace({ name: 'ws-busy', properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined }, computes: [aCompute('ws-busy', 'ci-1')] });
    const world = aFakeWorld([open(), busy]);
    const host = new ScriptedHost();
    await runGuide(world, host, options());
    expect(host.ids).toContain('allowRemovingComputes');
    expect(world.saved[0]!.workspaces.map((w) => w.sourceId.split('/').pop())).toEqual(['ws-open']);
    expect(host.shown.join('\n')).toMatch(/Left out of the plan: ws-busy/);

    const yes = aFakeWorld([busy]);
    await runGuide(yes, new ScriptedHost({ allowRemovingComputes: true }), options());
    expect(yes.saved[0]!.workspaces[0]!.steps.some((s) => s.kind === 'delete-compute')).toBe(true);
  });
});

describe('cancelling', () => {
  class CancelAt extends ScriptedHost {
    constructor(private readonly at: string) {
      super();
    }
    override async ask<T>(q: Question<T>): Promise<T> {
      if (q.id === this.at) throw new GuideCancelled();
      return super.ask(q);
    }
  }

  it('before saving: nothing was saved', async () => {
    const world = aFakeWorld([open()]);
    const error = await runGuide(world, new CancelAt('tag'), options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuideCancelled);
    expect((error as GuideCancelled).describe()).toBe('guide cancelled; nothing was saved');
    expect(world.saved).toHaveLength(0);
  });

  it('after saving: says where the plan is', async () => {
    const error = (await runGuide(aFakeWorld([open()]), new CancelAt('apply'), options()).catch((e: unknown) => e)) as GuideCancelled;
    expect(error.describe()).toMatch(/^guide cancelled; the plan was saved to plans\/id-\d+\/plan.json/);
  });

  it('an interrupted apply says how to resume or roll back', async () => {
    const world = aFakeWorld([open()]);
    world.apply = async () => ({ outcome: 'interrupted', workspaces: {}, irreversible: [], refused: [] });
    const error = (await runGuide(world, new ScriptedHost({ apply: true }), options()).catch((e: unknown) => e)) as GuideCancelled;
    expect(error.describe()).toMatch(/resume with: aml-isolate apply plans\/id-\d+\/plan.json or roll back with: aml-isolate rollback plans\/id-\d+\/plan.json/);
  });
});

describe('runGuide rollout (issue 15)', () => {
  const opens = (n: number) => Array.from({ length: n }, (_, i) => anObservedWorkspace({ name: `ws-open-${i}`, properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined } }));

  it('with more than a few workspaces offers a canary and waves by default, saved in the plan and shown', async () => {
    const world = aFakeWorld(opens(5));
    const host = new ScriptedHost();
    await runGuide(world, host, options());
    expect(host.ids.slice(-3)).toEqual(['rollout', 'save', 'apply']);
    expect(host.asked.find((q) => q.id === 'rollout')!.default).toBe('waves');
    const rollout = world.saved[0]!.rollout!;
    expect(rollout).toMatchObject({ canary: 1, maxFailures: 0 });
    expect(rollout.waves[0]).toHaveLength(1);
    expect(rollout.waves.flat().sort()).toEqual(world.saved[0]!.workspaces.map((w) => w.sourceId).sort());
    expect(host.shown.join('\n')).toMatch(/canary/i);
  });

  it('all at once when asked, and not asked at all for one workspace', async () => {
    const world = aFakeWorld(opens(5));
    await runGuide(world, new ScriptedHost({ rollout: 'all' }), options());
    expect(world.saved[0]!.rollout!.waves).toHaveLength(1);
    const one = new ScriptedHost();
    await runGuide(aFakeWorld(opens(1)), one, options());
    expect(one.ids).not.toContain('rollout');
  });
});

