import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { startOperation } from '../lro.js';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { etag, invalidReference, LINK_TYPE, networkBadRequest, propsOf, VNET_TYPE, ZONE_TYPE } from './network-model.js';
import { objectBody, requireResource, requireResourceGroup, requireSubscription, resourceGroupId } from './scope.js';

const RG = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${ZONE_TYPE}`;

function linksOf(ctx: EmulatorContext, zoneId: string): ArmObject[] {
  return ctx.store.all(`${zoneId}/virtualNetworkLinks`);
}

/** Counts are derived on read, so they never drift from the links actually stored. */
function withCounts(ctx: EmulatorContext, zone: ArmObject): ArmObject {
  const links = linksOf(ctx, zone.id);
  const registering = links.filter((l) => propsOf(l).registrationEnabled === true).length;
  return { ...zone, properties: { ...propsOf(zone), numberOfVirtualNetworkLinks: links.length, numberOfVirtualNetworkLinksWithRegistration: registering } };
}

function requireGlobal(location: unknown, what: string): void {
  if (location !== undefined && String(location).toLowerCase() !== 'global') {
    throw networkBadRequest('InvalidLocation', `${what} must have location 'global', not '${String(location)}': private DNS resources are global.`);
  }
}

function zoneOf(ctx: EmulatorContext, p: Record<string, string>): ArmObject {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${ZONE_TYPE}/${p.zone}`, ZONE_TYPE, p.rg!);
}

const dns = (p: Record<string, string>) => ({ subscriptionId: p.sub!, location: 'global', poll: 'privateDns' as const, resourceGroup: p.rg! });

/** Private DNS zones and their virtual network links (privatedns.json 2024-06-01): every write is long-running (202). */
export const privateDnsZoneRoutes: Route[] = [
  { method: 'GET', template: `/subscriptions/{sub}/providers/${ZONE_TYPE}`, handler: (req, p, ctx) => (requireSubscription(ctx, p.sub!), { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/providers/${ZONE_TYPE}`, (z) => withCounts(ctx, z)) }) },
  { method: 'GET', template: RG, handler: (req, p, ctx) => (requireResourceGroup(ctx, p.sub!, p.rg!), { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${ZONE_TYPE}`, (z) => withCounts(ctx, z)) }) },
  { method: 'GET', template: `${RG}/{zone}`, handler: (_req, p, ctx) => ({ status: 200, body: withCounts(ctx, zoneOf(ctx, p)) }) },
  {
    method: 'PUT',
    template: `${RG}/{zone}`,
    handler: (req, p, ctx) => {
      const body = objectBody(req.body);
      requireGlobal(body.location, `Private DNS zone '${p.zone}'`);
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(p.zone!)) throw networkBadRequest('InvalidZoneName', `'${p.zone}' is not a valid DNS zone name: use at least two dot-separated labels, without a trailing dot.`);
      const id = `${resourceGroupId(ctx, p.sub!, p.rg!)}/providers/${ZONE_TYPE}/${p.zone}`;
      const existing = ctx.store.get(id);
      const resource: ArmObject = {
        id: existing?.id ?? id,
        name: existing?.name ?? p.zone!,
        type: ZONE_TYPE,
        location: 'global',
        ...(body.tags ? { tags: body.tags } : existing?.tags ? { tags: existing.tags } : {}),
        etag: ctx.newId(),
        properties: { maxNumberOfRecordSets: 25000, maxNumberOfVirtualNetworkLinks: 1000, maxNumberOfVirtualNetworkLinksWithRegistration: 100, numberOfRecordSets: 1, provisioningState: 'Succeeded', internalId: String(propsOf(existing ?? { id }).internalId ?? ctx.newId()) },
      };
      return startOperation(req, ctx, { ...dns(p), effect: { kind: 'put-network', id: resource.id, resource } });
    },
  },
  {
    method: 'DELETE',
    template: `${RG}/{zone}`,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      const zone = ctx.store.get(`/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${ZONE_TYPE}/${p.zone}`);
      if (!zone) return { status: 204 };
      const links = linksOf(ctx, zone.id);
      // privatedns.json PrivateZones_Delete: "Private DNS zone cannot be deleted unless all virtual network links to it are removed."
      if (links.length) throw new ArmHttpError(409, 'Conflict', `Private DNS zone '${zone.name}' still has ${links.length} virtual network link(s) (${links.map((l) => l.name).join(', ')}): delete them before deleting the zone.`);
      return startOperation(req, ctx, { ...dns(p), effect: { kind: 'delete-network', id: zone.id } });
    },
  },
  { method: 'GET', template: `${RG}/{zone}/virtualNetworkLinks`, handler: (req, p, ctx) => ({ status: 200, body: listPage(req, ctx, `${zoneOf(ctx, p).id}/virtualNetworkLinks`) }) },
  {
    method: 'GET',
    template: `${RG}/{zone}/virtualNetworkLinks/{link}`,
    handler: (_req, p, ctx) => {
      const zone = zoneOf(ctx, p);
      const link = ctx.store.get(`${zone.id}/virtualNetworkLinks/${p.link}`);
      if (!link) throw new ArmHttpError(404, 'ResourceNotFound', `The Resource '${LINK_TYPE}/${p.zone}/${p.link}' under resource group '${p.rg}' was not found.`);
      return { status: 200, body: link };
    },
  },
  {
    method: 'PUT',
    template: `${RG}/{zone}/virtualNetworkLinks/{link}`,
    handler: (req, p, ctx) => {
      const zone = zoneOf(ctx, p);
      const body = objectBody(req.body);
      requireGlobal(body.location, `Virtual network link '${p.link}'`);
      const props = (body.properties ?? {}) as { virtualNetwork?: { id?: string }; registrationEnabled?: boolean };
      const id = `${zone.id}/virtualNetworkLinks/${p.link}`;
      const vnetId = props.virtualNetwork?.id ?? '';
      const vnet = ctx.store.get(vnetId);
      if (!vnet || vnet.type !== VNET_TYPE) throw invalidReference('virtual network', vnetId || '(empty virtualNetwork.id)', id);
      const existing = ctx.store.get(id);
      const twin = linksOf(ctx, zone.id).find((l) => l.id.toLowerCase() !== id.toLowerCase() && String((propsOf(l).virtualNetwork as { id?: string }).id).toLowerCase() === vnet.id.toLowerCase());
      if (twin) throw new ArmHttpError(409, 'Conflict', `Virtual network ${vnet.id} is already linked to private DNS zone '${zone.name}' by link '${twin.name}': a virtual network can be linked to a zone only once.`);
      const resource: ArmObject = { id: existing?.id ?? id, name: existing?.name ?? p.link!, type: LINK_TYPE, location: 'global', ...(body.tags ? { tags: body.tags } : {}), etag: etag(ctx), properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: props.registrationEnabled === true, virtualNetworkLinkState: 'Completed', provisioningState: 'Succeeded' } };
      return startOperation(req, ctx, { ...dns(p), effect: { kind: 'put-network', id: resource.id, resource } });
    },
  },
  {
    method: 'DELETE',
    template: `${RG}/{zone}/virtualNetworkLinks/{link}`,
    handler: (req, p, ctx) => {
      const zone = zoneOf(ctx, p);
      const link = ctx.store.get(`${zone.id}/virtualNetworkLinks/${p.link}`);
      if (!link) return { status: 204 };
      return startOperation(req, ctx, { ...dns(p), effect: { kind: 'delete-network', id: link.id } });
    },
  },
];
