import { apiVersions } from '../model/api-versions.js';
import { privateDnsZoneId, vnetOfSubnet, type PrivateLinkZones } from '../model/private-link-zones.js';
import { parseResourceId } from '../model/resource-id.js';
import type { ObservedDnsZone, ObservedEndpoint, ObservedInbound, ObservedSubnet, ObservedWorkspace } from '../plan/observed.js';
import type { InboundPolicy } from '../plan/policy-schema.js';
import type { ObserveClients } from './ports.js';
import { isStatus, tolerant, type ReadContext } from './read-problems.js';

type Raw = { id?: string; name?: string; location?: string; properties?: Record<string, unknown> };
type Connection = { properties?: { privateEndpoint?: { id?: string } } };

/**
 * Reads what inbound access needs (issue 10): each workspace's private endpoints (from its privateEndpointConnections)
 * with their zone groups, the subnets and zones the plan may use, and the private endpoints of default storage
 * accounts whose public access is Disabled. Reads only; a 403/404 is recorded (subject 'inbound') and the item left out,
 * so the planner sees "no such endpoint" and blocks rather than assumes.
 */
export async function observeInbound(clients: ObserveClients, workspaces: ObservedWorkspace[], policy: InboundPolicy, zoneNames: PrivateLinkZones | undefined, ctx: ReadContext): Promise<ObservedInbound> {
  const endpoints: ObservedInbound['endpoints'] = {};
  await Promise.all(workspaces.map(async (ws) => {
    const ids = peIdsOf(ws.workspace.properties.privateEndpointConnections);
    const read = await Promise.all(ids.map((id) => readEndpoint(clients, id, ctx)));
    endpoints[ws.workspace.id.toLowerCase()] = read.filter((e): e is ObservedEndpoint => e !== undefined);
  }));
  const subnetIds = [policy.subnetId, ...Object.values(endpoints).flat().map((e) => e.subnetId)].filter((x): x is string => !!x);
  const zoneIds = [...wantedZones(policy, zoneNames), ...Object.values(endpoints).flat().flatMap((e) => e.zoneIds)];
  const storage = workspaces.map((w) => w.storageAccount).filter((s) => s?.publicNetworkAccess === 'Disabled');
  const [subnets, zones, storageEndpointSubnets] = await Promise.all([
    readEach(subnetIds, (id) => readSubnet(clients, id, ctx)),
    readEach(zoneIds, (id) => readZone(clients, id, ctx)),
    Promise.all(storage.map(async (s) => {
      const pes = await Promise.all(peIdsOf(s!.properties?.privateEndpointConnections).map((id) => readEndpoint(clients, id, ctx, false)));
      return [s!.id.toLowerCase(), pes.filter((e): e is ObservedEndpoint => e !== undefined).map((e) => e.subnetId)] as const;
    })).then(Object.fromEntries),
  ]);
  return { zoneNames, endpoints, subnets, zones, storageEndpointSubnets };
}

/** Zone ids mode create asks for: the given ids, else both cloud zones in the zone resource group (default: the subnet's). */
export function wantedZones(policy: InboundPolicy, zoneNames: PrivateLinkZones | undefined): string[] {
  if (policy.mode !== 'create') return [];
  if (policy.privateDnsZoneIds?.length) return policy.privateDnsZoneIds;
  const subnet = policy.subnetId ? parseResourceId(vnetOfSubnet(policy.subnetId) ?? '') : undefined;
  if (!subnet || !zoneNames) return [];
  const rg = policy.privateDnsZoneResourceGroup ?? subnet.resourceGroup;
  return [zoneNames.api, zoneNames.notebooks].map((z) => privateDnsZoneId(subnet.subscriptionId, rg, z));
}

function peIdsOf(connections: unknown): string[] {
  const list = Array.isArray(connections) ? (connections as Connection[]) : [];
  return list.map((c) => c.properties?.privateEndpoint?.id).filter((id): id is string => typeof id === 'string' && id !== '');
}

async function readEndpoint(clients: ObserveClients, id: string, ctx: ReadContext, withZones = true): Promise<ObservedEndpoint | undefined> {
  const pe = await tolerant(ctx, 'inbound', id, () => get<Raw>(clients, id, apiVersions.network, ctx));
  if (!pe) return undefined;
  const p = pe.properties ?? {};
  const groups = withZones
    ? (await tolerant(ctx, 'inbound', `${id}/privateDnsZoneGroups`, () => ctx.limit(() => clients.arm.listAll<Raw>(`${id}/privateDnsZoneGroups`, apiVersions.network, { abortSignal: ctx.abortSignal })))) ?? []
    : [];
  const zoneIds = groups.flatMap((g) => ((g.properties?.privateDnsZoneConfigs ?? []) as { properties?: { privateDnsZoneId?: string } }[]).map((c) => c.properties?.privateDnsZoneId ?? ''));
  return {
    id: pe.id ?? id,
    location: String(pe.location ?? ''),
    subnetId: String((p.subnet as { id?: string } | undefined)?.id ?? ''),
    zoneIds: zoneIds.filter((z) => z !== ''),
    fqdns: ((p.customDnsConfigs ?? []) as { fqdn?: string; ipAddresses?: string[] }[]).map((c) => ({ fqdn: c.fqdn ?? '', ipAddresses: c.ipAddresses ?? [] })),
  };
}

/** The subnet with its virtual network's region (one GET of the vnet, which embeds its subnets). */
async function readSubnet(clients: ObserveClients, id: string, ctx: ReadContext): Promise<ObservedSubnet | 'not-found' | undefined> {
  const vnetId = vnetOfSubnet(id);
  if (!vnetId) return 'not-found';
  const vnet = await notFoundAsValue(() => get<Raw>(clients, vnetId, apiVersions.network, ctx), ctx, id);
  if (vnet === undefined || vnet === 'not-found') return vnet;
  const name = id.split('/').pop()!.toLowerCase();
  const subnet = ((vnet.properties?.subnets ?? []) as Raw[]).find((s) => s.name?.toLowerCase() === name);
  if (!subnet) return 'not-found';
  const delegations = ((subnet.properties?.delegations ?? []) as { properties?: { serviceName?: string } }[]).map((d) => d.properties?.serviceName ?? '?');
  return { id: subnet.id ?? id, vnetId: vnet.id ?? vnetId, location: String(vnet.location ?? ''), delegations };
}

async function readZone(clients: ObserveClients, id: string, ctx: ReadContext): Promise<ObservedDnsZone | 'not-found' | undefined> {
  const zone = await notFoundAsValue(() => get<Raw>(clients, id, apiVersions.privateDns, ctx), ctx, id);
  if (zone === undefined || zone === 'not-found') return zone;
  const links = (await tolerant(ctx, 'inbound', `${id}/virtualNetworkLinks`, () => ctx.limit(() => clients.arm.listAll<Raw>(`${id}/virtualNetworkLinks`, apiVersions.privateDns, { abortSignal: ctx.abortSignal })))) ?? [];
  return { id: zone.id ?? id, name: zone.name ?? id.split('/').pop()!, linkedVnetIds: links.map((l) => String((l.properties?.virtualNetwork as { id?: string } | undefined)?.id ?? '')) };
}

/** 404 is an answer ('not-found': the plan creates or refuses); 403 is recorded and left out. */
async function notFoundAsValue<T>(read: () => Promise<T>, ctx: ReadContext, id: string): Promise<T | 'not-found' | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isStatus(error, 404)) return 'not-found';
    return tolerant(ctx, 'inbound', id, () => Promise.reject(error), [403]);
  }
}

async function get<T>(clients: ObserveClients, id: string, apiVersion: string, ctx: ReadContext): Promise<T> {
  return (await ctx.limit(() => clients.arm.get<T>(id, apiVersion, { abortSignal: ctx.abortSignal }))).body;
}

async function readEach<T>(ids: string[], read: (id: string) => Promise<T | undefined>): Promise<Record<string, T>> {
  const unique = [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
  const out: Record<string, T> = {};
  await Promise.all(unique.map(async (id) => {
    const value = await read(id);
    if (value !== undefined) out[id.toLowerCase()] = value;
  }));
  return out;
}
