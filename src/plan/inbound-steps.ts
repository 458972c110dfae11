import { endpointBody, inboundApiVersion, linkBody, zoneBody, zoneGroupBody, zoneGroupId } from './inbound-target.js';
import { armRequest, reversible, type StepList } from './steps.js';
import type { TargetInbound } from './target-spec.js';

/**
 * The steps that give users a way in before public access goes (issue 10): zones the plan creates → links to the
 * endpoints' virtual networks → the private endpoints to `workspaceId` (which must exist by then: `after` holds the
 * step that creates it when re-creating) → a zone group per endpoint. Each created resource is deleted by rollback;
 * zones and links only appear here when this plan creates them. Returns the ids later steps must depend on.
 */
export function addInboundSteps(list: StepList, inbound: TargetInbound | undefined, workspaceId: string, after: string[]): string[] {
  if (!inbound || inbound.endpoints.length === 0) return [];
  const zoneSteps = new Map<string, string>();
  for (const zoneId of inbound.createZones) {
    zoneSteps.set(zoneId.toLowerCase(), list.add({ kind: 'create-private-dns-zone', action: 'create', target: zoneId, before: null, after: zoneBody(),
      reason: `private DNS zone ${zoneId.split('/').pop()} does not exist: users resolve the workspace's private IPs through it`,
      preconditions: [], dependsOn: [], undo: deleteUndo(zoneId, inboundApiVersion.zone, 'private DNS zone'),
      request: armRequest('PUT', zoneId, zoneBody(), undefined, inboundApiVersion.zone) }));
  }
  const linkSteps = inbound.links.map((l) => list.add({ kind: 'link-private-dns-zone', action: 'create', target: l.id, before: null, after: linkBody(l.vnetId),
    reason: `link zone ${l.zoneId.split('/').pop()} to virtual network ${l.vnetId.split('/').pop()} so its clients resolve the private IPs`,
    preconditions: [], dependsOn: zoneSteps.has(l.zoneId.toLowerCase()) ? [zoneSteps.get(l.zoneId.toLowerCase())!] : [],
    undo: deleteUndo(l.id, inboundApiVersion.link, 'virtual network link'),
    request: armRequest('PUT', l.id, linkBody(l.vnetId), undefined, inboundApiVersion.link) }));
  const last: string[] = [];
  for (const e of inbound.endpoints) {
    const body = endpointBody(e, workspaceId);
    const pe = list.add({ kind: 'create-private-endpoint', action: 'create', target: e.id, before: null, after: body,
      reason: `inbound private endpoint (group id amlworkspace) in subnet ${e.subnetId.split('/').slice(-3).join('/')}: users keep studio, SDK and az ml access once public access is Disabled`,
      preconditions: [{ kind: 'subnet-ready', id: e.subnetId, location: e.location }, { kind: 'resource-exists', id: workspaceId }], dependsOn: [...after],
      undo: deleteUndo(e.id, inboundApiVersion.endpoint, 'private endpoint'),
      request: armRequest('PUT', e.id, body, undefined, inboundApiVersion.endpoint) });
    if (e.zoneIds.length === 0) {
      last.push(pe);
      continue;
    }
    const groupId = zoneGroupId(e);
    const zoneDeps = e.zoneIds.map((z) => zoneSteps.get(z.toLowerCase())).filter((s): s is string => s !== undefined);
    last.push(list.add({ kind: 'create-private-dns-zone-group', action: 'create', target: groupId, before: null, after: zoneGroupBody(e),
      reason: 'register the endpoint\'s FQDNs as A records in the private DNS zones', preconditions: [],
      dependsOn: [pe, ...zoneDeps, ...linkSteps], undo: deleteUndo(groupId, inboundApiVersion.zoneGroup, 'private DNS zone group'),
      request: armRequest('PUT', groupId, zoneGroupBody(e), undefined, inboundApiVersion.zoneGroup) }));
  }
  return last;
}

function deleteUndo(id: string, apiVersion: string, what: string) {
  return reversible('delete-network-resource', `DELETE the ${what} ${id.split('/').pop()} this plan created`, armRequest('DELETE', id, undefined, undefined, apiVersion));
}
