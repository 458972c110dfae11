import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import type { ApplyOptions } from '../../src/apply/contract.js';
import { getWorkspace, MemoryJournal, normalise, planFor, startFixture, successfulWrites, W, type Fixture } from './memory-journal.js';

/** A rollback that fails part-way is itself resumable: the next rollback skips the undos already done. */
let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ lroDurationMs: 250 }); // long enough that a poll sees InProgress on a loaded machine
});
afterAll(async () => {
  await fx?.stop();
});

const options: ApplyOptions = { concurrency: 2, dryRun: false, failFast: false, pollIntervalInMs: 0 };

describe('rollback', () => {
  it('resumes after a failed undo and converges to the pre-apply state without repeating undos', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const pw = plan.workspaces[0]!;
    const before = (await getWorkspace(fx.clients, pw.sourceId))!;
    const journal = new MemoryJournal(plan);
    const progress: string[] = [];
    const applied = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'a1' }, { ...options, events: { stepProgress: (e) => progress.push(e.status) } });
    expect(applied.outcome).toBe('succeeded');
    expect(progress).toContain('InProgress');
    expect(progress).toContain('Succeeded');
    const patch = journal.ofType('success').find((e) => e.stepId === pw.steps[0]!.id)!;
    expect(patch.undo).toEqual({ kind: 'patch', id: pw.sourceId, apiVersion: '2025-06-01', body: { properties: { publicNetworkAccess: 'Enabled' }, tags: {} } });

    fx.emu.configure({ faults: [{ match: 'PATCH /subscriptions', kind: 'status', status: 409, code: 'Conflict', message: 'Another operation is in progress.', times: 1 }] });
    const mark = fx.emu.requests.length;
    const first = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'r1' }, options);
    expect(first.outcome).toBe('failed');
    expect(journal.ofType('failure').filter((e) => e.mode === 'rollback')).toEqual([
      expect.objectContaining({ stepId: pw.steps[0]!.id, error: expect.objectContaining({ code: 'Conflict', message: 'Another operation is in progress.', statusCode: 409 }) }),
    ]);
    const deletes = successfulWrites(fx.emu.requests.slice(mark)).filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(2); // both added rules removed before the PATCH failed

    const again = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'r2' }, options);
    expect(again.outcome).toBe('succeeded');
    const writes = successfulWrites(fx.emu.requests.slice(mark)).map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(new Set(writes).size).toBe(writes.length);
    expect(writes.filter((w) => w.startsWith('PATCH'))).toHaveLength(1);
    const after = (await getWorkspace(fx.clients, pw.sourceId))!;
    expect(normalise(after, { ignoreManagedNetwork: true })).toEqual(normalise(before, { ignoreManagedNetwork: true }));
    expect(again.irreversible.map((i) => i.stepId)).toEqual([pw.steps.find((s) => s.kind === 'provision-managed-network')!.id]);

    // Re-applying after a rollback converges again (the undone steps run anew).
    const reapplied = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'a2' }, options);
    expect(reapplied.outcome).toBe('succeeded');
    expect((await getWorkspace(fx.clients, pw.sourceId))!.properties.publicNetworkAccess).toBe('Disabled');
  });
});
