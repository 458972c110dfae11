import { vnetOfSubnet } from '../model/private-link-zones.js';
import type { DiagnosticCollector } from './diagnostics.js';
import type { ObservedContext, ObservedWorkspace } from './observed.js';
import type { TargetInbound } from './target-spec.js';

/**
 * Studio notebooks and dataset upload talk to the default storage account from the browser (FACTS.md, "Inbound
 * access"): when its public access is Disabled, the clients' virtual network needs a private endpoint to it too. The
 * clients' networks are those of the workspace's endpoints, existing (in place) and planned.
 */
export function warnStorageUnreachable(ws: ObservedWorkspace, ctx: ObservedContext, inbound: TargetInbound, d: DiagnosticCollector): void {
  const storage = ws.storageAccount;
  if (!storage || storage.publicNetworkAccess !== 'Disabled' || inbound.mode === 'none') return;
  const storageSubnets = ctx.inbound?.storageEndpointSubnets[storage.id.toLowerCase()];
  if (storageSubnets === undefined) return;
  const existing = inbound.mode === 'existing' ? (ctx.inbound?.endpoints[ws.workspace.id.toLowerCase()] ?? []).map((e) => e.subnetId) : [];
  const clientVnets = new Set([...existing, ...inbound.endpoints.map((e) => e.subnetId)].map((s) => (vnetOfSubnet(s) ?? '').toLowerCase()).filter((v) => v !== ''));
  if (clientVnets.size === 0) return;
  const covered = storageSubnets.some((s) => clientVnets.has((vnetOfSubnet(s) ?? '').toLowerCase()));
  if (covered) return;
  const vnets = [...clientVnets].map((v) => v.split('/').pop()).join(', ');
  d.warning('storage-unreachable', storage.id, `The default storage account ${storage.name} has public access Disabled and no private endpoint in the clients' virtual network (${vnets}): studio notebooks and dataset upload will not work.`,
    `Create private endpoints to it (blob and file) in ${vnets} with the zones privatelink.blob.core.windows.net and privatelink.file.core.windows.net, e.g. az network private-endpoint create --group-id blob ...`);
}
