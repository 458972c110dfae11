import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { startOperation } from '../lro.js';
import { pageArray } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { etag, invalidReference, networkBadRequest, PE_TYPE, propsOf, ZONE_TYPE } from './network-model.js';
import { objectBody, requireResource, requireResourceGroup } from './scope.js';

const PE = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PE_TYPE}/{pe}`;
type ZoneConfig = { name?: string; properties?: { privateDnsZoneId?: string } };

function endpoint(ctx: EmulatorContext, p: Record<string, string>): ArmObject {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${PE_TYPE}/${p.pe}`, PE_TYPE, p.rg!);
}

/**
 * The A records a zone group writes: every FQDN of the endpoint under the zone's public suffix
 * ("privatelink.api.azureml.ms" serves "*.api.azureml.ms"), named relative to the zone, pointing at the endpoint's IPs.
 */
export function recordSetsFor(pe: ArmObject, zoneName: string): Record<string, unknown>[] {
  const suffix = zoneName.toLowerCase().replace(/^privatelink\./, '');
  return ((propsOf(pe).customDnsConfigs ?? []) as { fqdn: string; ipAddresses: string[] }[])
    .filter((c) => c.fqdn.toLowerCase().endsWith(`.${suffix}`))
    .map((c) => {
      const recordSetName = c.fqdn.slice(0, c.fqdn.length - suffix.length - 1);
      return { recordType: 'A', recordSetName, fqdn: `${recordSetName}.${zoneName}`, provisioningState: 'Succeeded', ttl: 10, ipAddresses: c.ipAddresses };
    });
}

function buildZoneGroup(ctx: EmulatorContext, pe: ArmObject, name: string, body: Record<string, unknown>): ArmObject {
  const id = `${pe.id}/privateDnsZoneGroups/${name}`;
  const configs = (((body.properties ?? {}) as { privateDnsZoneConfigs?: ZoneConfig[] }).privateDnsZoneConfigs ?? []);
  if (!configs.length) throw networkBadRequest('InvalidRequestFormat', `Private DNS zone group ${id} needs at least one entry in properties.privateDnsZoneConfigs.`);
  const built = configs.map((c, i) => {
    const zoneId = c.properties?.privateDnsZoneId ?? '';
    const zone = ctx.store.get(zoneId);
    if (!zone || zone.type !== ZONE_TYPE) throw invalidReference('private DNS zone', zoneId || '(empty privateDnsZoneId)', id);
    return { name: c.name ?? `config${i + 1}`, properties: { privateDnsZoneId: zone.id, recordSets: recordSetsFor(pe, String(zone.name)) } };
  });
  return { id, name, etag: etag(ctx), properties: { provisioningState: 'Succeeded', privateDnsZoneConfigs: built } };
}

/** privateEndpoints/{pe}/privateDnsZoneGroups (privateEndpoint.json PrivateDnsZoneGroups_*): PUT/DELETE long-running. */
export const zoneGroupRoutes: Route[] = [
  {
    method: 'GET',
    template: `${PE}/privateDnsZoneGroups`,
    handler: (req, p, ctx) => ({ status: 200, body: pageArray(req, ctx, ctx.store.all(`${endpoint(ctx, p).id}/privateDnsZoneGroups`)) }),
  },
  {
    method: 'GET',
    template: `${PE}/privateDnsZoneGroups/{group}`,
    handler: (_req, p, ctx) => {
      const pe = endpoint(ctx, p);
      const group = ctx.store.get(`${pe.id}/privateDnsZoneGroups/${p.group}`);
      if (!group) throw new ArmHttpError(404, 'NotFound', `Resource ${pe.id}/privateDnsZoneGroups/${p.group} not found.`);
      return { status: 200, body: group };
    },
  },
  {
    method: 'PUT',
    template: `${PE}/privateDnsZoneGroups/{group}`,
    handler: (req, p, ctx) => {
      const pe = endpoint(ctx, p);
      const existing = ctx.store.get(`${pe.id}/privateDnsZoneGroups/${p.group}`);
      const resource = buildZoneGroup(ctx, pe, existing?.name ?? p.group!, objectBody(req.body));
      const accepted = { status: existing ? 200 : 201, body: { ...resource, properties: { ...propsOf(resource), provisioningState: 'Updating' } } };
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: String(pe.location), effect: { kind: 'put-network', id: resource.id, resource }, poll: 'network', accepted });
    },
  },
  {
    method: 'DELETE',
    template: `${PE}/privateDnsZoneGroups/{group}`,
    handler: (req, p, ctx) => {
      const pe = endpoint(ctx, p);
      const existing = ctx.store.get(`${pe.id}/privateDnsZoneGroups/${p.group}`);
      if (!existing) return { status: 204 };
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: String(pe.location), effect: { kind: 'delete-network', id: existing.id }, poll: 'network' });
    },
  },
];
