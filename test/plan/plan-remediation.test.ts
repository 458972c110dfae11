import { describe, expect, it } from 'vitest';
import { planRemediation } from '../../src/plan/plan-remediation.js';
import type { Plan, PlanWorkspace } from '../../src/plan/plan.js';
import { computeContentHash } from '../../src/plan/canonical-json.js';
import { workspaceId } from '../../src/model/resource-id.js';
import { aCompute, aContext, anObservedKey, anObservedVault, anObservedWorkspace, anOnlineEndpoint, aPolicy, cmkPolicy, FIXED, fixedIds, RG, SUB, vaultId, type ContextSpec } from './builders.js';
import type { Policy } from '../../src/plan/policy-schema.js';

function plan(spec: ContextSpec, policy: Policy = aPolicy()): Plan {
  return planRemediation(aContext(spec), policy, { ...FIXED, newId: fixedIds() }).plan;
}
const only = (p: Plan): PlanWorkspace => p.workspaces[0]!;
const kinds = (w: PlanWorkspace) => w.steps.map((s) => s.kind);
const codes = (w: PlanWorkspace) => w.diagnostics.map((d) => d.code);
const freeName = (name: string) => ({ [workspaceId(SUB, RG, name)]: 'free' as const });

describe('planRemediation: strategy', () => {
  it('chooses none for a compliant workspace that matches the policy', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace()] }));
    expect(w.strategy).toBe('none');
    expect(w.target).toBeUndefined();
    expect(w.steps).toEqual([]);
    expect(w.blocked).toBe(false);
  });

  it('updates in place when only public access is enabled (managed network already there)', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } })] }));
    expect(w.strategy).toBe('in-place');
    expect(w.strategyReason).toContain('publicNetworkAccess must become Disabled');
    expect(kinds(w)).toEqual(['update-workspace', 'verify-compliance']);
    const patch = w.steps[0]!;
    expect(patch.before).toMatchObject({ publicNetworkAccess: 'Enabled' });
    expect(patch.after).toMatchObject({ publicNetworkAccess: 'Disabled', tags: { 'aml-isolate': 'remediated' } });
    expect(patch.request).toMatchObject({ method: 'PATCH', path: w.sourceId, apiVersion: '2025-06-01', body: { properties: { publicNetworkAccess: 'Disabled' } } });
    expect(patch.undo.irreversible).toBe(false);
  });

  it('updates in place from isolation Disabled, disabling public access before provisioning', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace({ properties: { managedNetwork: undefined, publicNetworkAccess: 'Enabled' } })] }));
    expect(w.strategy).toBe('in-place');
    expect(kinds(w)).toEqual(['update-workspace', 'update-workspace', 'put-outbound-rule', 'put-outbound-rule', 'provision-managed-network', 'verify-compliance']);
    const idx = (pred: (s: PlanWorkspace['steps'][number]) => boolean) => w.steps.findIndex(pred);
    const publicStep = idx((s) => (s.after as Record<string, unknown> | null)?.publicNetworkAccess === 'Disabled');
    const provision = idx((s) => s.kind === 'provision-managed-network');
    expect(publicStep).toBeGreaterThanOrEqual(0);
    expect(publicStep).toBeLessThan(provision);
    // provisioning transitively depends on the public-access step
    const deps = (id: string): string[] => { const s = w.steps.find((x) => x.id === id)!; return [id, ...s.dependsOn.flatMap(deps)]; };
    expect(deps(w.steps[provision]!.id)).toContain(w.steps[publicStep]!.id);
    expect(w.steps[provision]!.request.body).toEqual({ includeSpark: false });
    const isolation = w.steps[1]!;
    expect(isolation.undo).toMatchObject({ irreversible: true });
    expect(w.steps.at(-1)!.dependsOn).toEqual([w.steps[provision]!.id]);
    expect(w.target!.managedNetwork.outboundRules).toHaveProperty('pe-stws1-blob');
  });

  it('updates in place when public access is enabled and isolation is already AllowInternetOutbound', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } })] }));
    expect(w.strategy).toBe('in-place');
    expect(kinds(w)).not.toContain('provision-managed-network');
  });

  it('re-creates an AllowOnlyApprovedOutbound workspace under a derived name and leaves the source alone', () => {
    const ws = anObservedWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } });
    const w = only(plan({ workspaces: [ws], names: freeName('ws-1-iso') }));
    expect(w.strategy).toBe('recreate');
    expect(w.strategyReason).toContain('AllowOnlyApprovedOutbound cannot be changed to AllowInternetOutbound in place');
    expect(w.target!.name).toBe('ws-1-iso');
    expect(w.target!.storageAccount).toBe(ws.workspace.properties.storageAccount);
    expect(kinds(w)).toEqual(['create-workspace', 'create-private-endpoint', 'create-private-dns-zone-group', 'provision-managed-network', 'verify-compliance']);
    expect(w.steps.every((s) => s.target !== w.sourceId)).toBe(true);
    expect(w.steps[0]!.request.body).toMatchObject({ properties: { publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound' } } });
    expect(w.diagnostics).toEqual([]);
  });

  it('re-creates when a customer-managed key is required but absent, with the key in the create body', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace()], vaults: [anObservedVault()], keys: [anObservedKey()], names: freeName('ws-1-iso') }, cmkPolicy()));
    expect(w.strategy).toBe('recreate');
    expect(w.steps[0]!.reason).toContain('forces re-creation: customer-managed key can only be set at creation');
    expect(w.target!.encryption).toEqual({ keyVaultArmId: vaultId('kv-cmk'), keyIdentifier: anObservedKey().keyUriWithVersion });
    expect(w.steps[0]!.request.body).toMatchObject({ properties: { encryption: { status: 'Enabled' } } });
    expect(w.diagnostics).toEqual([]);
  });

  it('updates in place when the customer-managed key is already on', () => {
    const enc = { status: 'Enabled', keyVaultProperties: { keyVaultArmId: vaultId('kv-cmk'), keyIdentifier: 'https://kv-cmk.vault.azure.net/keys/cmk/1' } };
    const w = only(plan({ workspaces: [anObservedWorkspace({ properties: { encryption: enc, publicNetworkAccess: 'Enabled' } })] }, cmkPolicy()));
    expect(w.strategy).toBe('in-place');
    expect(w.target!.encryption?.keyVaultArmId).toBe(vaultId('kv-cmk'));
  });

  it('re-creates when HBI is required and absent', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace()], names: freeName('ws-1-iso') }, aPolicy({ hbi: true })));
    expect(w.strategy).toBe('recreate');
    expect(w.target!.hbiWorkspace).toBe(true);
    expect(w.strategyReason).toContain('hbiWorkspace (High Business Impact) can only be set at creation');
  });

  it('blocks in-place with computes and an online endpoint unless the policy opts in', () => {
    const spec = () => ({ workspaces: [anObservedWorkspace({ properties: { managedNetwork: undefined }, computes: [aCompute('ws-1', 'ci-1'), aCompute('ws-1', 'cluster', 'AmlCompute')], onlineEndpoints: [anOnlineEndpoint('ws-1', 'ep')] })] });
    const blocked = only(plan(spec()));
    expect(blocked.strategy).toBe('in-place');
    expect(blocked.blocked).toBe(true);
    expect(codes(blocked)).toEqual(['computes-block-in-place']);
    expect(blocked.diagnostics[0]!.summary).toContain('ci-1');
    expect(kinds(blocked)).not.toContain('delete-compute');

    const allowed = only(plan(spec(), aPolicy({ allowRemovingComputes: true })));
    expect(allowed.blocked).toBe(false);
    const deletes = allowed.steps.filter((s) => s.kind === 'delete-compute' || s.kind === 'delete-online-endpoint');
    expect(deletes.map((s) => s.target.split('/').pop())).toEqual(['ep', 'ci-1', 'cluster']);
    for (const d of deletes) expect(d.undo).toEqual({ irreversible: true, reason: 'cannot be undone: re-create from your own definitions' });
    const isolation = allowed.steps.find((s) => s.kind === 'update-workspace' && JSON.stringify(s.after).includes('isolationMode'))!;
    expect(isolation.dependsOn).toEqual(expect.arrayContaining(deletes.map((s) => s.id)));
    expect(isolation.preconditions).toContainEqual({ kind: 'no-computes', id: allowed.sourceId });
    expect(allowed.notCarriedOver.join('\n')).toContain('ci-1');
    expect(deletes.find((s) => s.kind === 'delete-compute')!.request.query).toEqual({ underlyingResourceAction: 'Delete' });
  });

  it('does not block in-place on computes when the managed network already exists', () => {
    const w = only(plan({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' }, computes: [aCompute('ws-1', 'ci-1')] })] }));
    expect(w.blocked).toBe(false);
  });

  it('reuses the name only with the explicit opt-in, purging the source first (irreversible)', () => {
    const same = aPolicy({ hbi: true, recreate: { nameTemplate: '{name}', allowSameName: true } });
    const w = only(plan({ workspaces: [anObservedWorkspace()] }, same));
    expect(w.strategy).toBe('recreate-same-name');
    expect(kinds(w)).toEqual(['purge-source', 'create-workspace', 'create-private-endpoint', 'create-private-dns-zone-group', 'provision-managed-network', 'verify-compliance']);
    expect(w.steps[0]!.request).toMatchObject({ method: 'DELETE', query: { forceToPurge: 'true' } });
    expect(w.steps[0]!.undo).toMatchObject({ irreversible: true });
    expect(w.steps[1]!.dependsOn).toEqual([w.steps[0]!.id]);
    expect(w.target!.name).toBe('ws-1');
    expect(w.notCarriedOver.join('\n')).toContain('purged BEFORE');
    // Without the opt-in, the default template derives a new name instead.
    expect(only(plan({ workspaces: [anObservedWorkspace()], names: freeName('ws-1-iso') }, aPolicy({ hbi: true }))).strategy).toBe('recreate');
  });

  it('adds retiring the source as the last step only when the policy asks', () => {
    const ws = () => anObservedWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } });
    const soft = only(plan({ workspaces: [ws()], names: freeName('ws-1-iso') }, aPolicy({ recreate: { retireSource: 'soft-delete' } })));
    expect(soft.steps.at(-1)).toMatchObject({ kind: 'retire-source', target: soft.sourceId, undo: { irreversible: true } });
    expect(soft.steps.at(-1)!.request.query).toBeUndefined();
    expect(soft.steps.at(-1)!.preconditions).toContainEqual({ kind: 'step-succeeded', stepId: soft.steps.at(-2)!.id });
    const purge = only(plan({ workspaces: [ws()], names: freeName('ws-1-iso') }, aPolicy({ recreate: { retireSource: 'purge' } })));
    expect(purge.steps.at(-1)).toMatchObject({ kind: 'purge-source', request: { query: { forceToPurge: 'true' } } });
  });

  it('copies diagnostic settings to the new workspace without secrets', () => {
    const ws = anObservedWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } },
      diagnosticSettings: [{ id: 'x/diag', name: 'to-law', body: { properties: { workspaceId: '/subscriptions/x/law', logs: [{ categoryGroup: 'allLogs', enabled: true }], sasToken: 'secret!' } } }] });
    const w = only(plan({ workspaces: [ws], names: freeName('ws-1-iso') }));
    const copy = w.steps.find((s) => s.kind === 'copy-diagnostic-settings')!;
    expect(copy.target).toBe(`${workspaceId(SUB, RG, 'ws-1-iso')}/providers/Microsoft.Insights/diagnosticSettings/to-law`);
    expect(JSON.stringify(copy)).not.toContain('secret!');
    expect(w.steps.find((s) => s.kind === 'verify-compliance')!.dependsOn).toContain(copy.id);
  });

  it('lists what a re-creation does not carry over', () => {
    const ws = anObservedWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } }, computes: [aCompute('ws-1', 'ci-1')], onlineEndpoints: [anOnlineEndpoint('ws-1', 'ep')],
      models: ['m1'], environments: undefined, outboundRules: { pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org' } } });
    const w = only(plan({ workspaces: [ws], names: freeName('ws-1-iso') }));
    const text = w.notCarriedOver.join('\n');
    for (const s of ['ci-1', 'ep', 'jobs and run history', 'registered models (1: m1)', 'environments: could not be listed', 'role assignments', 'pypi (FQDN)']) expect(text).toContain(s);
    expect(codes(w)).toContain('rule-not-carried');
    expect(w.holds.environments).toBeNull();
  });

  it('is pure: same inputs give the same plan, and contentHash covers everything else', () => {
    const spec = () => ({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } })] });
    const a = plan(spec());
    const b = plan(spec());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.contentHash).toBe(computeContentHash(a as unknown as Record<string, unknown>));
    expect(a.createdAt).toBe(FIXED.now.toISOString());
    expect(a.planId).toBe('id-1');
    expect(a.basis[a.workspaces[0]!.sourceId.toLowerCase()]).toBeDefined();
  });

  it('counts errors across workspaces and marks only the affected one blocked', () => {
    const p = plan({ workspaces: [anObservedWorkspace(), anObservedWorkspace({ name: 'ws-2', properties: { managedNetwork: undefined }, computes: [aCompute('ws-2', 'c')] })] });
    expect(p.errorCount).toBe(1);
    expect(p.workspaces.map((w) => w.blocked)).toEqual([false, true]);
  });
});
