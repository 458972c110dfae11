import type { PrivateLinkZones } from '../model/private-link-zones.js';
import { parseResourceId } from '../model/resource-id.js';
import { deriveWorkspaceName } from '../plan/naming.js';
import type { ObservedContext, ReadProblem } from '../plan/observed.js';
import type { Policy } from '../plan/policy-schema.js';
import { KEY_URI } from '../plan/policy-schema.js';
import { observeContext } from './observe-context.js';
import { observeInbound } from './inbound.js';
import type { ObserveClients } from './ports.js';
import { observeApproverRoles } from './approver-roles.js';
import { observeHubFamily } from './hub-family.js';
import { createLimit } from './read-problems.js';

/**
 * Reads the workspaces and whatever the policy names (CMK vault and key, extra private-endpoint targets, new names),
 * then what inbound access needs (their private endpoints, the subnet and zones of the policy). `zoneNames`: the
 * cloud's private DNS zones for workspaces (undefined: unknown, and mode create is refused by the planner).
 */
export async function observeForPolicy(clients: ObserveClients, cosmosDbPrincipalId: string | undefined, workspaceIds: string[], policy: Policy, zoneNames?: PrivateLinkZones): Promise<ObservedContext> {
  const cmk = policy.customerManagedKey;
  const keyName = cmk.keyName ?? (cmk.keyUri ? KEY_URI.exec(cmk.keyUri)?.[2] : undefined);
  const ctx = await observeContext(
    clients,
    workspaceIds,
    {
      ...(cmk.keyVaultId && keyName ? { cmk: { keyVaultId: cmk.keyVaultId, keyName } } : {}),
      peTargetIds: policy.privateEndpoints.map((pe) => pe.serviceResourceId),
      candidateNames: workspaceIds.map((sourceId) => ({ sourceId, name: deriveWorkspaceName(parseResourceId(sourceId)!.name, policy.recreate.nameTemplate) })),
    },
    cosmosDbPrincipalId,
  );
  // Hubs and projects (plan never targets a project), then the approver role on rule targets of what will be planned.
  const hubFamily = await observeHubFamily(clients, ctx.workspaces);
  const limit = createLimit(8);
  const extra = policy.privateEndpoints.map((pe) => pe.serviceResourceId);
  const withRoles = async (ws: (typeof ctx.workspaces)[number]) => {
    const approverRoles = await observeApproverRoles(clients, ws, extra, limit);
    return approverRoles ? { ...ws, approverRoles } : ws;
  };
  const workspaces = await Promise.all(ctx.workspaces.map(withRoles));
  const hubs = hubFamily ? Object.fromEntries(await Promise.all(Object.entries(hubFamily.hubs).map(async ([k, ws]) => [k, await withRoles(ws)] as const))) : {};
  // Then what inbound access needs, for every workspace that may be planned (hubs of requested projects included).
  const problems: ReadProblem[] = [];
  const inbound = await observeInbound(clients, [...workspaces, ...Object.values(hubs)], policy.inbound, zoneNames, { limit, problems });
  const readProblems = [...(ctx.readProblems ?? []), ...problems];
  return { ...ctx, workspaces, inbound, ...(hubFamily ? { hubFamily: { ...hubFamily, hubs } } : {}), ...(readProblems.length ? { readProblems } : {}) };
}
