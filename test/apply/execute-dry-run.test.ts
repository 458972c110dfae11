import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { dryRunPlan } from '../../src/apply/dry-run.js';
import type { ApplyEvents } from '../../src/apply/contract.js';
import { getWorkspace, isWrite, MemoryJournal, planFor, startFixture, W, type Fixture } from './memory-journal.js';

/** A dry run reads and checks everything and writes nothing: proven with the emulator's request log. */
let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx?.stop();
});

describe('dry run', () => {
  it('emits every write the plan would send and sends none', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound, W.isolationDisabled, W.approvedOnly, W.withComputes], { allowRemovingComputes: true, retireSource: 'soft-delete' });
    const planned = plan.workspaces.flatMap((w) => w.steps).filter((s) => s.request.method !== 'GET');
    const wouldWrite: Parameters<NonNullable<ApplyEvents['wouldWrite']>>[0][] = [];
    const failed: unknown[] = [];
    const mark = fx.emu.requests.length;
    const result = await dryRunPlan(plan, { arm: fx.clients.arm }, { concurrency: 3, failFast: false, pollIntervalInMs: 0, events: { wouldWrite: (e) => wouldWrite.push(e), stepFailed: (e) => failed.push(e) } });

    expect(failed).toEqual([]);
    expect(result.outcome).toBe('succeeded');
    const log = fx.emu.requests.slice(mark);
    expect(log.length).toBeGreaterThan(0); // it did read
    expect(log.filter(isWrite)).toEqual([]);
    expect(wouldWrite.map((e) => e.stepId).sort()).toEqual(planned.map((s) => s.id).sort());
    for (const e of wouldWrite) {
      const step = planned.find((s) => s.id === e.stepId)!;
      expect(e.method).toBe(step.request.method);
      expect(e.url.startsWith(`${fx.emu.endpoint}${step.request.path}?`)).toBe(true);
      expect(new URL(e.url).searchParams.get('api-version')).toBe(step.request.apiVersion);
      expect(e.body).toEqual(step.request.body);
    }
    const purge = wouldWrite.find((e) => e.url.includes('forceToPurge'));
    expect(purge).toBeUndefined();
    expect(wouldWrite.some((e) => e.url.includes('underlyingResourceAction=Delete'))).toBe(true);
    expect((await getWorkspace(fx.clients, plan.workspaces[0]!.sourceId))!.properties.publicNetworkAccess).toBe('Enabled');
  });

  it('applyPlan with dryRun writes nothing to Azure or to the journal, and refuses writes at the requester', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const journal = new MemoryJournal(plan);
    const mark = fx.emu.requests.length;
    const result = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'dry' }, { concurrency: 1, dryRun: true, failFast: false, pollIntervalInMs: 0 });
    expect(result.outcome).toBe('succeeded');
    expect(journal.entries.map((e) => e.type)).toEqual(['header']);
    expect(fx.emu.requests.slice(mark).filter(isWrite)).toEqual([]);
  });

  it('reports a step whose preconditions do not hold (name taken) and still writes nothing', async () => {
    const plan = await planFor(fx.clients, [W.approvedOnly]);
    const create = plan.workspaces[0]!.steps[0]!;
    // Someone else takes the name after planning, with other settings than planned.
    const body = create.request.body as { properties: Record<string, unknown> };
    await fx.clients.arm.put(create.target, '2025-06-01', { ...body, properties: { ...body.properties, publicNetworkAccess: 'Enabled' } });
    const mark = fx.emu.requests.length;
    const failed: string[] = [];
    const result = await dryRunPlan(plan, { arm: fx.clients.arm }, { concurrency: 1, failFast: false, pollIntervalInMs: 0, events: { stepFailed: (e) => failed.push(`${e.stepId} ${e.error.code} ${e.error.message}`) } });
    expect(result.outcome).toBe('failed');
    expect(failed).toEqual([expect.stringMatching(new RegExp(`^${create.id} PreconditionFailed .*name-free.*is taken`))]);
    expect(fx.emu.requests.slice(mark).filter(isWrite)).toEqual([]);
  });
});
