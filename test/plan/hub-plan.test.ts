import { describe, expect, it } from 'vitest';
import { planRemediation } from '../../src/plan/plan-remediation.js';
import type { Plan, PlanWorkspace } from '../../src/plan/plan.js';
import type { ObservedContext, ObservedWorkspace } from '../../src/plan/observed.js';
import { planSchema } from '../../src/plan/plan-schema.js';
import { aCompute, aContext, anObservedWorkspace, aPolicy, cmkPolicy, FIXED, fixedIds, storageId, vaultId } from './builders.js';
import type { Policy } from '../../src/plan/policy-schema.js';

/** A non-compliant hub (public access Enabled, managed network not on) and its projects. */
function aHub(projects: string[], props: Record<string, unknown> = {}): ObservedWorkspace {
  const hub = anObservedWorkspace({ name: 'hub-a', properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined, ...props } });
  hub.workspace.kind = 'Hub';
  hub.workspace.properties.associatedWorkspaces = projects.map((p) => aProject(p, hub).workspace.id);
  return hub;
}

function aProject(name: string, hub: ObservedWorkspace, extra: Partial<ObservedWorkspace> = {}): ObservedWorkspace {
  const p = anObservedWorkspace({ name, properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined, hubResourceId: hub.workspace.id } });
  p.workspace.kind = 'Project';
  return { ...p, ...extra };
}

function plan(ctx: ObservedContext, policy: Policy = aPolicy()): Plan {
  return planRemediation(ctx, policy, { ...FIXED, newId: fixedIds() }).plan;
}
const codes = (w: PlanWorkspace) => w.diagnostics.map((d) => d.code);
const projectIds = (...ws: ObservedWorkspace[]) => ws.map((w) => w.workspace.id.toLowerCase());
const touchesProject = (p: Plan, projects: string[]) =>
  p.workspaces.flatMap((w) => w.steps).filter((s) => projects.some((id) => s.target.toLowerCase() === id || s.target.toLowerCase().startsWith(`${id}/`)));

describe('plan: hubs and projects', () => {
  it('plans a requested project as its hub, once, listing the projects and never targeting one', () => {
    const hub = aHub(['proj-a', 'proj-b']);
    const [a, b] = [aProject('proj-a', hub), aProject('proj-b', hub)];
    const ctx = { ...aContext({ workspaces: [a, b] }), hubFamily: { hubs: { [hub.workspace.id.toLowerCase()]: hub }, projects: {}, unread: {} } };
    const p = plan(ctx);
    expect(p.workspaces).toHaveLength(1);
    const w = p.workspaces[0]!;
    expect(w.sourceId).toBe(hub.workspace.id);
    expect(w.strategy).toBe('in-place');
    expect(w.projects).toEqual([a.workspace.id, b.workspace.id]);
    expect(w.strategyReason).toContain('these 2 projects');
    expect(touchesProject(p, projectIds(a, b))).toEqual([]);
    expect(w.steps.every((s) => s.target.startsWith(hub.workspace.id))).toBe(true);
    expect(planSchema.safeParse(p).success).toBe(true);
    expect(Object.keys(p.basis)).toContain(hub.workspace.id.toLowerCase());
  });

  it('blocks a hub whose change would need a re-creation (customer-managed key), naming its projects', () => {
    const hub = aHub(['proj-a']);
    const ctx = { ...aContext({ workspaces: [hub] }), hubFamily: { hubs: {}, projects: { [aProject('proj-a', hub).workspace.id.toLowerCase()]: aProject('proj-a', hub) }, unread: {} } };
    const w = plan(ctx, cmkPolicy()).workspaces[0]!;
    expect(w.blocked).toBe(true);
    expect(codes(w)).toContain('hub-recreate-blocked');
    expect(w.diagnostics.find((d) => d.code === 'hub-recreate-blocked')!.summary).toMatch(/1 project cannot be moved/);
  });

  it('counts the computes of the hub\'s projects when the hub moves to a managed network, even with allowRemovingComputes', () => {
    const hub = aHub(['proj-a']);
    const proj = aProject('proj-a', hub, { computes: [aCompute('proj-a', 'ci-1')] });
    const ctx = { ...aContext({ workspaces: [hub] }), hubFamily: { hubs: {}, projects: { [proj.workspace.id.toLowerCase()]: proj }, unread: {} } };
    for (const policy of [aPolicy(), aPolicy({ allowRemovingComputes: true })]) {
      const p = plan(ctx, policy);
      const w = p.workspaces[0]!;
      expect(w.blocked).toBe(true);
      expect(w.diagnostics.find((d) => d.code === 'project-computes-block-in-place')!.summary).toContain('compute ci-1 (ComputeInstance) in project proj-a');
      expect(touchesProject(p, projectIds(proj))).toEqual([]);
    }
    // Without the project's compute, the hub's in-place change goes through.
    const clean = { ...ctx, hubFamily: { hubs: {}, projects: { [proj.workspace.id.toLowerCase()]: { ...proj, computes: [] } }, unread: {} } };
    expect(plan(clean).workspaces[0]!.blocked).toBe(false);
  });

  it('blocks the hub when one of its projects could not be read (its computes are unknown)', () => {
    const hub = aHub(['proj-a']);
    const id = aProject('proj-a', hub).workspace.id;
    const ctx = { ...aContext({ workspaces: [hub] }), hubFamily: { hubs: {}, projects: {}, unread: { [id.toLowerCase()]: { subject: 'project' as const, id, reason: 'forbidden' as const, message: 'AuthorizationFailed' } } } };
    expect(codes(plan(ctx).workspaces[0]!)).toContain('project-unread');
  });

  it('says why a project whose hub cannot be read is not planned, and plans nothing for it', () => {
    const hub = aHub(['proj-a']);
    const proj = aProject('proj-a', hub);
    const problem = { subject: 'hub' as const, id: hub.workspace.id, reason: 'forbidden' as const, message: 'AuthorizationFailed' };
    const p = plan({ ...aContext({ workspaces: [proj] }), hubFamily: { hubs: {}, projects: {}, unread: { [hub.workspace.id.toLowerCase()]: problem } } });
    const w = p.workspaces[0]!;
    expect(w).toMatchObject({ sourceId: proj.workspace.id, strategy: 'none', blocked: true, steps: [] });
    expect(w.diagnostics[0]).toMatchObject({ code: 'project-hub-unreadable' });
    expect(w.diagnostics[0]!.summary).toContain('forbidden');
    expect(planSchema.safeParse(p).success).toBe(true);
  });
});

describe('plan: rules the service adds itself', () => {
  it('adds no user rule where the service will add a Required rule to a private linked resource, and says which', () => {
    const ws = anObservedWorkspace({ name: 'ws-p', properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined } });
    ws.storageAccount = { id: storageId('stwsp'), name: 'stwsp', type: 'Microsoft.Storage/storageAccounts', publicNetworkAccess: 'Disabled' };
    ws.keyVault = { id: vaultId('kv-ws-p'), name: 'kv-ws-p', type: 'Microsoft.KeyVault/vaults', publicNetworkAccess: 'Disabled', subscriptionId: 'x', enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: true, accessPolicies: [] };
    const w = plan(aContext({ workspaces: [ws] }), aPolicy({ privateEndpoints: [{ serviceResourceId: vaultId('kv-ws-p'), subresourceTarget: 'vault' }] })).workspaces[0]!;
    expect(w.steps.filter((s) => s.kind === 'put-outbound-rule')).toEqual([]);
    const notes = w.diagnostics.filter((d) => d.code === 'rule-added-by-service');
    expect(notes.map((d) => d.subject).sort()).toEqual([storageId('stwsp'), vaultId('kv-ws-p')].sort());
    expect(notes.find((d) => d.subject === storageId('stwsp'))!.summary).toContain('blob, file');
  });

  it('still adds the default storage rules when the storage account is public', () => {
    const ws = anObservedWorkspace({ name: 'ws-q', properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined } });
    ws.storageAccount = { id: storageId('stwsq'), name: 'stwsq', type: 'Microsoft.Storage/storageAccounts', publicNetworkAccess: 'Enabled' };
    const w = plan(aContext({ workspaces: [ws] })).workspaces[0]!;
    expect(w.steps.filter((s) => s.kind === 'put-outbound-rule').length).toBeGreaterThan(0);
    expect(codes(w)).not.toContain('rule-added-by-service');
  });

  it('warns before apply when the identity lacks the approver role on a rule target, with the command that grants it', () => {
    const ws = anObservedWorkspace({ name: 'ws-r', properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined } });
    ws.storageAccount = { id: storageId('stwsr'), name: 'stwsr', type: 'Microsoft.Storage/storageAccounts', publicNetworkAccess: 'Enabled' };
    ws.approverRoles = { [storageId('stwsr').toLowerCase()]: false };
    const d = plan(aContext({ workspaces: [ws] })).workspaces[0]!.diagnostics.find((x) => x.code === 'approver-role-missing')!;
    expect(d.severity).toBe('warning');
    expect(d.remedy).toBe(`Grant it before apply: az role assignment create --assignee ${ws.workspace.identity!.principalId} --role "Azure AI Enterprise Network Connection Approver" --scope ${storageId('stwsr')}`);
    ws.approverRoles = { [storageId('stwsr').toLowerCase()]: true };
    expect(codes(plan(aContext({ workspaces: [ws] })).workspaces[0]!)).not.toContain('approver-role-missing');
  });
});
