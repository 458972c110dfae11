import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import type { ApplyOptions } from '../../src/apply/contract.js';
import { rolloutStatus } from '../../src/apply/rollout-status.js';
import { chooseWaves, DEFAULT_ROLLOUT, type Plan } from '../../src/plan/index.js';
import { MemoryJournal, planFor, startFixture, successfulWrites, W, type Fixture } from './memory-journal.js';

/** Waves against the emulator: a failure stops the rollout before the next wave; apply resumes; rollback undoes. */
let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture({ lroDurationMs: 0 });
});
afterEach(async () => {
  await fx?.stop();
});

const options: ApplyOptions = { concurrency: 4, dryRun: false, failFast: false, pollIntervalInMs: 0 };
const NAMES = [W.publicOpen, W.isolationDisabled, W.publicInternetOutbound, W.approvedOnly];
/** One workspace per wave, in NAMES order: wave 0 is the canary. */
const oneByOne = (plan: Plan, maxFailures = 0) => chooseWaves(plan, { ...DEFAULT_ROLLOUT, canary: 1, waveSize: { count: 1 }, growth: 1, maxFailures });
const writesTo = (name: string, from = 0) => successfulWrites(fx.emu.requests.slice(from)).filter((r) => r.url.includes(`/workspaces/${name}`));
const failFirstWriteOf = (name: string) => ({ match: `(PUT|PATCH) .*/workspaces/${name}(\\?|$)`, kind: 'status' as const, status: 400, code: 'BadRequest', message: `rejected ${name} for the test`, times: 1 });

describe('rollout waves', () => {
  it('a canary failure stops the rollout before the first wave; apply resumes with the canary, then every wave', async () => {
    const plan = await planFor(fx.clients, NAMES);
    expect(plan.errorCount).toBe(0);
    const rollout = oneByOne(plan);
    const canary = rollout.waves[0]![0]!.split('/').pop()!;
    fx.emu.configure({ faults: [failFirstWriteOf(canary)] });
    const journal = new MemoryJournal(plan);
    const events: string[] = [];
    const first = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'r1' }, {
      ...options,
      rollout,
      events: { waveStarted: (e) => events.push(`start ${e.name}`), rolloutStopped: (e) => events.push(`stop ${e.name} ${e.failed}`) },
    });
    expect(first.outcome).toBe('failed');
    expect(events).toEqual(['start canary', 'stop wave 1 1']);
    expect(first.rollout).toEqual({ waves: 4, ran: 1, stoppedBefore: 1 });
    for (const id of rollout.waves.slice(1).flat()) {
      expect(first.workspaces[id]).toBe('cancelled');
      expect(writesTo(id.split('/').pop()!)).toEqual([]);
    }
    const status = rolloutStatus(plan, rollout, journal.entries);
    expect(status.stoppedAt).toBe('canary');
    expect(status.waves.map((w) => w.state)).toEqual(['failed', 'pending', 'pending', 'pending']);

    const second = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'r2' }, { ...options, rollout });
    expect(second.outcome).toBe('succeeded');
    expect(second.rollout).toEqual({ waves: 4, ran: 4 });
    for (const name of NAMES) expect(writesTo(name).length).toBeGreaterThan(0);
    expect(rolloutStatus(plan, rollout, journal.entries)).toMatchObject({ waves: [{ state: 'done' }, { state: 'done' }, { state: 'done' }, { state: 'done' }] });
    expect(rolloutStatus(plan, rollout, journal.entries).stoppedAt).toBeUndefined();
  });

  it('--max-failures K: waves go on while at most K workspaces failed, and stop once more did; rollback undoes what ran', async () => {
    const plan = await planFor(fx.clients, NAMES);
    const rollout = oneByOne(plan, 1);
    const [w0, w1, w2, w3] = rollout.waves.map((w) => w[0]!.split('/').pop()!);
    fx.emu.configure({ faults: [failFirstWriteOf(w0!), failFirstWriteOf(w1!)] });
    const journal = new MemoryJournal(plan);
    const result = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'r1' }, { ...options, rollout });
    expect(result.rollout).toEqual({ waves: 4, ran: 2, stoppedBefore: 2 });
    expect(Object.values(result.workspaces).filter((o) => o === 'failed')).toHaveLength(2);
    expect(writesTo(w2!)).toEqual([]);
    expect(writesTo(w3!)).toEqual([]);

    // One failure only: the rollout runs every wave.
    const plan2 = await planFor(fx.clients, NAMES);
    const rollout2 = oneByOne(plan2, 1);
    const first2 = rollout2.waves[0]![0]!.split('/').pop()!;
    fx.emu.configure({ faults: [failFirstWriteOf(first2)] });
    const mark = fx.emu.requests.length;
    const again = await applyPlan(plan2, { arm: fx.clients.arm, journal: new MemoryJournal(plan2), runId: 'r2' }, { ...options, rollout: rollout2 });
    expect(again.rollout).toEqual({ waves: 4, ran: 4 });
    expect(Object.values(again.workspaces).filter((o) => o === 'failed')).toHaveLength(1);
    expect(writesTo(rollout2.waves[3]![0]!.split('/').pop()!, mark).length).toBeGreaterThan(0);

    // Rollback of the stopped rollout touches only the workspaces that ran.
    const mark2 = fx.emu.requests.length;
    const rolled = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'r3' }, options);
    expect(rolled.outcome).not.toBe('interrupted');
    expect(writesTo(w2!, mark2)).toEqual([]);
    expect(writesTo(w3!, mark2)).toEqual([]);
  });
});
