import { apiVersions } from '../model/api-versions.js';
import { WORKSPACE_PRIVATE_LINK_GROUP } from '../model/private-link-zones.js';
import type { TargetInboundEndpoint } from './target-spec.js';

/**
 * The ARM bodies of the inbound steps, built from the target spec alone: the planner writes them and the request
 * guard recomputes them (a plan edited to send another body is refused).
 */
export const INBOUND_ZONE_GROUP = 'default';

export function zoneBody(): Record<string, unknown> {
  return { location: 'global' };
}

export function linkBody(vnetId: string): Record<string, unknown> {
  return { location: 'global', properties: { virtualNetwork: { id: vnetId }, registrationEnabled: false } };
}

/** Auto-approval needs rights on the workspace; otherwise the connection waits as Pending (apply then refuses to disable). */
export function endpointBody(endpoint: TargetInboundEndpoint, workspaceId: string): Record<string, unknown> {
  const name = endpoint.id.split('/').pop()!;
  return {
    location: endpoint.location,
    properties: {
      subnet: { id: endpoint.subnetId },
      privateLinkServiceConnections: [{ name, properties: { privateLinkServiceId: workspaceId, groupIds: [WORKSPACE_PRIVATE_LINK_GROUP] } }],
    },
  };
}

export function zoneGroupId(endpoint: TargetInboundEndpoint): string {
  return `${endpoint.id}/privateDnsZoneGroups/${INBOUND_ZONE_GROUP}`;
}

export function zoneGroupBody(endpoint: TargetInboundEndpoint): Record<string, unknown> {
  return {
    properties: {
      privateDnsZoneConfigs: endpoint.zoneIds.map((z) => ({ name: z.split('/').pop()!.replace(/\./g, '-'), properties: { privateDnsZoneId: z } })),
    },
  };
}

export const inboundApiVersion = { zone: apiVersions.privateDns, link: apiVersions.privateDns, endpoint: apiVersions.network, zoneGroup: apiVersions.network } as const;
