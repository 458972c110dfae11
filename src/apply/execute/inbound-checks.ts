import { apiVersions } from '../../model/api-versions.js';
import { vnetOfSubnet } from '../../model/private-link-zones.js';
import type { Workspace } from '../../model/workspace.js';
import type { PlanStep, PlanWorkspace } from '../../plan/index.js';
import { zoneGroupId } from '../../plan/index.js';
import type { RecordingRequester } from './recording-requester.js';
import { getOrNull, readWorkspace } from './arm-state.js';

/**
 * Live checks of inbound access (issue 10), made at the moment of acting, from real state. The only plan data they use
 * is the workspace entry's target (never the step): `none` counts only when the target says it was acknowledged.
 */
export function acknowledgedNoInbound(ws: PlanWorkspace): boolean {
  return ws.target?.inbound?.mode === 'none';
}

/** Names of the workspace's Approved private endpoint connections. */
export function approvedConnectionNames(ws: Workspace): string[] {
  const list = ws.properties.privateEndpointConnections;
  return (Array.isArray(list) ? (list as { name?: string; properties?: { privateLinkServiceConnectionState?: { status?: string } } }[]) : [])
    .filter((c) => c.properties?.privateLinkServiceConnectionState?.status === 'Approved')
    .map((c) => c.name ?? '?');
}

/** undefined: users keep a way in (or none was acknowledged); else why disabling public access would lock them out. */
export async function inboundAccessProblem(arm: RecordingRequester, ws: PlanWorkspace, id: string): Promise<string | undefined> {
  if (acknowledgedNoInbound(ws)) return undefined;
  const found = await readWorkspace(arm, id);
  if (found === null) return `${id} does not exist`;
  if (approvedConnectionNames(found).length > 0) return undefined;
  const pending = ((found.properties.privateEndpointConnections ?? []) as { name?: string; properties?: { privateLinkServiceConnectionState?: { status?: string } } }[])
    .filter((c) => c.properties?.privateLinkServiceConnectionState?.status === 'Pending').map((c) => c.name);
  return pending.length
    ? `the workspace's private endpoint connection ${pending.join(', ')} is Pending: approve it (az network private-endpoint-connection approve --id ${id}/privateEndpointConnections/${pending[0]}) and run apply again`
    : 'the workspace has no Approved private endpoint connection: disabling public access would lock its users out (would-lock-out); re-plan with --inbound-subnet or --allow-no-inbound';
}

/** A PATCH that sets publicNetworkAccess Disabled: it needs inbound-access whatever the step lists. */
export function disablesPublicAccess(step: PlanStep): boolean {
  const props = (step.request.body?.properties ?? {}) as { publicNetworkAccess?: unknown };
  return step.request.method === 'PATCH' && props.publicNetworkAccess === 'Disabled';
}

export async function subnetProblem(arm: RecordingRequester, subnetId: string, location: string): Promise<string | undefined> {
  const vnetId = vnetOfSubnet(subnetId);
  const vnet = vnetId ? await getOrNull<{ location?: string; properties?: { subnets?: { name?: string; properties?: { delegations?: unknown[] } }[] } }>(arm, vnetId, apiVersions.network) : null;
  const name = subnetId.split('/').pop()!.toLowerCase();
  const subnet = vnet?.properties?.subnets?.find((s) => s.name?.toLowerCase() === name);
  if (!vnet || !subnet) return `subnet ${subnetId} does not exist`;
  const norm = (l: string) => l.toLowerCase().replace(/\s+/g, '');
  if (norm(vnet.location ?? '') !== norm(location)) return `the subnet's virtual network is in ${vnet.location}, the endpoint must be in ${location}`;
  if ((subnet.properties?.delegations ?? []).length > 0) return 'the subnet is delegated and takes no private endpoint';
  return undefined;
}

/**
 * After apply: each planned endpoint's zone group holds A records in every zone. A zone with none means its name does
 * not match the endpoint's FQDNs (e.g. a wrong zone name for a sovereign cloud): users would not resolve the workspace.
 */
export async function zoneRecordProblems(arm: RecordingRequester, ws: PlanWorkspace): Promise<string[]> {
  const problems: string[] = [];
  for (const e of ws.target?.inbound?.endpoints ?? []) {
    if (e.zoneIds.length === 0) continue;
    const group = await getOrNull<{ properties?: { privateDnsZoneConfigs?: { properties?: { privateDnsZoneId?: string; recordSets?: unknown[] } }[] } }>(arm, zoneGroupId(e), apiVersions.network);
    if (!group) {
      problems.push(`zone group ${zoneGroupId(e)} does not exist`);
      continue;
    }
    for (const c of group.properties?.privateDnsZoneConfigs ?? []) {
      if (!(c.properties?.recordSets ?? []).length) problems.push(`zone ${c.properties?.privateDnsZoneId?.split('/').pop()} holds no record for ${e.id.split('/').pop()}: its name does not match the endpoint's FQDNs (a wrong zone name for this cloud?)`);
    }
  }
  return problems;
}
