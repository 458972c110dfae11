import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { openJournal, readJournal } from '../../src/apply/journal.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import { stepStates } from '../../src/apply/step-states.js';
import type { ApplyOptions } from '../../src/apply/contract.js';
import { planFor, startFixture, W, type Fixture } from './memory-journal.js';

/** The executor over the real file journal (src/apply/journal.ts): what it writes reads back, and resumes across opens. */
let fx: Fixture;
let dir: string;
beforeAll(async () => {
  fx = await startFixture();
  dir = await mkdtemp(join(tmpdir(), 'aml-exec-'));
});
afterAll(async () => {
  await fx?.stop();
  await rm(dir, { recursive: true, force: true });
});

const options: ApplyOptions = { concurrency: 2, dryRun: false, failFast: false, pollIntervalInMs: 0 };

it('applies and rolls back through the file journal; step states agree', async () => {
  const plan = await planFor(fx.clients, [W.approvedOnly, W.publicInternetOutbound]);
  const path = join(dir, plan.planId, 'journal.jsonl');
  fx.emu.configure({ faults: [{ match: 'POST .*ws-public-internet-outbound/provisionManagedNetwork', kind: 'status', status: 400, code: 'Nope', times: 1 }] });
  const first = await applyPlan(plan, { arm: fx.clients.arm, journal: await openJournal(path, plan), runId: 'a1' }, options);
  expect(first.outcome).toBe('failed');
  const second = await applyPlan(plan, { arm: fx.clients.arm, journal: await openJournal(path, plan), runId: 'a2' }, options);
  expect(second.outcome).toBe('succeeded');
  const entries = (await readJournal(path))!;
  const states = stepStates(plan, entries);
  for (const s of plan.workspaces.flatMap((w) => w.steps)) expect(states.get(s.id)?.state).toBe('done');

  const rolled = await rollbackPlan(plan, { arm: fx.clients.arm, journal: await openJournal(path, plan), runId: 'r1' }, options);
  expect(rolled.outcome).toBe('succeeded');
  const after = stepStates(plan, (await readJournal(path))!);
  const create = plan.workspaces[0]!.steps[0]!;
  expect(after.get(create.id)).toMatchObject({ state: 'rolled-back', created: [create.target] });
});
