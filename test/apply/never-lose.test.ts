import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import type { ApplyOptions } from '../../src/apply/contract.js';
import { getWorkspace, idOf, MemoryJournal, planFor, startFixture, W, type Fixture } from './memory-journal.js';

/**
 * Issue 14, reproductions 1 and 2: ways the tool lost a workspace entirely. Each ran against the real emulator with a
 * plan from the real planner, and each lost the only live copy before the fix.
 */
let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture({ lroDurationMs: 5 });
});
afterEach(async () => {
  await fx?.stop();
});

const options: ApplyOptions = { concurrency: 2, dryRun: false, failFast: false, pollIntervalInMs: 0 };
const API = 'api-version=2025-06-01';
const sourceId = idOf(W.approvedOnly);

async function applied(retireSource: 'soft-delete' | 'purge', faults: Parameters<Fixture['emu']['configure']>[0]['faults'] = []) {
  const plan = await planFor(fx.clients, [W.approvedOnly], { retireSource });
  const ws = plan.workspaces[0]!;
  expect(ws.strategy).toBe('recreate');
  const targetId = ws.steps.find((s) => s.kind === 'create-workspace')!.target;
  const journal = new MemoryJournal(plan);
  fx.emu.configure({ faults });
  const first = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'r1' }, options);
  fx.emu.configure({ faults: [] });
  return { plan, journal, targetId, first };
}

describe('never lose a workspace', () => {
  it('1. rollback after the source was retired keeps the replacement, says so, and exits as refused', async () => {
    const { plan, journal, targetId, first } = await applied('soft-delete');
    expect(first.outcome).toBe('succeeded');
    expect(await getWorkspace(fx.clients, sourceId)).toBeNull(); // retired (soft-deleted)

    const result = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'r2' }, options);
    expect(result.outcome).toBe('failed');
    expect(result.refused).toEqual([expect.objectContaining({ code: 'SourceGuard', message: expect.stringMatching(/only live copy and rollback keeps it/) })]);
    const kept = await getWorkspace(fx.clients, targetId);
    expect(kept?.properties.publicNetworkAccess).toBe('Disabled');
    expect(fx.emu.requests.filter((r) => r.method === 'DELETE' && r.url.toLowerCase().includes(targetId.toLowerCase()))).toEqual([]);
  });

  const variants: { name: string; mutate: (targetId: string) => Promise<unknown>; reason: RegExp }[] = [
    { name: 'replacement purged', mutate: (t) => fx.clients.arm.delete(`${t}?forceToPurge=true`, '2025-06-01'), reason: /does not exist/ },
    { name: 'replacement made public', mutate: (t) => fx.clients.arm.patch(t, '2025-06-01', { properties: { publicNetworkAccess: 'Enabled' } }), reason: /publicNetworkAccess/ },
    { name: 'source changed since the plan', mutate: () => fx.clients.arm.patch(sourceId, '2025-06-01', { tags: { owner: 'someone-else' } }), reason: /changed since the plan/ },
  ];

  for (const variant of variants) {
    it(`2. the retire guard re-checks live state on resume: ${variant.name}`, async () => {
      // The source's DELETE fails once (409): the journal says verify succeeded, the retire failed.
      const { plan, journal, targetId, first } = await applied('soft-delete', [{ match: `DELETE ${sourceId}`, kind: 'status', status: 409, times: 1 }]);
      expect(first.outcome).toBe('failed');
      await variant.mutate(targetId);
      await new Promise((r) => setTimeout(r, 50)); // the out-of-band LRO settles (lroDurationMs 5)

      const resumed = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'r2' }, options);
      expect(resumed.outcome).toBe('failed');
      expect(resumed.refused).toEqual([expect.objectContaining({ code: 'SourceGuard', message: expect.stringMatching(variant.reason) })]);
      expect((await fx.clients.arm.get(`${sourceId}?${API}`, '')).status).toBe(200); // the source is still there
    });
  }

  it('rollback refuses an undo the journal points at another workspace (an edited journal), and deletes nothing', async () => {
    const { plan, journal } = await applied('purge');
    const other = idOf(W.compliant);
    for (const e of journal.entries) if (e.type === 'success' && e.undo?.kind === 'delete') e.undo = { ...e.undo, id: other };
    const result = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'r2' }, options);
    expect(result.refused).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'RequestRefused', message: expect.stringMatching(/journal was edited/) })]));
    expect(await getWorkspace(fx.clients, other)).not.toBeNull();
    expect(fx.emu.requests.filter((r) => r.method === 'DELETE' && r.url.toLowerCase().includes(other.toLowerCase()))).toEqual([]);
  });
});
