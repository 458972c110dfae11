import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import type { ApplyOptions } from '../../src/apply/contract.js';
import type { PolicyFlags } from '../../src/plan/index.js';
import {
  auditsCompliant, cmkFlags, getWorkspace, idOf, MemoryJournal, normalise, planFor, softDeletedIds, startFixture, W, type Fixture,
} from './memory-journal.js';

/**
 * Every strategy of the demo fleet, end to end against the real emulator with plans from the real pipeline:
 * apply → the workspace (or its replacement) audits compliant → rollback → the source is as before apply (except what
 * is documented irreversible) and a new workspace is gone, purged.
 */
let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ lroDurationMs: 5 });
});
afterAll(async () => {
  await fx?.stop();
});

const options: ApplyOptions = { concurrency: 4, dryRun: false, failFast: false, pollIntervalInMs: 0 };

const cases: { name: string; flags: PolicyFlags; strategy: string; irreversibleKinds: string[] }[] = [
  { name: W.publicInternetOutbound, flags: {}, strategy: 'in-place', irreversibleKinds: ['provision-managed-network'] },
  { name: W.isolationDisabled, flags: {}, strategy: 'in-place', irreversibleKinds: ['provision-managed-network', 'update-workspace'] },
  { name: W.approvedOnly, flags: {}, strategy: 'recreate', irreversibleKinds: [] },
  { name: W.publicOpen, flags: cmkFlags, strategy: 'recreate', irreversibleKinds: [] },
  { name: W.withComputes, flags: { allowRemovingComputes: true }, strategy: 'in-place', irreversibleKinds: ['provision-managed-network', 'update-workspace', 'delete-compute', 'delete-online-endpoint'] },
];

describe.each(cases)('apply then rollback: $name ($strategy)', ({ name, flags, strategy, irreversibleKinds }) => {
  it('remediates, audits compliant, and rolls back to the pre-apply state', async () => {
    const sourceId = idOf(name);
    const before = (await getWorkspace(fx.clients, sourceId))!;
    const plan = await planFor(fx.clients, [name], flags);
    const pw = plan.workspaces[0]!;
    expect(pw.strategy).toBe(strategy);
    expect(pw.blocked).toBe(false);
    const journal = new MemoryJournal(plan);

    const events: string[] = [];
    const result = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-1' }, { ...options, events: { stepSucceeded: (e) => events.push(e.stepId) } });
    expect(result).toEqual({ outcome: 'succeeded', workspaces: { [sourceId]: 'succeeded' }, irreversible: [], refused: [] });
    expect(events).toEqual(pw.steps.map((s) => s.id));
    expect(journal.entries.map((e) => e.type)).toEqual(['header', 'run', ...pw.steps.flatMap(() => ['begin', 'success']), 'end']);

    const targetId = pw.steps.find((s) => s.kind === 'verify-compliance')!.target;
    const remediated = (await getWorkspace(fx.clients, targetId))!;
    expect(auditsCompliant(remediated)).toBe(true);
    if (strategy === 'recreate') {
      expect(targetId).not.toBe(sourceId);
      const create = journal.ofType('success').find((e) => e.stepId === pw.steps[0]!.id)!;
      expect(create.created).toEqual([targetId]);
      expect(create.undo).toEqual({ kind: 'delete', id: targetId, apiVersion: '2025-06-01', purge: true });
      expect(create.calls[0]).toMatchObject({ method: 'PUT', status: 202, requestId: expect.any(String) });
      if (flags === cmkFlags) {
        expect(remediated.properties.hbiWorkspace).toBe(true);
        expect(remediated.properties.encryption?.status).toBe('Enabled');
      }
    }

    const rolled = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-2' }, options);
    expect(rolled.outcome).toBe('succeeded');
    const kindOf = (id: string) => pw.steps.find((s) => s.id === id)!.kind;
    expect([...new Set(rolled.irreversible.map((i) => kindOf(i.stepId)))].sort()).toEqual([...irreversibleKinds].sort());
    for (const i of rolled.irreversible) expect(i.reason.length).toBeGreaterThan(10);

    const after = (await getWorkspace(fx.clients, sourceId))!;
    const inPlace = strategy === 'in-place';
    expect(normalise(after, { ignoreManagedNetwork: inPlace })).toEqual(normalise(before, { ignoreManagedNetwork: inPlace }));
    if (!inPlace) {
      expect(after).toEqual(before);
      expect(await getWorkspace(fx.clients, targetId)).toBeNull();
      expect(softDeletedIds(fx.emu)).not.toContain(targetId.toLowerCase());
    }
    // Rolling back is journaled in reverse order; a second rollback has nothing left to undo.
    const undone = journal.entries.filter((e) => e.type === 'success' && e.mode === 'rollback').map((e) => (e as { stepId: string }).stepId);
    expect(undone).toEqual([...undone].sort().reverse());
    const count = journal.entries.length;
    const again = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-3' }, options);
    expect(again.outcome).toBe('succeeded');
    expect(journal.entries.slice(count).filter((e) => e.type === 'begin')).toEqual([]);
  });
});
