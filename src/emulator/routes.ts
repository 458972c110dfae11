import { diagnosticSettingRoutes } from './providers/diagnostic-settings.js';
import { operationRoutes } from './providers/operations.js';
import { outboundRuleRoutes } from './providers/outbound-rules.js';
import { privateDnsZoneRoutes } from './providers/private-dns-zones.js';
import { privateEndpointRoutes } from './providers/private-endpoints.js';
import { resourceGraphRoutes } from './providers/resource-graph.js';
import { roleAssignmentRoutes } from './providers/role-assignments.js';
import { subscriptionRoutes } from './providers/subscriptions.js';
import { tagsAtScopeRoutes } from './providers/tags-at-scope.js';
import { trackedRoutes } from './providers/tracked-resources.js';
import { vaultKeyRoutes } from './providers/vault-keys.js';
import { virtualNetworkRoutes } from './providers/virtual-networks.js';
import { workspaceConnectionRoutes } from './providers/workspace-connections.js';
import { workspaceChildRoutes } from './providers/workspace-children.js';
import { workspaceRoutes } from './providers/workspaces.js';
import { Router } from './router.js';

/**
 * The ARM route table. Diagnostic settings, role assignments and tags (any scope) come first: their `{*scope}` would
 * otherwise never be tried.
 */
export function buildRouter(): Router {
  return new Router().add([
    ...diagnosticSettingRoutes,
    ...roleAssignmentRoutes,
    ...tagsAtScopeRoutes,
    ...operationRoutes,
    ...subscriptionRoutes,
    ...workspaceRoutes,
    ...outboundRuleRoutes,
    ...workspaceConnectionRoutes,
    ...workspaceChildRoutes,
    ...vaultKeyRoutes,
    ...trackedRoutes,
    ...virtualNetworkRoutes,
    ...privateEndpointRoutes,
    ...privateDnsZoneRoutes,
    ...resourceGraphRoutes,
  ]);
}
