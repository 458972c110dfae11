import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import type { ApplyOptions, JournalEntry } from '../../src/apply/contract.js';
import { findSecretFields } from '../../src/plan/scrub.js';
import { getWorkspace, idOf, isWrite, MemoryJournal, planFor, successfulWrites, startFixture, W, type Fixture } from './memory-journal.js';

/** Resume after a failed step and after a crash, idempotency, retries, LRO failures, failFast, abort. */
let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture({ lroDurationMs: 0 });
});
afterEach(async () => {
  await fx?.stop();
});

const options: ApplyOptions = { concurrency: 2, dryRun: false, failFast: false, pollIntervalInMs: 0 };
const deps = (journal: MemoryJournal, runId: string) => ({ arm: fx.clients.arm, journal, runId });
const writesSince = (n: number) => successfulWrites(fx.emu.requests.slice(n)).map((r) => `${r.method} ${r.url.split('?')[0]!.split('/').slice(-1)[0]}`);

function expectNoSecrets(entries: readonly JournalEntry[]): void {
  expect(findSecretFields(entries)).toEqual([]);
  expect(JSON.stringify(entries)).not.toMatch(/bearer|eyJ[A-Za-z0-9_-]{10}|accountkey|sig=|password/i);
}

describe('resume', () => {
  it('after a failed step: the next run skips completed steps, re-runs the failed one, and converges', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const steps = plan.workspaces[0]!.steps;
    expect(steps.map((s) => s.kind)).toEqual(['update-workspace', 'put-outbound-rule', 'put-outbound-rule', 'provision-managed-network', 'verify-compliance']);
    fx.emu.configure({ faults: [{ match: 'PUT .*outboundRules/pe-stpublicinternet-file', kind: 'status', status: 400, code: 'InvalidOutboundRule', message: 'Rule rejected for the test.', times: 1 }] });
    const journal = new MemoryJournal(plan);
    const first = await applyPlan(plan, deps(journal, 'r1'), options);
    expect(first.outcome).toBe('failed');
    const failure = journal.ofType('failure')[0]!;
    expect(failure).toMatchObject({ stepId: steps[2]!.id, mode: 'apply', error: { code: 'InvalidOutboundRule', message: 'Rule rejected for the test.', statusCode: 400, requestId: expect.any(String) } });
    expect(failure.calls).toEqual([expect.objectContaining({ method: 'PUT', status: 400 })]);
    expect(journal.ofType('end')[0]!.outcome).toBe('failed');

    const mark = fx.emu.requests.length;
    const skipped: string[] = [];
    const second = await applyPlan(plan, deps(journal, 'r2'), { ...options, events: { stepSucceeded: (e) => e.skipped && skipped.push(e.stepId) } });
    expect(second.outcome).toBe('succeeded');
    expect(skipped).toEqual([steps[0]!.id, steps[1]!.id]);
    expect(writesSince(mark)).toEqual(['PUT pe-stpublicinternet-file', 'POST provisionManagedNetwork']);
    // Over both runs every planned write was sent exactly once.
    const all = successfulWrites(fx.emu.requests).map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(new Set(all).size).toBe(all.length);
    expectNoSecrets(journal.entries);
  });

  it('after a crash (begin without end): the step re-runs through its idempotency check and records what it created', async () => {
    const plan = await planFor(fx.clients, [W.approvedOnly]);
    const [create] = plan.workspaces[0]!.steps;
    const journal = new MemoryJournal(plan);
    journal.failAppendsAfter = 3; // header, run, begin of the create: the success entry is never written
    await expect(applyPlan(plan, deps(journal, 'r1'), options)).rejects.toThrow(/journal could not be written: disk full/);
    expect(journal.entries.map((e) => e.type)).toEqual(['header', 'run', 'begin']);
    expect(await getWorkspace(fx.clients, create!.target)).not.toBeNull();

    journal.failAppendsAfter = undefined;
    const mark = fx.emu.requests.length;
    const result = await applyPlan(plan, deps(journal, 'r2'), options);
    expect(result.outcome).toBe('succeeded');
    expect(writesSince(mark)).toEqual(['POST provisionManagedNetwork']);
    const resumed = journal.ofType('success').find((e) => e.stepId === create!.id)!;
    expect(resumed).toMatchObject({ skipped: 'already-done', created: [create!.target], undo: { kind: 'delete', id: create!.target, purge: true } });

    // Rollback after the crash-resume still removes the workspace the crashed run created.
    const rolled = await rollbackPlan(plan, deps(journal, 'r3'), options);
    expect(rolled.outcome).toBe('succeeded');
    expect(await getWorkspace(fx.clients, create!.target)).toBeNull();
    expect(await getWorkspace(fx.clients, idOf(W.approvedOnly))).not.toBeNull();
  });

  it('rollback after a crash mid-create (no end entry) deletes the half-created workspace', async () => {
    const plan = await planFor(fx.clients, [W.approvedOnly]);
    const [create] = plan.workspaces[0]!.steps;
    const journal = new MemoryJournal(plan);
    journal.failAppendsAfter = 3;
    await expect(applyPlan(plan, deps(journal, 'r1'), options)).rejects.toThrow(/journal/);
    journal.failAppendsAfter = undefined;
    const rolled = await rollbackPlan(plan, deps(journal, 'r2'), options);
    expect(rolled.outcome).toBe('succeeded');
    expect(await getWorkspace(fx.clients, create!.target)).toBeNull();
  });
});

describe('idempotency', () => {
  it('applying twice writes nothing the second time, with the same journal or a fresh one', async () => {
    const plan = await planFor(fx.clients, [W.isolationDisabled, W.approvedOnly]);
    const journal = new MemoryJournal(plan);
    expect((await applyPlan(plan, deps(journal, 'r1'), options)).outcome).toBe('succeeded');

    let mark = fx.emu.requests.length;
    expect((await applyPlan(plan, deps(journal, 'r2'), options)).outcome).toBe('succeeded');
    expect(fx.emu.requests.slice(mark)).toEqual([]); // every step done in the journal: not even a read

    mark = fx.emu.requests.length;
    const fresh = new MemoryJournal(plan);
    expect((await applyPlan(plan, deps(fresh, 'r3'), options)).outcome).toBe('succeeded');
    expect(fx.emu.requests.slice(mark).filter(isWrite)).toEqual([]);
    const kindOf = (id: string) => plan.workspaces.flatMap((w) => w.steps).find((s) => s.id === id)!.kind;
    for (const s of fresh.ofType('success')) {
      // Found already done, not by an attempt of this journal: nothing to undo, nothing recorded as created.
      if (kindOf(s.stepId) === 'verify-compliance') expect(s.skipped).toBeUndefined();
      else expect(s).toMatchObject({ skipped: 'already-done', created: [], calls: [], undo: { kind: 'none' } });
    }
  });
});

describe('errors', () => {
  it('retries an injected 429 and 500 on a write', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    fx.emu.configure({ faults: [
      { match: 'PATCH /subscriptions', kind: 'status', status: 429, retryAfterSec: 0, times: 1 },
      { match: 'POST .*provisionManagedNetwork', kind: 'status', status: 500, times: 1 },
    ] });
    const journal = new MemoryJournal(plan);
    expect((await applyPlan(plan, deps(journal, 'r1'), options)).outcome).toBe('succeeded');
    const statuses = (method: string) => fx.emu.requests.filter((r) => r.method === method).map((r) => r.status);
    expect(statuses('PATCH')).toEqual([429, 202]);
    expect(statuses('POST')).toEqual([500, 202]);
    expect(journal.ofType('failure')).toEqual([]);
  });

  it('an LRO ending Failed fails its step with the service code and message, recorded in the journal', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const provision = plan.workspaces[0]!.steps.find((s) => s.kind === 'provision-managed-network')!;
    fx.emu.configure({ faults: [{ match: 'POST .*provisionManagedNetwork', kind: 'lro-failure', code: 'ManagedNetworkProvisioningFailed', message: 'Subnet capacity exhausted in eastus.' }] });
    const journal = new MemoryJournal(plan);
    const failed: string[] = [];
    const result = await applyPlan(plan, deps(journal, 'r1'), { ...options, events: { stepFailed: (e) => failed.push(`${e.stepId} ${e.error.code}`) } });
    expect(result).toMatchObject({ outcome: 'failed', workspaces: { [idOf(W.publicInternetOutbound)]: 'failed' } });
    expect(failed).toEqual([`${provision.id} ManagedNetworkProvisioningFailed`]);
    expect(journal.ofType('failure')[0]).toMatchObject({ stepId: provision.id, error: { code: 'ManagedNetworkProvisioningFailed', message: 'Subnet capacity exhausted in eastus.' }, calls: [{ method: 'POST', status: 202 }] });
    expect(journal.ofType('begin').map((b) => b.stepId)).not.toContain(plan.workspaces[0]!.steps.at(-1)!.id);
  });

  it('a create refused because a soft-deleted workspace holds the name fails with the service message and leaves nothing behind', async () => {
    const plan = await planFor(fx.clients, [W.approvedOnly]);
    const [create] = plan.workspaces[0]!.steps;
    // Someone created and soft-deleted a workspace of that name after planning.
    await fx.clients.arm.put(create!.target, '2025-06-01', create!.request.body);
    await fx.clients.arm.delete(create!.target, '2025-06-01');
    const journal = new MemoryJournal(plan);
    const result = await applyPlan(plan, deps(journal, 'r1'), options);
    expect(result.outcome).toBe('failed');
    expect(journal.ofType('failure')[0]).toMatchObject({ stepId: create!.id, error: { code: 'Conflict', statusCode: 409, message: 'Soft-deleted workspace exists. Please purge or recover it.' } });
    const mark = fx.emu.requests.length;
    expect((await rollbackPlan(plan, deps(journal, 'r2'), options)).outcome).toBe('succeeded');
    expect(fx.emu.requests.slice(mark).filter(isWrite)).toEqual([]);
  });

  it('failFast: no new step starts anywhere after the first failure', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound, W.isolationDisabled]);
    fx.emu.configure({ faults: [{ match: `PATCH .*/workspaces/${W.publicInternetOutbound}`, kind: 'status', status: 400, code: 'Refused' }] });
    const journal = new MemoryJournal(plan);
    const result = await applyPlan(plan, deps(journal, 'r1'), { ...options, concurrency: 1, failFast: true });
    expect(result).toEqual({ outcome: 'failed', irreversible: [], refused: [], workspaces: { [idOf(W.publicInternetOutbound)]: 'failed', [idOf(W.isolationDisabled)]: 'cancelled' } });
    expect(successfulWrites(fx.emu.requests)).toEqual([]);

    const other = new MemoryJournal(plan);
    const without = await applyPlan(plan, deps(other, 'r2'), { ...options, concurrency: 1 });
    expect(without.workspaces).toEqual({ [idOf(W.publicInternetOutbound)]: 'failed', [idOf(W.isolationDisabled)]: 'succeeded' });
  });

  it('abort stops at the next step boundary and ends the run as interrupted', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const controller = new AbortController();
    const journal = new MemoryJournal(plan);
    const result = await applyPlan(plan, deps(journal, 'r1'), { ...options, abortSignal: controller.signal, events: { stepSucceeded: () => controller.abort() } });
    expect(result).toMatchObject({ outcome: 'interrupted', workspaces: { [idOf(W.publicInternetOutbound)]: 'cancelled' } });
    expect(journal.entries.map((e) => e.type)).toEqual(['header', 'run', 'begin', 'success', 'end']);
    expect(journal.ofType('end')[0]!.outcome).toBe('interrupted');
    // ...and the next run picks up where it stopped.
    expect((await applyPlan(plan, deps(journal, 'r2'), options)).outcome).toBe('succeeded');
  });

  it('blocked workspaces are never run', async () => {
    const plan = await planFor(fx.clients, [W.withComputes]);
    expect(plan.workspaces[0]!.blocked).toBe(true);
    const mark = fx.emu.requests.length;
    const result = await applyPlan(plan, deps(new MemoryJournal(plan), 'r1'), options);
    expect(result).toEqual({ outcome: 'succeeded', irreversible: [], refused: [], workspaces: { [idOf(W.withComputes)]: 'skipped' } });
    expect(fx.emu.requests.slice(mark)).toEqual([]);
  });

  it('the source is never deleted before its replacement verified, even when the plan says otherwise', async () => {
    const plan = await planFor(fx.clients, [W.approvedOnly], { retireSource: 'purge' });
    const pw = plan.workspaces[0]!;
    const purge = pw.steps.find((s) => s.kind === 'purge-source')!;
    // A tampered plan: the purge moved first, its dependencies and preconditions removed.
    pw.steps = [{ ...purge, dependsOn: [], preconditions: [] }, ...pw.steps.filter((s) => s !== purge)];
    const journal = new MemoryJournal(plan);
    const result = await applyPlan(plan, deps(journal, 'r1'), options);
    expect(result.outcome).toBe('failed');
    expect(journal.ofType('failure')[0]).toMatchObject({ stepId: purge.id, error: { code: 'SourceGuard' }, calls: [] });
    expect(await getWorkspace(fx.clients, pw.sourceId)).not.toBeNull();
  });

  it('with retireSource purge, the source is purged only after verify, and rollback reports it irreversible', async () => {
    const plan = await planFor(fx.clients, [W.approvedOnly], { retireSource: 'purge' });
    const pw = plan.workspaces[0]!;
    const journal = new MemoryJournal(plan);
    expect((await applyPlan(plan, deps(journal, 'r1'), options)).outcome).toBe('succeeded');
    expect(await getWorkspace(fx.clients, pw.sourceId)).toBeNull();
    const order = journal.ofType('success').map((e) => pw.steps.find((s) => s.id === e.stepId)!.kind);
    expect(order.indexOf('purge-source')).toBeGreaterThan(order.indexOf('verify-compliance'));
    const irreversible: string[] = [];
    const rolled = await rollbackPlan(plan, deps(journal, 'r2'), { ...options, events: { stepIrreversible: (e) => irreversible.push(e.stepId) } });
    expect(rolled.irreversible.map((i) => i.stepId)).toEqual([pw.steps.at(-1)!.id]);
    expect(irreversible).toEqual([pw.steps.at(-1)!.id]);
    expectNoSecrets(journal.entries);
  });
});
