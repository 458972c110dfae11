import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { rollbackPlan } from '../../src/apply/rollback-plan.js';
import { carriedContentProblems } from '../../src/apply/carried-content.js';
import type { ApplyOptions } from '../../src/apply/contract.js';
import { DEMO_CONTENTS } from '../../src/emulator/demo-contents.js';
import { observeForPolicy } from '../../src/observe/observe-for-policy.js';
import { readClients } from '../../src/observe/ports.js';
import { planDeterministically, policySchema, serialisePlan, type Plan } from '../../src/plan/index.js';
import { idOf, MemoryJournal, startFixture, successfulWrites, W, type Fixture } from './memory-journal.js';
import { compareInventories, hasParity } from '../../src/apply/compare-inventories.js';
import { readContents } from '../../src/observe/read-contents.js';
import { requestProblem } from '../../src/apply/execute/request-guard.js';
import { formatScoringUriChange, readScoringUriChanges } from '../../src/apply/scoring-uris.js';

/**
 * Carry-over against the real emulator: ws-approved-only (contents of every kind, DEMO_CONTENTS) is re-created with
 * every kind copied; the target then holds every item (parity), URIs naming the source point at the target, secrets
 * never reach the plan or the journal, and rollback removes every copy.
 */
let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ lroDurationMs: 2 });
});
afterAll(async () => fx?.stop());

const options: ApplyOptions = { concurrency: 1, dryRun: false, failFast: false, pollIntervalInMs: 0 };
const copyAll = { computeInstances: 'copy', onlineEndpoints: 'copy', connections: 'copy', roleAssignments: 'copy' } as const;

async function planWith(carryOver: Record<string, unknown>): Promise<Plan> {
  // The demo workspaces have no inbound private endpoint: acknowledged here (test/e2e/inbound.test.ts covers the modes).
  const policy = policySchema.parse({ recreate: { nameSuffix: '-iso' }, carryOver, inbound: { mode: 'none', allowNoInbound: true } });
  const ctx = await observeForPolicy(readClients(fx.clients), undefined, [idOf(W.approvedOnly)], policy);
  return planDeterministically(ctx, policy).plan;
}

const group = (plan: Plan, kind: string) => plan.workspaces[0]!.carryOver!.groups.find((g) => g.kind === kind)!;

describe('carry-over of ws-approved-only', () => {
  it('records the whole inventory in the plan, without a secret, with copy / list decisions from the policy', async () => {
    const plan = await planWith({});
    const pw = plan.workspaces[0]!;
    expect(pw.strategy).toBe('recreate');
    expect(group(plan, 'models').items.map((i) => i.path)).toEqual([`models/${DEMO_CONTENTS.model}`, `models/${DEMO_CONTENTS.model}/versions/1`, `models/${DEMO_CONTENTS.model}/versions/2`]);
    expect(group(plan, 'computeInstances')).toMatchObject({ decision: 'list', items: [{ path: `computes/${DEMO_CONTENTS.computes.instance}` }] });
    expect(group(plan, 'schedules')).toMatchObject({ decision: 'list', items: [{ path: `schedules/${DEMO_CONTENTS.schedule}` }] });
    expect(group(plan, 'datastores').items.find((i) => i.path.endsWith(DEMO_CONTENTS.datastores.accountKey))!.auth).toEqual({ type: 'AccountKey', mode: 'identity' });
    expect(pw.notCarriedOver.join('\n')).toMatch(/schedules \(1\)/);
    expect(pw.steps.filter((s) => s.kind === 'copy-contents').map((s) => (s.request.body as { carryOver: string }).carryOver)).toEqual(['datastores', 'environments', 'data', 'models', 'computeClusters']);
    const text = serialisePlan(plan);
    expect(text).not.toContain(DEMO_CONTENTS.accountKey);
    expect(text).not.toContain(DEMO_CONTENTS.connectionPat);
  });

  it('the request guard accepts each copy step only as its kind and count in the plan imply, under the target', async () => {
    const plan = await planWith({});
    const pw = plan.workspaces[0]!;
    const models = pw.steps.find((s) => s.kind === 'copy-contents' && (s.request.body as { carryOver: string }).carryOver === 'models')!;
    expect(requestProblem(models, pw)).toBeUndefined();
    const toSource = { ...models, target: `${pw.sourceId}/models`, request: { ...models.request, path: `${pw.sourceId}/models` } };
    expect(requestProblem(toSource, pw)).toMatch(/the path must be/);
    const listed = { ...models, request: { ...models.request, body: { carryOver: 'computeInstances', items: 1 } } };
    expect(requestProblem(listed, pw)).toMatch(/not a kind the plan copies/);
    const edited = structuredClone(pw);
    edited.carryOver!.groups.find((g) => g.kind === 'models')!.items[0]!.path = '../../../ws-other/models/x';
    expect(requestProblem(models, edited)).toMatch(/not under the target workspace/);
  });

  it('the request guard derives each copied endpoint\'s new name from the plan\'s rule: an edited name is refused', async () => {
    const plan = await planWith({ onlineEndpoints: 'copy' });
    const pw = plan.workspaces[0]!;
    const stepOf = (kind: string) => pw.steps.find((s) => s.kind === 'copy-contents' && (s.request.body as { carryOver: string }).carryOver === kind)!;
    for (const kind of ['onlineEndpoints', 'deployments', 'traffic']) expect(requestProblem(stepOf(kind), pw), kind).toBeUndefined();
    expect(group(plan, 'deployments').items.map((i) => i.path)).toEqual(['blue', 'green'].map((d) => `onlineEndpoints/${DEMO_CONTENTS.endpoint}-2/deployments/${d}`));
    const renamed = structuredClone(pw);
    renamed.carryOver!.groups.find((g) => g.kind === 'onlineEndpoints')!.items[0]!.path = 'onlineEndpoints/someone-elses';
    expect(requestProblem(stepOf('onlineEndpoints'), renamed)).toMatch(/must be copied to onlineEndpoints\/fraud-scoring-2, not onlineEndpoints\/someone-elses/);
    const ruleEdited = structuredClone(pw);
    ruleEdited.carryOver!.endpointNameRule = '{name}-3';
    expect(requestProblem(stepOf('deployments'), ruleEdited)).toMatch(/must be copied to onlineEndpoints\/fraud-scoring-3\/deployments\/blue/);
  });

  it('copies every kind, reaches parity, keeps secrets out of journal and events, and rollback removes every copy', async () => {
    const plan = await planWith({ ...copyAll, copySecrets: true });
    const pw = plan.workspaces[0]!;
    const journal = new MemoryJournal(plan);
    const progress: string[] = [];
    const result = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-1' }, { ...options, events: { stepProgress: (e) => progress.push(e.status), stepFailed: (e) => progress.push(JSON.stringify(e.error)) } });
    expect(result.outcome, progress.join('\n')).toBe('succeeded');
    expect(progress).toContain('models 3/3');
    expect(await carriedContentProblems(pw, fx.clients.armReader)).toEqual([]);

    const targetId = pw.steps.find((s) => s.kind === 'compare-contents')!.target;
    const data = (await fx.clients.arm.get<{ properties: { dataUri: string } }>(`${targetId}/data/${DEMO_CONTENTS.data.absolute}/versions/1`, '2025-06-01')).body;
    expect(data.properties.dataUri).toContain(`/workspaces/${W.approvedOnly}-iso/datastores/`);
    const relative = (await fx.clients.arm.get<{ properties: { dataUri: string } }>(`${targetId}/data/${DEMO_CONTENTS.data.relative}/versions/1`, '2025-06-01')).body;
    expect(relative.properties.dataUri).toBe(`azureml://datastores/${DEMO_CONTENTS.datastores.identity}/paths/reference/codes.csv`);
    // Same region as the source, whose endpoint still exists: the copy takes the default rule's name ({name}-2).
    const copied = `${DEMO_CONTENTS.endpoint}-2`;
    const endpoint = (await fx.clients.arm.get<{ properties: { traffic: unknown } }>(`${targetId}/onlineEndpoints/${copied}`, '2025-06-01')).body;
    expect(endpoint.properties.traffic).toEqual(DEMO_CONTENTS.traffic);
    const blue = (await fx.clients.arm.get<{ properties: { model: string } }>(`${targetId}/onlineEndpoints/${copied}/deployments/blue`, '2025-06-01')).body;
    expect(blue.properties.model.toLowerCase()).toBe(`${targetId}/models/${DEMO_CONTENTS.model}/versions/1`.toLowerCase());
    const secret = (await fx.clients.arm.post<{ key: string }>(`${targetId}/datastores/${DEMO_CONTENTS.datastores.accountKey}/listSecrets`, '2025-06-01')).body;
    expect(secret.key).toBe(DEMO_CONTENTS.accountKey);
    // The apply result names each copied endpoint's old → new scoring URI, read live from source and target.
    const scoring = async (id: string) => (await fx.clients.armReader.get<{ properties: { scoringUri: string } }>(id, '2025-06-01')).body.properties.scoringUri;
    const changes = await readScoringUriChanges(plan, result, fx.clients.armReader);
    expect(changes).toEqual([{ endpoint: DEMO_CONTENTS.endpoint, targetEndpoint: copied, sourceId: pw.sourceId, targetId, before: await scoring(`${pw.sourceId}/onlineEndpoints/${DEMO_CONTENTS.endpoint}`), after: await scoring(`${targetId}/onlineEndpoints/${copied}`) }]);
    expect(changes[0]!.after).toMatch(/^https:\/\/fraud-scoring-2\.eastus\./);
    expect(formatScoringUriChange(changes[0]!)).toBe(`endpoint ${W.approvedOnly}/fraud-scoring scoring URI: ${changes[0]!.before} → ${changes[0]!.after} (${W.approvedOnly}-iso/${copied})`);
    expect(await readScoringUriChanges(plan, { ...result, workspaces: { [pw.sourceId]: 'failed' } }, fx.clients.armReader)).toEqual([]);
    const recorded = JSON.stringify(journal.entries) + progress.join('\n');
    expect(recorded).not.toContain(DEMO_CONTENTS.accountKey);
    expect(recorded).not.toContain(DEMO_CONTENTS.connectionPat);

    const back = await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-2' }, options);
    expect(back.outcome).toBe('succeeded');
    for (const kind of ['models', 'environments', 'data', 'datastores', 'computes', 'onlineEndpoints', 'connections']) {
      const left = await fx.clients.armReader.listAll(`${targetId}/${kind}`, '2025-06-01').catch(() => []);
      expect(left, kind).toEqual([]);
    }
  });

  it('a copy stopped half-way resumes without duplicates, then compare shows parity per kind', async () => {
    const plan = await planWith({ ...copyAll, copySecrets: false });
    const pw = plan.workspaces[0]!;
    const journal = new MemoryJournal(plan);
    // The second model version PUT fails hard: the models step stops after the container and version 1.
    fx.emu.configure({ faults: [{ match: `PUT .*/models/${DEMO_CONTENTS.model}/versions/2$`, kind: 'status', status: 400, code: 'Injected', times: 1 }] });
    const first = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-1' }, options);
    fx.emu.configure({ faults: [] });
    expect(first.outcome).toBe('failed');
    const before = fx.emu.requests.length;
    const resumed = await applyPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-2' }, options);
    expect(resumed.outcome).toBe('succeeded');
    const versionPuts = successfulWrites(fx.emu.requests.slice(before)).filter((r) => r.method === 'PUT' && /\/models\//i.test(r.url));
    expect(versionPuts.map((r) => r.url.split('?')[0]!.split('/').slice(-3).join('/'))).toEqual([`${DEMO_CONTENTS.model}/versions/2`]);

    const targetId = pw.steps.find((s) => s.kind === 'compare-contents')!.target;
    const guid = async (id: string) => (await fx.clients.armReader.get<{ properties: { workspaceId?: string } }>(id, '2025-06-01')).body.properties.workspaceId;
    const [source, target] = await Promise.all([readContents(fx.clients.armReader, pw.sourceId, await guid(pw.sourceId)), readContents(fx.clients.armReader, targetId, await guid(targetId))]);
    // Without the plan's endpoint rule the renamed copy is "missing" (and only in the target); with it, parity.
    expect(compareInventories(source, target, pw.sourceId, targetId).find((k) => k.kind === 'onlineEndpoints')!.differences).toEqual([
      `onlineEndpoints/${DEMO_CONTENTS.endpoint}: missing in the target`, `onlineEndpoints/${DEMO_CONTENTS.endpoint}-2: only in the target`]);
    const kinds = compareInventories(source, target, pw.sourceId, targetId, pw.carryOver!.endpointNameRule);
    expect(pw.carryOver!.endpointNameRule).toBe('{name}-2');
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k]));
    expect(byKind.models).toMatchObject({ source: 3, target: 3, copied: 3, differences: [] });
    expect(byKind.schedules).toMatchObject({ source: 1, target: 0, copied: 0, skipped: [{ path: `schedules/${DEMO_CONTENTS.schedule}` }] });
    expect(byKind.connections!.skipped[0]!.reason).toMatch(/copySecrets/);
    expect(hasParity(kinds)).toBe(true);
    await rollbackPlan(plan, { arm: fx.clients.arm, journal, runId: 'run-3' }, options);
    expect(hasParity(compareInventories(source, await readContents(fx.clients.armReader, targetId, undefined).catch(() => ({ items: [], unreadable: [] })), pw.sourceId, targetId, '{name}-2'))).toBe(false);
  });
});
