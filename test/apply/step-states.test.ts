import { describe, expect, it } from 'vitest';
import type { JournalEntry, JournalError, RunMode, UndoRecord } from '../../src/apply/contract.js';
import { runSummary, statusView, stepStates, viewSteps } from '../../src/apply/step-states.js';
import { renderStatus } from '../../src/cli/render-status.js';
import type { Plan, PlanStep, PlanWorkspace } from '../../src/plan/index.js';

const SUB = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces';
const WS1 = `${SUB}/ws-one`;
const WS2 = `${SUB}/ws-two`;

function aStep(id: string, kind: PlanStep['kind'], target: string, irreversibleReason?: string): PlanStep {
  return {
    id, kind, action: 'update', target, before: null, after: null, reason: 'why', preconditions: [], dependsOn: [],
    undo: irreversibleReason ? { irreversible: true, reason: irreversibleReason } : { irreversible: false, kind: 'patch-workspace', description: 'restore' },
    request: { method: 'PATCH', path: target, apiVersion: '2025-06-01' },
  };
}

function aWorkspace(sourceId: string, steps: PlanStep[], blocked = false): PlanWorkspace {
  return {
    sourceId, strategy: steps.length ? 'in-place' : 'none', strategyReason: 'r', holds: { computes: [], onlineEndpoints: [], datastores: [], models: [], environments: [], dataAssets: [], outboundRules: [] },
    notCarriedOver: [], steps, diagnostics: [], blocked,
  };
}

function aPlan(workspaces: PlanWorkspace[]): Plan {
  return { formatVersion: 1, tool: { name: 'aml-isolate', version: '0.1.0' }, planId: 'plan-1', createdAt: '2026-01-01T00:00:00.000Z', policy: {} as Plan['policy'], basis: {}, workspaces, errorCount: 0, contentHash: 'h'.repeat(64) };
}

const plan = aPlan([
  aWorkspace(WS1, [
    aStep('w1.1', 'update-workspace', WS1),
    aStep('w1.2', 'put-outbound-rule', `${WS1}/outboundRules/pe-blob`),
    aStep('w1.3', 'provision-managed-network', WS1, 'a provisioned managed network cannot be removed'),
  ]),
  aWorkspace(WS2, [aStep('w2.1', 'update-workspace', WS2)]),
]);

/** A small journal writer: t() gives increasing times. */
function journal() {
  let n = 0;
  const t = () => `2026-01-02T00:00:${String(n++).padStart(2, '0')}.000Z`;
  const entries: JournalEntry[] = [{ type: 'header', formatVersion: 1, planId: 'plan-1', planHash: plan.contentHash, tool: { name: 'aml-isolate', version: '0.1.0' }, createdAt: t() }];
  const ws = (stepId: string) => (stepId.startsWith('w1') ? WS1 : WS2);
  const api = {
    entries,
    run(runId: string, mode: RunMode = 'apply') {
      entries.push({ type: 'run', runId, mode, at: t(), pid: 4242, host: 'build-1' });
      return api;
    },
    begin(runId: string, stepId: string, mode: RunMode = 'apply') {
      entries.push({ type: 'begin', runId, mode, stepId, workspaceId: ws(stepId), at: t() });
      return api;
    },
    ok(runId: string, stepId: string, mode: RunMode = 'apply', extra: { created?: string[]; undo?: UndoRecord; skipped?: 'already-done' } = {}) {
      api.begin(runId, stepId, mode);
      entries.push({ type: 'success', runId, mode, stepId, at: t(), created: extra.created ?? [], calls: [], ...(extra.skipped ? { skipped: extra.skipped } : {}), ...(mode === 'apply' ? { undo: extra.undo ?? { kind: 'patch', id: ws(stepId), apiVersion: 'v', body: { properties: { publicNetworkAccess: 'Enabled' } } } } : {}) });
      return api;
    },
    fail(runId: string, stepId: string, mode: RunMode = 'apply', error: JournalError = { code: 'AuthorizationFailed', message: 'no write access', statusCode: 403, requestId: 'req-9' }) {
      api.begin(runId, stepId, mode);
      entries.push({ type: 'failure', runId, mode, stepId, at: t(), error, calls: [] });
      return api;
    },
    end(runId: string, outcome: 'succeeded' | 'failed' | 'interrupted', mode: RunMode = 'apply') {
      entries.push({ type: 'end', runId, mode, at: t(), outcome });
      return api;
    },
  };
  return api;
}

const states = (entries: JournalEntry[]) => Object.fromEntries([...stepStates(plan, entries)].map(([id, s]) => [id, s.state]));
const overall = (entries: JournalEntry[], live = false) => runSummary(plan, entries, { isRunLive: () => live }).workspaces.map((w) => w.state);

describe('stepStates', () => {
  it('everything is pending before any run', () => {
    const j = journal();
    expect(states(j.entries)).toEqual({ 'w1.1': 'pending', 'w1.2': 'pending', 'w1.3': 'pending', 'w2.1': 'pending' });
    expect(stepStates(plan, []).get('w1.1')).toEqual({ stepId: 'w1.1', workspaceId: WS1, state: 'pending', applyState: 'pending', attempted: false, created: [] });
    expect(overall(j.entries)).toEqual(['not started', 'not started']);
    expect(runSummary(plan, j.entries).lastRun).toBeUndefined();
  });

  it('done after a success (with its undo), failed after a failure (with the error)', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').fail('r1', 'w1.2').end('r1', 'failed');
    const s = stepStates(plan, j.entries);
    expect(s.get('w1.1')).toMatchObject({ state: 'done', undo: { kind: 'patch', id: WS1 } });
    expect(s.get('w1.2')).toMatchObject({ state: 'failed', lastError: { code: 'AuthorizationFailed', requestId: 'req-9' } });
    expect(s.get('w1.3')!.state).toBe('pending');
    expect(overall(j.entries)).toEqual(['failed', 'not started']);
    expect(runSummary(plan, j.entries).lastRun).toEqual({ runId: 'r1', mode: 'apply', at: expect.any(String), pid: 4242, host: 'build-1', outcome: 'failed' });
  });

  it('a begin without success or failure is in-progress: interrupted after a crash, in progress while the run lives', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').begin('r1', 'w1.2');
    expect(states(j.entries)).toMatchObject({ 'w1.1': 'done', 'w1.2': 'in-progress', 'w1.3': 'pending' });
    expect(overall(j.entries)).toEqual(['interrupted', 'not started']);
    expect(overall(j.entries, true)).toEqual(['in progress', 'not started']);
    expect(runSummary(plan, j.entries).lastRun?.outcome).toBe('interrupted');
    expect(runSummary(plan, j.entries, { isRunLive: (r) => r.pid === 4242 && r.host === 'build-1' }).lastRun?.outcome).toBe('running');
    // Once the run has an end, it is not live whatever the callback says.
    j.end('r1', 'interrupted');
    expect(overall(j.entries, true)).toEqual(['interrupted', 'not started']);
  });

  it('stopped between steps (Ctrl-C, fail-fast elsewhere): interrupted', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').end('r1', 'interrupted');
    expect(overall(j.entries)).toEqual(['interrupted', 'not started']);
  });

  it('resume: a later run finishes what a crashed one began', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').begin('r1', 'w1.2');
    j.run('r2').ok('r2', 'w1.2', 'apply', { skipped: 'already-done' }).ok('r2', 'w1.3', 'apply', { undo: { kind: 'irreversible', reason: 'provisioned' } }).ok('r2', 'w2.1').end('r2', 'succeeded');
    expect(states(j.entries)).toEqual({ 'w1.1': 'done', 'w1.2': 'done', 'w1.3': 'done', 'w2.1': 'done' });
    expect(overall(j.entries)).toEqual(['applied', 'applied']);
    const summary = runSummary(plan, j.entries);
    expect(summary.workspaces[0]).toMatchObject({ counts: { done: 3, pending: 0, failed: 0 }, lastRun: { runId: 'r2', outcome: 'succeeded' } });
  });

  it('retry after a failure: done, and the old error is gone', () => {
    const j = journal().run('r1').fail('r1', 'w2.1').end('r1', 'failed').run('r2').ok('r2', 'w2.1').end('r2', 'succeeded');
    const s = stepStates(plan, j.entries).get('w2.1')!;
    expect(s.state).toBe('done');
    expect(s.lastError).toBeUndefined();
  });

  it('rollback: rolled-back after a rollback success; the apply undo is kept', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').ok('r1', 'w1.2').end('r1', 'interrupted');
    j.run('r2', 'rollback').ok('r2', 'w1.2', 'rollback').ok('r2', 'w1.1', 'rollback').end('r2', 'succeeded', 'rollback');
    const s = stepStates(plan, j.entries);
    expect(s.get('w1.1')).toMatchObject({ state: 'rolled-back', undo: { kind: 'patch' } });
    expect(overall(j.entries)).toEqual(['rolled back', 'not started']);
    expect(runSummary(plan, j.entries).lastRun).toMatchObject({ runId: 'r2', mode: 'rollback', outcome: 'succeeded' });
  });

  it('an irreversible step stays done after a complete rollback', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').ok('r1', 'w1.2').ok('r1', 'w1.3', 'apply', { undo: { kind: 'irreversible', reason: 'provisioned' } }).end('r1', 'succeeded');
    j.run('r2', 'rollback').ok('r2', 'w1.2', 'rollback').ok('r2', 'w1.1', 'rollback').end('r2', 'succeeded', 'rollback');
    expect(states(j.entries)).toMatchObject({ 'w1.1': 'rolled-back', 'w1.2': 'rolled-back', 'w1.3': 'done' });
    expect(overall(j.entries)).toEqual(['rolled back', 'not started']);
  });

  it('partial rollback: one undone, one whose undo failed', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').ok('r1', 'w1.2').end('r1', 'interrupted');
    j.run('r2', 'rollback').ok('r2', 'w1.2', 'rollback').fail('r2', 'w1.1', 'rollback').end('r2', 'failed', 'rollback');
    const s = stepStates(plan, j.entries);
    expect(s.get('w1.1')).toMatchObject({ state: 'rollback-failed', undo: { kind: 'patch' }, lastError: { code: 'AuthorizationFailed' } });
    expect(s.get('w1.2')!.state).toBe('rolled-back');
    expect(overall(j.entries)).toEqual(['partially rolled back', 'not started']);
    // A rollback that crashed mid-step: in-progress again.
    j.run('r3', 'rollback').begin('r3', 'w1.1', 'rollback');
    expect(states(j.entries)['w1.1']).toBe('in-progress');
    expect(overall(j.entries)).toEqual(['interrupted', 'not started']);
    // ... and a rollback that only got to some steps is partial.
    const k = journal().run('r1').ok('r1', 'w1.1').ok('r1', 'w1.2').end('r1', 'succeeded').run('r2', 'rollback').ok('r2', 'w1.2', 'rollback').end('r2', 'interrupted', 'rollback');
    expect(overall(k.entries)).toEqual(['partially rolled back', 'not started']);
  });

  it('accumulates created ids across runs and modes, each once', () => {
    const a = `${SUB}/ws-one-iso`;
    const j = journal().run('r1').ok('r1', 'w1.1', 'apply', { created: [a] }).run('r2').ok('r2', 'w1.1', 'apply', { created: [a.toUpperCase(), `${a}/outboundRules/x`] });
    expect(stepStates(plan, j.entries).get('w1.1')!.created).toEqual([a, `${a}/outboundRules/x`]);
  });

  it('judges each workspace by its own steps in the last run that touched it', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').ok('r1', 'w1.2').ok('r1', 'w1.3').fail('r1', 'w2.1').end('r1', 'failed');
    const s = runSummary(plan, j.entries);
    expect(s.workspaces.map((w) => [w.state, w.lastRun?.outcome])).toEqual([['applied', 'succeeded'], ['failed', 'failed']]);
    expect(s.lastRun?.outcome).toBe('failed');
  });

  it('ignores entries for steps the plan does not have; a workspace without steps has nothing to do', () => {
    const j = journal().run('r1').ok('r1', 'w9.1');
    expect(states(j.entries)).toEqual({ 'w1.1': 'pending', 'w1.2': 'pending', 'w1.3': 'pending', 'w2.1': 'pending' });
    const p = aPlan([aWorkspace(WS1, []), aWorkspace(WS2, [aStep('w2.1', 'update-workspace', WS2)], true)]);
    expect(runSummary(p, []).workspaces.map((w) => [w.state, w.blocked])).toEqual([['applied', false], ['not started', true]]);
  });
});

describe('renderStatus', () => {
  const j = journal().run('r1').ok('r1', 'w1.1', 'apply', { skipped: 'already-done' }).ok('r1', 'w1.2').begin('r1', 'w1.3').end('r1', 'interrupted');
  j.run('r2').fail('r2', 'w2.1').end('r2', 'failed');

  it('lists every workspace and step with state, kind, target name, time, errors and irreversible marks', () => {
    const text = renderStatus(plan, j.entries);
    expect(text).toContain('aml-isolate status of plan plan-1 (created 2026-01-01T00:00:00.000Z)');
    expect(text).toContain('last run: apply r2 started ');
    expect(text).toMatch(/by pid 4242 on build-1: failed/);
    expect(text).toContain(`# workspace ${WS1}: interrupted (2 done, 0 failed, 0 pending, 1 in progress)`);
    expect(text).toMatch(/\+ done +w1\.1 +update-workspace +ws-one +2026-01-02T00:00:\d\d\.000Z  \(already done\)/);
    expect(text).toMatch(/\+ done +w1\.2 +put-outbound-rule +pe-blob +2026-/);
    expect(text).toMatch(/~ in-progress +w1\.3 +provision-managed-network +ws-one +2026-/);
    expect(text).toContain('! IRREVERSIBLE: a provisioned managed network cannot be removed');
    expect(text).toContain(`# workspace ${WS2}: failed (0 done, 1 failed, 0 pending)`);
    expect(text).toMatch(/x failed +w2\.1 +update-workspace +ws-two/);
    expect(text).toContain('error AuthorizationFailed (HTTP 403), x-ms-request-id req-9: no write access');
    expect(text).not.toContain('\u001b[');
    expect(renderStatus(plan, j.entries, { color: true })).toContain('\u001b[31m');
  });

  it('says when nothing was applied yet', () => {
    expect(renderStatus(plan, [])).toContain('not applied yet: no journal entries');
    expect(renderStatus(plan, [])).toMatch(/\. pending +w1\.1 +update-workspace +ws-one\n/);
  });

  it('has a JSON form with the summary and every step', () => {
    const view = statusView(plan, j.entries);
    expect(JSON.parse(JSON.stringify(view))).toMatchObject({
      planId: 'plan-1',
      planHash: plan.contentHash,
      lastRun: { runId: 'r2', outcome: 'failed' },
      workspaces: [
        {
          workspaceId: WS1, state: 'interrupted', counts: { done: 2, 'in-progress': 1 },
          stepStatuses: [
            { stepId: 'w1.1', kind: 'update-workspace', state: 'done', skipped: true, at: expect.any(String) },
            { stepId: 'w1.2', state: 'done' },
            { stepId: 'w1.3', state: 'in-progress', irreversible: 'a provisioned managed network cannot be removed' },
          ],
        },
        { workspaceId: WS2, state: 'failed', stepStatuses: [{ stepId: 'w2.1', state: 'failed', error: { code: 'AuthorizationFailed', requestId: 'req-9' } }] },
      ],
    });
  });

});

describe('one replay for status, resume and rollback', () => {
  it('a rollback that only began shows in progress, and leaves the step as apply left it', () => {
    const j = journal().run('r1').ok('r1', 'w1.1').fail('r1', 'w1.2').end('r1', 'failed');
    j.run('r2', 'rollback').begin('r2', 'w1.2', 'rollback');
    for (const view of [stepStates(plan, j.entries), viewSteps(j.entries)]) {
      // status and the executor read the same thing: no second derivation to disagree with
      expect(view.get('w1.2')).toMatchObject({ state: 'in-progress', lastMode: 'rollback', applyState: 'failed', attempted: true, failedCalls: [] });
      expect(view.get('w1.1')).toMatchObject({ state: 'done', applyState: 'done', undo: { kind: 'patch' } });
    }
  });

  it('without a plan, every step the journal names is viewed, with the workspace of its begin entry', () => {
    const j = journal().run('r1').ok('r1', 'w2.1');
    expect([...viewSteps(j.entries).keys()]).toEqual(['w2.1']);
    expect(viewSteps(j.entries).get('w2.1')!.workspaceId).toBe(WS2);
  });
});
