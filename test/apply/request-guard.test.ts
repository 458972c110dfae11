import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestProblem } from '../../src/apply/execute/request-guard.js';
import { parsePlanText, type Plan, type PlanStep, type PlanWorkspace } from '../../src/plan/index.js';
import { repoRoot } from '../helpers/cli.js';

const examples = ['default', 'cmk-hbi'].map((name) => parsePlanText(readFileSync(join(repoRoot, 'plans/example', name, 'plan.json'), 'utf8'), name));
const steps = (plan: Plan) => plan.workspaces.flatMap((ws) => ws.steps.map((step) => ({ ws, step })));
const kinds = new Set(examples.flatMap((p) => steps(p).map((s) => s.step.kind)));

/** A copy of the step with its request changed (what an edited plan file would hold, hash recomputed or not). */
function tampered(step: PlanStep, change: (r: PlanStep['request']) => void): PlanStep {
  const copy = structuredClone(step);
  change(copy.request);
  return copy;
}

function find(kind: string): { ws: PlanWorkspace; step: PlanStep } {
  return examples.flatMap(steps).find((s) => s.step.kind === kind)!;
}

describe('the executor derives what each step may send', () => {
  it('every step the planner writes in the example plans is allowed', () => {
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    for (const { ws, step } of examples.flatMap(steps)) expect(requestProblem(step, ws), step.id).toBeUndefined();
  });

  const other = '/subscriptions/00000000-0000-0000-0000-00000000dead/resourceGroups/rg-other/providers/Microsoft.MachineLearningServices/workspaces/not-in-the-plan';

  it('a request pointed at another workspace is refused, whatever the kind', () => {
    for (const { ws, step } of examples.flatMap(steps)) {
      const moved = tampered(step, (r) => (r.path = r.path.replace(/\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+/i, other)));
      if (moved.request.path === step.request.path) continue; // not a workspace path (a key)
      expect(requestProblem(moved, ws), step.id).toMatch(/may not send/);
    }
  });

  it('a changed body, method, api-version or query is refused', () => {
    const create = find('create-workspace');
    expect(requestProblem(tampered(create.step, (r) => ((r.body!.properties as Record<string, unknown>).publicNetworkAccess = 'Enabled')), create.ws)).toMatch(/body/);
    const update = find('update-workspace');
    expect(requestProblem(tampered(update.step, (r) => (r.body = { ...r.body, properties: { ...(r.body!.properties as object), hbiWorkspace: false } })), update.ws)).toMatch(/properties\.hbiWorkspace/);
    expect(requestProblem(tampered(update.step, (r) => (r.method = 'DELETE')), update.ws)).toMatch(/sends PATCH/);
    const retire = find('verify-compliance');
    expect(requestProblem(tampered(retire.step, (r) => (r.apiVersion = '2022-10-01')), retire.ws)).toMatch(/api-version/);
    const rule = find('put-outbound-rule');
    expect(requestProblem(tampered(rule.step, (r) => ((r.body!.properties as { destination: Record<string, unknown> }).destination.serviceResourceId = other)), rule.ws)).toMatch(/body/);
    const provision = find('provision-managed-network');
    expect(requestProblem(tampered(provision.step, (r) => (r.query = { forceToPurge: 'true' })), provision.ws)).toMatch(/query/);
  });

  it('an inbound private endpoint may only target the plan\'s workspace, in the plan\'s subnet', () => {
    const pe = find('create-private-endpoint');
    expect(requestProblem(pe.step, pe.ws)).toBeUndefined();
    const props = (r: PlanStep['request']) => r.body!.properties as { subnet: { id: string }; privateLinkServiceConnections: { properties: { privateLinkServiceId: string } }[] };
    expect(requestProblem(tampered(pe.step, (r) => (props(r).privateLinkServiceConnections[0]!.properties.privateLinkServiceId = other)), pe.ws)).toMatch(/body/);
    expect(requestProblem(tampered(pe.step, (r) => (props(r).subnet.id = `${props(r).subnet.id}-other`)), pe.ws)).toMatch(/body/);
    expect(requestProblem({ ...tampered(pe.step, (r) => (r.path = `${r.path}-2`)), target: `${pe.step.target}-2` }, pe.ws)).toMatch(/not a private endpoint the plan's target creates/);
    const group = find('create-private-dns-zone-group');
    expect(requestProblem(tampered(group.step, (r) => (r.apiVersion = '2024-06-01')), group.ws)).toMatch(/api-version/);
  });

  it('a source may be purged only by the purge kind, and a retire step cannot purge', () => {
    const create = find('create-workspace');
    const retire: PlanStep = { ...create.step, id: 'x', kind: 'retire-source', target: create.ws.sourceId, request: { method: 'DELETE', path: create.ws.sourceId, apiVersion: '2025-06-01' } };
    expect(requestProblem(retire, create.ws)).toBeUndefined();
    expect(requestProblem(tampered(retire, (r) => (r.query = { forceToPurge: 'true' })), create.ws)).toMatch(/query/);
    const deleteTarget = tampered(retire, (r) => (r.path = create.step.target));
    expect(requestProblem({ ...deleteTarget, target: create.step.target }, create.ws)).toMatch(/path must be/);
  });
});
