import { guid, rgId } from './fleet-builders.js';
import { LINK_TYPE, PE_TYPE, VNET_TYPE, WORKSPACE_GROUP_ID, ZONE_TYPE, workspaceFqdns } from './providers/network-model.js';
import { recordSetsFor } from './providers/private-dns-zone-groups.js';
import type { ArmObject } from './state.js';

/**
 * Seed builders for the network side of inbound access, producing objects exactly as the emulator stores them after
 * the matching PUTs (network tests compare a seeded endpoint with one created over HTTP).
 */
export function virtualNetwork(sub: string, rg: string, name: string, location: string, addressPrefix: string, subnets: { name: string; addressPrefix: string }[]): ArmObject {
  const id = `${rgId(sub, rg)}/providers/${VNET_TYPE}/${name}`;
  return {
    id,
    name,
    type: VNET_TYPE,
    location,
    etag: `W/"${guid(20, 1)}"`,
    properties: {
      addressSpace: { addressPrefixes: [addressPrefix] },
      resourceGuid: guid(21, parseInt(addressPrefix.split('.')[1] ?? '0', 10)),
      provisioningState: 'Succeeded',
      subnets: subnets.map((s) => ({
        id: `${id}/subnets/${s.name}`,
        name: s.name,
        type: `${VNET_TYPE}/subnets`,
        etag: `W/"${guid(22, 1)}"`,
        properties: { addressPrefix: s.addressPrefix, privateEndpointNetworkPolicies: 'Disabled', privateLinkServiceNetworkPolicies: 'Enabled', provisioningState: 'Succeeded' },
      })),
    },
  };
}

/** An auto-approved endpoint to a workspace (group id amlworkspace) holding `ips` ([api, notebooks]). */
export function workspaceEndpoint(sub: string, rg: string, name: string, ws: ArmObject, subnetId: string, ips: [string, string], n: number): ArmObject {
  const id = `${rgId(sub, rg)}/providers/${PE_TYPE}/${name}`;
  const state = { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' };
  return {
    id,
    name,
    type: PE_TYPE,
    location: ws.location,
    etag: `W/"${guid(23, n)}"`,
    properties: {
      provisioningState: 'Succeeded',
      subnet: { id: subnetId },
      networkInterfaces: [{ id: `${rgId(sub, rg)}/providers/Microsoft.Network/networkInterfaces/${name}.nic.${guid(24, n)}` }],
      privateLinkServiceConnections: [{ id: `${id}/privateLinkServiceConnections/${name}`, name, type: `${PE_TYPE}/privateLinkServiceConnections`, etag: `W/"${guid(25, n)}"`, properties: { provisioningState: 'Succeeded', privateLinkServiceId: ws.id, groupIds: [WORKSPACE_GROUP_ID], privateLinkServiceConnectionState: state } }],
      manualPrivateLinkServiceConnections: [],
      customNetworkInterfaceName: '',
      ipConfigurations: [],
      customDnsConfigs: workspaceFqdns(ws).map((f) => ({ fqdn: f.fqdn, ipAddresses: [ips[f.ipIndex]!] })),
    },
  };
}

/** The workspace as it looks once `pe` is connected: one Approved privateEndpointConnections entry. */
export function withConnection(ws: ArmObject, pe: ArmObject, subnetId: string, n: number): ArmObject {
  const name = `${pe.name}.${guid(26, n)}`;
  const entry = { id: `${ws.id}/privateEndpointConnections/${name}`, name, type: `${ws.type}/privateEndpointConnections`, location: ws.location, properties: { privateEndpoint: { id: pe.id, subnetArmId: subnetId }, privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' }, provisioningState: 'Succeeded' } };
  return { ...ws, properties: { ...(ws.properties as object), privateEndpointConnections: [entry] } };
}

export function privateDnsZone(sub: string, rg: string, name: string, n: number): ArmObject {
  return { id: `${rgId(sub, rg)}/providers/${ZONE_TYPE}/${name}`, name, type: ZONE_TYPE, location: 'global', etag: guid(27, n), properties: { maxNumberOfRecordSets: 25000, maxNumberOfVirtualNetworkLinks: 1000, maxNumberOfVirtualNetworkLinksWithRegistration: 100, numberOfRecordSets: 1, provisioningState: 'Succeeded', internalId: guid(28, n) } };
}

export function vnetLink(zone: ArmObject, name: string, vnetId: string, n: number): ArmObject {
  return { id: `${zone.id}/virtualNetworkLinks/${name}`, name, type: LINK_TYPE, location: 'global', etag: `W/"${guid(29, n)}"`, properties: { virtualNetwork: { id: vnetId }, registrationEnabled: false, virtualNetworkLinkState: 'Completed', provisioningState: 'Succeeded' } };
}

export function zoneGroup(pe: ArmObject, name: string, zones: ArmObject[], n: number): ArmObject {
  const configs = zones.map((z) => ({ name: String(z.name).replace(/\./g, '-'), properties: { privateDnsZoneId: z.id, recordSets: recordSetsFor(pe, String(z.name)) } }));
  return { id: `${pe.id}/privateDnsZoneGroups/${name}`, name, etag: `W/"${guid(30, n)}"`, properties: { provisioningState: 'Succeeded', privateDnsZoneConfigs: configs } };
}
