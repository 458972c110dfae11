import { describe, expect, it } from 'vitest';
import { planRemediation } from '../../src/plan/plan-remediation.js';
import type { PlanWorkspace } from '../../src/plan/plan.js';
import type { PolicyInput } from '../../src/plan/policy-schema.js';
import { aContext, anInboundContext, anObservedWorkspace, approvedConnection, aPolicy, FIXED, fixedIds, peId, SUB, SUBNET_ID, VNET_ID, ZONE_IDS, type ContextSpec } from './builders.js';

const open = (extra: Record<string, unknown> = {}) => anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled', privateEndpointConnections: [], ...extra } });
const approvedOnly = (extra: Record<string, unknown> = {}) => anObservedWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' }, ...extra } });
function planOne(spec: ContextSpec, policy: PolicyInput = {}): PlanWorkspace {
  return planRemediation(aContext(spec), aPolicy(policy), { ...FIXED, newId: fixedIds() }).plan.workspaces[0]!;
}
const codes = (w: PlanWorkspace, severity: 'error' | 'warning') => w.diagnostics.filter((d) => d.severity === severity).map((d) => d.code);
const kinds = (w: PlanWorkspace) => w.steps.map((s) => s.kind);

describe('inbound access (issue 10)', () => {
  it('in place without an Approved endpoint: blocked with would-lock-out, by default and with inbound existing', () => {
    for (const policy of [{}, { inbound: { mode: 'existing' as const } }]) {
      const w = planOne({ workspaces: [open()] }, policy);
      expect(w.blocked).toBe(true);
      expect(codes(w, 'error')).toEqual(['would-lock-out']);
    }
    // A Pending connection is no way in either.
    const pending = open({ privateEndpointConnections: [approvedConnection('x', peId('ws-1'), 'Pending')] });
    expect(codes(planOne({ workspaces: [pending] }), 'error')).toEqual(['would-lock-out']);
  });

  it('existing: an Approved connection lets public access go, and the disabling step re-checks it live', () => {
    const w = planOne({ workspaces: [open({ privateEndpointConnections: [approvedConnection('x', peId('ws-1'))] })] });
    expect(w.blocked).toBe(false);
    const disable = w.steps.find((s) => (s.request.body?.properties as { publicNetworkAccess?: string } | undefined)?.publicNetworkAccess === 'Disabled')!;
    expect(disable.preconditions).toContainEqual({ kind: 'inbound-access', id: w.sourceId });
    expect(w.target?.inbound).toEqual({ mode: 'existing', endpoints: [], createZones: [], links: [] });
  });

  it('create in place: zones, links, endpoint and zone group come before the step that disables public access', () => {
    const ws = open();
    const inbound = anInboundContext([ws], { zones: Object.fromEntries(ZONE_IDS.map((z) => [z.toLowerCase(), 'not-found' as const])) });
    const w = planOne({ workspaces: [ws], inbound }, { inbound: { mode: 'create', subnetId: SUBNET_ID } });
    expect(w.blocked).toBe(false);
    expect(kinds(w).slice(0, 7)).toEqual(['create-private-dns-zone', 'create-private-dns-zone', 'link-private-dns-zone', 'link-private-dns-zone', 'create-private-endpoint', 'create-private-dns-zone-group', 'update-workspace']);
    const update = w.steps[6]!;
    expect(update.dependsOn).toEqual([w.steps[5]!.id]);
    expect(w.steps[4]!.request.body).toMatchObject({ location: 'westeurope', properties: { subnet: { id: SUBNET_ID }, privateLinkServiceConnections: [{ properties: { privateLinkServiceId: w.sourceId, groupIds: ['amlworkspace'] } }] } });
    expect(w.steps[4]!.preconditions).toContainEqual({ kind: 'subnet-ready', id: SUBNET_ID, location: 'westeurope' });
    for (const s of w.steps.slice(0, 6)) expect(s.undo).toMatchObject({ irreversible: false, kind: 'delete-network-resource', request: { method: 'DELETE', path: s.target } });
  });

  it('create: existing zones already linked are neither created nor linked (so rollback never deletes them)', () => {
    const w = planOne({ workspaces: [open()] }, { inbound: { mode: 'create', subnetId: SUBNET_ID } });
    expect(kinds(w).slice(0, 3)).toEqual(['create-private-endpoint', 'create-private-dns-zone-group', 'update-workspace']);
    expect(w.target?.inbound?.createZones).toEqual([]);
    expect(w.target?.inbound?.links).toEqual([]);
  });

  it('create: a missing subnet, a subnet in another region or a delegated one blocks', () => {
    const ws = open();
    const gone = anInboundContext([ws], { subnets: { [SUBNET_ID.toLowerCase()]: 'not-found' } });
    expect(codes(planOne({ workspaces: [ws], inbound: gone }, { inbound: { mode: 'create', subnetId: SUBNET_ID } }), 'error')).toEqual(['inbound-subnet-not-found']);
    const far = anInboundContext([ws], { subnets: { [SUBNET_ID.toLowerCase()]: { id: SUBNET_ID, vnetId: VNET_ID, location: 'eastus', delegations: ['Microsoft.Web/serverFarms'] } } });
    expect(codes(planOne({ workspaces: [ws], inbound: far }, { inbound: { mode: 'create', subnetId: SUBNET_ID } }), 'error')).toEqual(['inbound-subnet-region', 'inbound-subnet-delegated']);
  });

  it('none needs the acknowledgement and warns who loses access', () => {
    const w = planOne({ workspaces: [open()] }, { inbound: { mode: 'none', allowNoInbound: true } });
    expect(w.blocked).toBe(false);
    expect(codes(w, 'warning')).toContain('inbound-none-acknowledged');
    expect(w.diagnostics.find((d) => d.code === 'inbound-none-acknowledged')!.summary).toMatch(/studio, the SDK, az ml/);
    expect(() => aPolicy({ inbound: { mode: 'none' } })).toThrow();
  });

  it('re-creation mirrors the source\'s Approved endpoints after the creation; without any it is blocked', () => {
    const w = planOne({ workspaces: [approvedOnly()] });
    expect(kinds(w)).toEqual(['create-workspace', 'create-private-endpoint', 'create-private-dns-zone-group', 'provision-managed-network', 'verify-compliance']);
    const pe = w.steps[1]!;
    expect(pe.dependsOn).toEqual([w.steps[0]!.id]);
    expect(pe.request.body).toMatchObject({ properties: { subnet: { id: SUBNET_ID }, privateLinkServiceConnections: [{ properties: { privateLinkServiceId: w.steps[0]!.target } }] } });
    expect(w.target?.inbound?.endpoints[0]!.zoneIds).toEqual(ZONE_IDS);
    expect(w.steps[3]!.dependsOn).toContain(w.steps[2]!.id);

    const none = planOne({ workspaces: [approvedOnly({ privateEndpointConnections: [] })] });
    expect(codes(none, 'error')).toEqual(['would-lock-out']);
    expect(codes(planOne({ workspaces: [approvedOnly()] }, { inbound: { mode: 'existing' } }), 'error')).toEqual(['would-lock-out']);
  });

  it('warns when the default storage has public access Disabled and no endpoint in the clients\' network', () => {
    const ws = open({ privateEndpointConnections: [approvedConnection('x', peId('ws-1'))] });
    ws.storageAccount = { id: ws.workspace.properties.storageAccount!, name: 'stws1', type: 'Microsoft.Storage/storageAccounts', publicNetworkAccess: 'Disabled' };
    const inbound = anInboundContext([ws], { storageEndpointSubnets: { [ws.storageAccount.id.toLowerCase()]: [] } });
    expect(codes(planOne({ workspaces: [ws], inbound }), 'warning')).toContain('storage-unreachable');
    const covered = anInboundContext([ws], { storageEndpointSubnets: { [ws.storageAccount.id.toLowerCase()]: [SUBNET_ID] } });
    expect(codes(planOne({ workspaces: [ws], inbound: covered }), 'warning')).not.toContain('storage-unreachable');
  });

  it('no plan disables public access on a workspace without an Approved endpoint unless none was acknowledged', () => {
    const statuses = [[], ['Pending'], ['Rejected'], ['Approved'], ['Rejected', 'Approved']];
    const policies: PolicyInput[] = [{}, { inbound: { mode: 'existing' } }, { inbound: { mode: 'none', allowNoInbound: true } }, { inbound: { mode: 'create', subnetId: SUBNET_ID } }];
    const shapes = [
      (c: unknown[]) => open({ privateEndpointConnections: c }),
      (c: unknown[]) => anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined, privateEndpointConnections: c } }),
      (c: unknown[]) => approvedOnly({ privateEndpointConnections: c }),
    ];
    let checked = 0;
    for (const st of statuses) for (const policy of policies) for (const shape of shapes) {
      const ws = shape(st.map((s, i) => approvedConnection(`/subscriptions/${SUB}/x`, peId(`ws-${i}`), s)));
      const w = planOne({ workspaces: [ws] }, policy);
      if (w.blocked || w.strategy === 'none') continue;
      const acknowledged = w.target?.inbound?.mode === 'none';
      const creates = w.steps.some((s) => s.kind === 'create-private-endpoint');
      const approved = st.includes('Approved') && w.strategy === 'in-place';
      expect(acknowledged || creates || approved, `${JSON.stringify(st)} ${JSON.stringify(policy)} ${w.strategy}`).toBe(true);
      if (creates) {
        const disable = w.steps.findIndex((s) => s.kind === 'update-workspace' && JSON.stringify(s.request.body).includes('"publicNetworkAccess":"Disabled"'));
        if (disable >= 0) expect(w.steps.findIndex((s) => s.kind === 'create-private-endpoint')).toBeLessThan(disable);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
