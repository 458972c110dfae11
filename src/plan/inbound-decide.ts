import { privateDnsZoneId, vnetOfSubnet } from '../model/private-link-zones.js';
import { parseResourceId } from '../model/resource-id.js';
import type { DiagnosticCollector } from './diagnostics.js';
import type { ObservedContext, ObservedEndpoint, ObservedSubnet, ObservedWorkspace } from './observed.js';
import type { InboundPolicy } from './policy-schema.js';
import type { TargetInbound, TargetInboundEndpoint } from './target-spec.js';

/**
 * How users keep reaching a workspace once its public access is Disabled (issue 10). Pure. The invariant: a target
 * ends with public access Disabled, so unless the plan creates an endpoint, an Approved connection already exists (in
 * place), or the policy acknowledged `none`, the workspace is blocked. `auto` = `existing` in place and "mirror the
 * source's endpoints" when re-creating; both block with `would-lock-out` when there is nothing to keep or mirror.
 */
export function decideInbound(ws: ObservedWorkspace, ctx: ObservedContext, policy: InboundPolicy, target: { id: string; location: string; recreated: boolean }, d: DiagnosticCollector): TargetInbound {
  const none: TargetInbound = { mode: 'none', endpoints: [], createZones: [], links: [] };
  const approved = approvedConnections(ws);
  const subject = target.id;
  switch (policy.mode) {
    case 'none':
      d.warning('inbound-none-acknowledged', subject, `${target.id.split('/').pop()} ends with public access Disabled and no private endpoint: studio, the SDK, az ml and every data-plane call from outside stop working for all its users${approved.length && !target.recreated ? ' except through its existing endpoints' : ''} (inbound none, acknowledged).`,
        'Only ARM (the portal\'s resource blade, az ml workspace show) keeps working. Re-plan with --inbound-subnet to give users a private endpoint.');
      return none;
    case 'existing':
      if (target.recreated) {
        d.error('would-lock-out', subject, 'inbound existing cannot keep access to a re-created workspace: the new workspace has no private endpoint.', 'Use --inbound auto (mirror the source\'s endpoints) or --inbound-subnet SUBNET_ID, or acknowledge --allow-no-inbound.');
      } else if (approved.length === 0) {
        d.error('would-lock-out', subject, `${ws.workspace.name} has no Approved private endpoint connection: disabling public access would lock its users out of studio, the SDK and az ml.`, 'Create a private endpoint (group id amlworkspace) to it first, or plan with --inbound-subnet SUBNET_ID, or acknowledge --allow-no-inbound.');
      }
      return { ...none, mode: 'existing' };
    case 'create':
      return createInbound(ctx, policy, target, d);
    case 'auto':
      if (!target.recreated) return decideInbound(ws, ctx, { ...policy, mode: 'existing' }, target, d);
      return mirrorInbound(ws, ctx, target, d);
  }
}

/** Connections of the workspace (as read) whose state is Approved. */
export function approvedConnections(ws: ObservedWorkspace): { id: string; privateEndpointId: string }[] {
  const list = (ws.workspace.properties.privateEndpointConnections ?? []) as { id?: string; properties?: { privateEndpoint?: { id?: string }; privateLinkServiceConnectionState?: { status?: string } } }[];
  return (Array.isArray(list) ? list : [])
    .filter((c) => c.properties?.privateLinkServiceConnectionState?.status === 'Approved')
    .map((c) => ({ id: c.id ?? '', privateEndpointId: c.properties?.privateEndpoint?.id ?? '' }));
}

function createInbound(ctx: ObservedContext, policy: InboundPolicy, target: { id: string; location: string }, d: DiagnosticCollector): TargetInbound {
  const out: TargetInbound = { mode: 'create', endpoints: [], createZones: [], links: [] };
  const subnetId = policy.subnetId!;
  const subnet = ctx.inbound?.subnets[subnetId.toLowerCase()];
  if (!checkSubnet(subnetId, subnet, target, d)) return out;
  const zones = ctx.inbound?.zoneNames;
  if (!zones) {
    d.error('inbound-zones-unknown', target.id, 'The private DNS zone names of this cloud are not known to this tool.', 'Name the zones with --private-dns-zone-id (twice: the api and the notebooks zone).');
    return out;
  }
  if (!zones.verified) d.warning('inbound-zones-unverified', target.id, `The zone names ${zones.api} and ${zones.notebooks} for this cloud are not verified.`, 'Check them against "Azure Private Endpoint private DNS zone values"; apply fails at verify if a zone gets no records.');
  const vnetId = subnet.vnetId;
  const rid = parseResourceId(vnetOfSubnet(subnetId)!)!;
  const zoneIds = policy.privateDnsZoneIds ?? [zones.api, zones.notebooks].map((z) => privateDnsZoneId(rid.subscriptionId, policy.privateDnsZoneResourceGroup ?? rid.resourceGroup, z));
  for (const zoneId of zoneIds) {
    const zone = ctx.inbound?.zones[zoneId.toLowerCase()];
    if (zone === undefined) d.error('inbound-zone-unreadable', zoneId, 'The private DNS zone could not be read.', 'Grant read on it (Private DNS Zone Contributor), or name another with --private-dns-zone-id.');
    else if (zone === 'not-found' && policy.privateDnsZoneIds) d.error('inbound-zone-not-found', zoneId, 'The private DNS zone named by --private-dns-zone-id does not exist.', 'Create it, or leave out --private-dns-zone-id to let the plan create both zones.');
    else if (zone === 'not-found') out.createZones.push(zoneId);
    if (zone === 'not-found' || (zone !== undefined && !zone.linkedVnetIds.some((v) => same(v, vnetId)))) {
      out.links.push({ id: `${zoneId}/virtualNetworkLinks/link-${vnetId.split('/').pop()}`, zoneId, vnetId });
    }
  }
  out.endpoints.push(newEndpoint(target, rid.subscriptionId, rid.resourceGroup, subnetId, zoneIds, 0));
  return out;
}

/** Re-creation: one endpoint per Approved endpoint of the source, in the same subnet with the same zones. */
function mirrorInbound(ws: ObservedWorkspace, ctx: ObservedContext, target: { id: string; location: string }, d: DiagnosticCollector): TargetInbound {
  const out: TargetInbound = { mode: 'create', endpoints: [], createZones: [], links: [] };
  const approved = new Set(approvedConnections(ws).map((c) => c.privateEndpointId.toLowerCase()));
  const sources = (ctx.inbound?.endpoints[ws.workspace.id.toLowerCase()] ?? []).filter((e) => approved.has(e.id.toLowerCase()));
  if (sources.length === 0) {
    d.error('would-lock-out', target.id, `The source ${ws.workspace.name} has no Approved private endpoint to mirror: the re-created workspace (public access Disabled) would be unreachable for its users.`,
      'Plan with --inbound-subnet SUBNET_ID (a private endpoint and DNS zones for the new workspace), or acknowledge --allow-no-inbound.');
    return out;
  }
  sources.forEach((source: ObservedEndpoint, i) => {
    const subnet = ctx.inbound?.subnets[source.subnetId.toLowerCase()];
    if (!checkSubnet(source.subnetId, subnet, target, d)) return;
    if (source.zoneIds.length === 0) d.warning('inbound-mirror-no-zones', source.id, 'The source\'s endpoint has no private DNS zone group: the new endpoint gets none either.', 'Users need DNS records for the new workspace; plan with --inbound-subnet to have zones managed.');
    for (const zoneId of source.zoneIds) {
      const zone = ctx.inbound?.zones[zoneId.toLowerCase()];
      if (zone !== undefined && zone !== 'not-found' && !zone.linkedVnetIds.some((v) => same(v, subnet.vnetId)) && !out.links.some((l) => same(l.id, `${zoneId}/virtualNetworkLinks/link-${subnet.vnetId.split('/').pop()}`))) {
        out.links.push({ id: `${zoneId}/virtualNetworkLinks/link-${subnet.vnetId.split('/').pop()}`, zoneId, vnetId: subnet.vnetId });
      }
    }
    const rid = parseResourceId(source.id)!;
    out.endpoints.push(newEndpoint(target, rid.subscriptionId, rid.resourceGroup, source.subnetId, source.zoneIds, i));
  });
  return out;
}

function checkSubnet(subnetId: string, subnet: ObservedSubnet | 'not-found' | undefined, target: { id: string; location: string }, d: DiagnosticCollector): subnet is ObservedSubnet {
  if (subnet === undefined) {
    d.error('inbound-subnet-unreadable', subnetId, 'The subnet could not be read.', 'Grant read on its virtual network (Network Contributor on the subnet is needed to create the endpoint anyway).');
    return false;
  }
  if (subnet === 'not-found') {
    d.error('inbound-subnet-not-found', subnetId, 'The subnet does not exist.', 'Give an existing subnet id (--inbound-subnet), e.g. from az network vnet subnet list.');
    return false;
  }
  let ok = true;
  if (region(subnet.location) !== region(target.location)) {
    d.error('inbound-subnet-region', subnetId, `The subnet's virtual network is in ${subnet.location}, the workspace in ${target.location}: a private endpoint must be in its virtual network's region.`, `Choose a subnet of a virtual network in ${target.location}.`);
    ok = false;
  }
  if (subnet.delegations.length) {
    d.error('inbound-subnet-delegated', subnetId, `The subnet is delegated to ${subnet.delegations.join(', ')} and takes no private endpoint.`, 'Choose a subnet without delegations.');
    ok = false;
  }
  return ok;
}

/** pe-{workspace name}[-n] in the subnet's subscription and resource group. */
function newEndpoint(target: { id: string; location: string }, sub: string, rg: string, subnetId: string, zoneIds: string[], n: number): TargetInboundEndpoint {
  const name = `pe-${target.id.split('/').pop()}${n ? `-${n + 1}` : ''}`.slice(0, 80);
  return { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${name}`, location: target.location, subnetId, zoneIds: [...zoneIds] };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const region = (l: string) => l.toLowerCase().replace(/\s+/g, '');
