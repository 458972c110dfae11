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
import { planRemediation } from '../plan/plan-remediation.js';
import { readContents } from './read-contents.js';
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
  return withContentsOfRecreations(clients, { ...ctx, workspaces, inbound, ...(hubFamily ? { hubFamily: { ...hubFamily, hubs } } : {}), ...(readProblems.length ? { readProblems } : {}) }, policy);
}

/**
 * Adds the whole inventory of every workspace the policy re-creates (the planner decides which: it is pure, so it
 * runs once here on what was read, with throwaway ids), so the plan records what to carry over.
 */
async function withContentsOfRecreations(clients: ObserveClients, ctx: ObservedContext, policy: Policy): Promise<ObservedContext> {
  const { plan } = planRemediation(ctx, policy, { now: new Date(0), newId: () => 'inventory', toolVersion: '0' });
  const recreated = new Set(plan.workspaces.filter((w) => w.strategy === 'recreate' || w.strategy === 'recreate-same-name').map((w) => w.sourceId.toLowerCase()));
  if (recreated.size === 0) return ctx;
  const limit = createLimit(8);
  const workspaces = await Promise.all(ctx.workspaces.map(async (ws) => {
    if (!recreated.has(ws.workspace.id.toLowerCase())) return ws;
    const guid = typeof ws.workspace.properties?.workspaceId === 'string' ? ws.workspace.properties.workspaceId : undefined;
    return { ...ws, contents: await readContents(clients.arm, ws.workspace.id, guid, { limit }) };
  }));
  return { ...ctx, workspaces };
}
