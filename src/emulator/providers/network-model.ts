import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import type { ArmObject } from '../state.js';

export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const PE_TYPE = 'Microsoft.Network/privateEndpoints';
export const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
export const LINK_TYPE = 'Microsoft.Network/privateDnsZones/virtualNetworkLinks';
/** FACTS (Inbound access): a workspace's only private-link group id. */
export const WORKSPACE_GROUP_ID = 'amlworkspace';

/**
 * Error codes of the network refusals, in one place. Where marked unverified the code is our best reading of the
 * Network RP's answers (the status and the refusal itself follow the specs/docs); clients must branch on status only.
 */
export function invalidReference(what: string, id: string, by: string): ArmHttpError {
  return new ArmHttpError(400, 'InvalidResourceReference', `Resource ${id} referenced by resource ${by} was not found. Create the ${what} first, or correct the id.`);
}

export function locationMismatch(peId: string, peLocation: string, vnetId: string, vnetLocation: string): ArmHttpError {
  // unverified code
  return new ArmHttpError(400, 'InvalidPrivateEndpointLocation', `Private endpoint ${peId} is in '${peLocation}' but its subnet's virtual network ${vnetId} is in '${vnetLocation}': a private endpoint must be in the same region as its virtual network.`);
}

export function networkBadRequest(code: string, message: string): ArmHttpError {
  return new ArmHttpError(400, code, message);
}

export function propsOf(o: ArmObject): Record<string, unknown> {
  return (o.properties ?? {}) as Record<string, unknown>;
}

export function etag(ctx: EmulatorContext): string {
  return `W/"${ctx.newId()}"`;
}

/** Normalised region name: "East US" → "eastus". */
export function region(location: unknown): string {
  return String(location ?? '').toLowerCase().replace(/\s+/g, '');
}

/** The subnet with `subnetId`, found inside its virtual network (subnets are stored embedded in the vnet). */
export function findSubnet(ctx: EmulatorContext, subnetId: string): { vnet: ArmObject; subnet: ArmObject } | undefined {
  const m = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)\/subnets\/([^/]+)$/i.exec(subnetId);
  if (!m) return undefined;
  const vnet = ctx.store.get(m[1]!);
  const subnet = vnet && ((propsOf(vnet).subnets ?? []) as ArmObject[]).find((s) => s.name?.toLowerCase() === m[2]!.toLowerCase());
  return vnet && subnet ? { vnet, subnet } : undefined;
}

/** Every private endpoint the emulator holds (any subscription). */
export function allPrivateEndpoints(ctx: EmulatorContext): ArmObject[] {
  return Object.values(ctx.store.state.resources).filter((r) => r.type === PE_TYPE);
}

/**
 * The lowest free IPv4 addresses of a subnet, skipping Azure's five reserved ones (network, .1 gateway, .2/.3 DNS,
 * broadcast) and those other private endpoints already hold. Deterministic, so seeds and tests can name them.
 */
export function allocateIps(ctx: EmulatorContext, subnetId: string, prefix: string, count: number, skipPeId: string): string[] {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
  if (!m) throw networkBadRequest('InvalidAddressPrefix', `Subnet ${subnetId} has no IPv4 addressPrefix the emulator can allocate from ('${prefix}').`);
  const base = ((+m[1]! << 24) | (+m[2]! << 16) | (+m[3]! << 8) | +m[4]!) >>> 0;
  const size = 2 ** (32 - +m[5]!);
  const used = new Set<string>();
  for (const pe of allPrivateEndpoints(ctx)) {
    if (pe.id.toLowerCase() === skipPeId.toLowerCase()) continue;
    if (String((propsOf(pe).subnet as { id?: string } | undefined)?.id ?? '').toLowerCase() !== subnetId.toLowerCase()) continue;
    for (const c of (propsOf(pe).customDnsConfigs ?? []) as { ipAddresses?: string[] }[]) for (const ip of c.ipAddresses ?? []) used.add(ip);
  }
  const out: string[] = [];
  for (let i = 4; i < size - 1 && out.length < count; i++) {
    const n = (base + i) >>> 0;
    const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    if (!used.has(ip)) out.push(ip);
  }
  if (out.length < count) throw networkBadRequest('SubnetIsFull', `Subnet ${subnetId} (${prefix}) has no free private IP address left for another private endpoint.`);
  return out;
}

/**
 * The FQDNs a workspace private endpoint serves (how-to-configure-private-link): the workspace API and its cert
 * endpoint on the first IP, the notebooks endpoint on the second. The emulator's choice of shape; see README.
 */
export function workspaceFqdns(ws: ArmObject): { fqdn: string; ipIndex: number }[] {
  const guid = String(propsOf(ws).workspaceId ?? ws.name).toLowerCase();
  const loc = region(ws.location);
  return [
    { fqdn: `${guid}.workspace.${loc}.api.azureml.ms`, ipIndex: 0 },
    { fqdn: `${guid}.workspace.${loc}.cert.api.azureml.ms`, ipIndex: 0 },
    { fqdn: `ml-${String(ws.name).toLowerCase()}-${loc}-${guid}.${loc}.notebooks.azure.net`, ipIndex: 1 },
  ];
}
