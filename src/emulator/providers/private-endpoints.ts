import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { startOperation } from '../lro.js';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { allocateIps, etag, findSubnet, invalidReference, locationMismatch, networkBadRequest, PE_TYPE, propsOf, region, WORKSPACE_GROUP_ID, workspaceFqdns } from './network-model.js';
import { zoneGroupRoutes } from './private-dns-zone-groups.js';
import { objectBody, requireResource, requireResourceGroup, requireSubscription, resourceGroupId } from './scope.js';
import { connectionState, initialStatus } from './workspace-connections.js';
import { WORKSPACE_TYPE } from './workspace-model.js';

const RG = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PE_TYPE}`;
type Connection = { name?: string; properties?: { privateLinkServiceId?: string; groupIds?: string[]; requestMessage?: string } };

/** Builds the endpoint as the Network RP returns it, refusing what it refuses. Pure apart from reads and ids. */
function buildEndpoint(ctx: EmulatorContext, id: string, name: string, body: Record<string, unknown>, existing: ArmObject | undefined): ArmObject {
  const props = (body.properties ?? {}) as Record<string, unknown>;
  const location = region(body.location ?? existing?.location);
  if (!location) throw new ArmHttpError(400, 'LocationRequired', 'The location property is required for this definition.');
  const subnetId = (props.subnet as { id?: string } | undefined)?.id;
  if (!subnetId) throw networkBadRequest('InvalidRequestFormat', `Private endpoint ${id} needs properties.subnet.id: the subnet its private IP address comes from.`);
  const found = findSubnet(ctx, subnetId);
  if (!found) throw invalidReference('subnet (and its virtual network)', subnetId, id);
  if (region(found.vnet.location) !== location) throw locationMismatch(id, location, found.vnet.id, region(found.vnet.location));
  const auto = (props.privateLinkServiceConnections ?? []) as Connection[];
  const manual = (props.manualPrivateLinkServiceConnections ?? []) as Connection[];
  if (auto.length + manual.length !== 1) {
    throw networkBadRequest('InvalidRequestFormat', `Private endpoint ${id} must have exactly one connection in privateLinkServiceConnections or manualPrivateLinkServiceConnections (the emulator models one target per endpoint).`);
  }
  const conn = (auto[0] ?? manual[0])!;
  const targetId = conn.properties?.privateLinkServiceId ?? '';
  const target = ctx.store.get(targetId);
  if (!target) throw invalidReference('private link target', targetId || '(empty privateLinkServiceId)', id);
  if (target.type !== WORKSPACE_TYPE) throw networkBadRequest('UnsupportedPrivateLinkTarget', `The emulator models private endpoints to Machine Learning workspaces only, not ${String(target.type)}.`);
  const groups = conn.properties?.groupIds ?? [];
  if (groups.length !== 1 || groups[0]!.toLowerCase() !== WORKSPACE_GROUP_ID) {
    // unverified code; the refusal itself follows the workspace's only group id (FACTS: Inbound access)
    throw networkBadRequest('PrivateEndpointInvalidGroupId', `groupIds ${JSON.stringify(groups)} is not valid for ${targetId}: a Machine Learning workspace has exactly one group id, '${WORKSPACE_GROUP_ID}'.`);
  }
  const fqdns = workspaceFqdns(target);
  const reuse = ((propsOf(existing ?? { id }).customDnsConfigs ?? []) as { ipAddresses?: string[] }[]).flatMap((c) => c.ipAddresses ?? []);
  const sameSubnet = String((propsOf(existing ?? { id }).subnet as { id?: string } | undefined)?.id ?? '').toLowerCase() === subnetId.toLowerCase();
  const ips = sameSubnet && reuse.length ? [...new Set(reuse)] : allocateIps(ctx, found.subnet.id, String(propsOf(found.subnet).addressPrefix ?? ''), 2, id);
  const state = connectionState(initialStatus(ctx, target.id, manual.length > 0));
  const connName = conn.name ?? name;
  const connection = { id: `${id}/${manual.length ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections'}/${connName}`, name: connName, type: `${PE_TYPE}/privateLinkServiceConnections`, etag: etag(ctx), properties: { provisioningState: 'Succeeded', privateLinkServiceId: target.id, groupIds: [WORKSPACE_GROUP_ID], ...(conn.properties?.requestMessage ? { requestMessage: conn.properties.requestMessage } : {}), privateLinkServiceConnectionState: state } };
  const nicName = String(props.customNetworkInterfaceName || `${name}.nic.${ctx.newId()}`);
  const rgId = id.slice(0, id.toLowerCase().indexOf('/providers/'));
  const nicId = ((propsOf(existing ?? { id }).networkInterfaces ?? []) as { id: string }[])[0]?.id ?? `${rgId}/providers/Microsoft.Network/networkInterfaces/${nicName}`;
  return {
    id,
    name,
    type: PE_TYPE,
    location,
    ...(body.tags ? { tags: body.tags } : {}),
    etag: etag(ctx),
    properties: {
      provisioningState: 'Succeeded',
      subnet: { id: found.subnet.id },
      networkInterfaces: [{ id: nicId }],
      privateLinkServiceConnections: manual.length ? [] : [connection],
      manualPrivateLinkServiceConnections: manual.length ? [connection] : [],
      customNetworkInterfaceName: String(props.customNetworkInterfaceName ?? ''),
      ipConfigurations: [],
      customDnsConfigs: fqdns.map((f) => ({ fqdn: f.fqdn, ipAddresses: [ips[f.ipIndex] ?? ips[0]!] })),
    },
  };
}

/** Private endpoints (privateEndpoint.json PrivateEndpoints_*): PUT and DELETE are long-running like the Network RP's. */
export const privateEndpointRoutes: Route[] = [
  {
    method: 'GET',
    template: `/subscriptions/{sub}/providers/${PE_TYPE}`,
    handler: (req, p, ctx) => {
      requireSubscription(ctx, p.sub!);
      return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/providers/${PE_TYPE}`) };
    },
  },
  {
    method: 'GET',
    template: RG,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${PE_TYPE}`) };
    },
  },
  {
    method: 'GET',
    template: `${RG}/{pe}`,
    handler: (_req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      return { status: 200, body: requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${PE_TYPE}/${p.pe}`, PE_TYPE, p.rg!) };
    },
  },
  {
    method: 'PUT',
    template: `${RG}/{pe}`,
    handler: (req, p, ctx) => {
      const id = `${resourceGroupId(ctx, p.sub!, p.rg!)}/providers/${PE_TYPE}/${p.pe}`;
      const existing = ctx.store.get(id);
      const resource = buildEndpoint(ctx, existing?.id ?? id, existing?.name ?? p.pe!, objectBody(req.body), existing);
      const accepted = { status: existing ? 200 : 201, body: { ...resource, properties: { ...propsOf(resource), provisioningState: 'Updating' } } };
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: String(resource.location), effect: { kind: 'put-network', id: resource.id, resource }, poll: 'network', accepted });
    },
  },
  {
    method: 'DELETE',
    template: `${RG}/{pe}`,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      const existing = ctx.store.get(`/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${PE_TYPE}/${p.pe}`);
      if (!existing) return { status: 204 };
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: String(existing.location), effect: { kind: 'delete-network', id: existing.id }, poll: 'network' });
    },
  },
  ...zoneGroupRoutes,
];
