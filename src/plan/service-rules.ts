import type { ObservedResource, ObservedWorkspace } from './observed.js';

/** A private-endpoint rule the service itself adds (category Required) once the managed network is on. */
export interface ServiceRule {
  serviceResourceId: string;
  subresourceTarget: string;
  /** Which linked resource it reaches, for display. */
  linked: 'storageAccount' | 'keyVault' | 'containerRegistry';
}

/**
 * FACTS (Hubs, projects and outbound rules): in AllowInternetOutbound the service adds Required private-endpoint
 * rules to the workspace's default storage (blob, file), key vault and registry only "if they're configured as
 * private" (publicNetworkAccess Disabled as read). A linked resource that was not read predicts nothing: the planner
 * then adds its user rule as before and the service's own rule, if any, shows up in verify. Pure.
 */
export function predictServiceRules(ws: ObservedWorkspace): ServiceRule[] {
  const out: ServiceRule[] = [];
  const add = (resource: ObservedResource | undefined, linked: ServiceRule['linked'], targets: string[]) => {
    if (resource?.publicNetworkAccess !== 'Disabled') return;
    for (const subresourceTarget of targets) out.push({ serviceResourceId: resource.id, subresourceTarget, linked });
  };
  add(ws.storageAccount, 'storageAccount', ['blob', 'file']);
  add(ws.keyVault, 'keyVault', ['vault']);
  add(ws.containerRegistry, 'containerRegistry', ['registry']);
  return out;
}
