import type { ArmReader } from '../azure/arm-requester.js';
import { apiVersions } from '../model/api-versions.js';

/** How users reach a workspace after apply: its public access and, per Approved private endpoint, the FQDNs and private IPs. */
export interface PrivateAccess {
  workspaceId: string;
  publicNetworkAccess: string;
  endpoints: { id: string; fqdns: { fqdn: string; ipAddresses: string[] }[] }[];
  /** Set when something could not be read: the report says so instead of failing a run that succeeded. */
  problem?: string;
}

type Connection = { properties?: { privateEndpoint?: { id?: string }; privateLinkServiceConnectionState?: { status?: string } } };
type Endpoint = { properties?: { customDnsConfigs?: { fqdn?: string; ipAddresses?: string[] }[] } };

/**
 * Reads (GET only, through the ArmReader) the workspace and each private endpoint of an Approved connection, for the
 * final report of apply. Never throws for an ARM error: the run already succeeded, so a failed read becomes `problem`.
 */
export async function readPrivateAccess(arm: ArmReader, workspaceId: string): Promise<PrivateAccess> {
  const out: PrivateAccess = { workspaceId, publicNetworkAccess: 'unknown', endpoints: [] };
  try {
    const ws = (await arm.get<{ properties?: { publicNetworkAccess?: string; privateEndpointConnections?: Connection[] } }>(workspaceId, apiVersions.machineLearning)).body;
    out.publicNetworkAccess = ws.properties?.publicNetworkAccess ?? 'unknown';
    const ids = (ws.properties?.privateEndpointConnections ?? [])
      .filter((c) => c.properties?.privateLinkServiceConnectionState?.status === 'Approved')
      .map((c) => c.properties?.privateEndpoint?.id)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    out.endpoints = await Promise.all(ids.map(async (id) => {
      const pe = (await arm.get<Endpoint>(id, apiVersions.network)).body;
      const fqdns = (pe.properties?.customDnsConfigs ?? []).map((c) => ({ fqdn: c.fqdn ?? '', ipAddresses: c.ipAddresses ?? [] }));
      return { id, fqdns };
    }));
  } catch (error) {
    out.problem = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
  return out;
}
