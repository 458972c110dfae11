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
import { inOrderOf, interleaveBySubscription } from './interleave.js';

/** Reads in flight at once in each stage after the workspaces themselves (the pacer keeps each subscription's budget). */
const STAGE_READS = 32;

/**
 * Reads the workspaces and whatever the policy names (CMK vault and key, extra private-endpoint targets, new names),
 * then what inbound access needs (their private endpoints, the subnet and zones of the policy). `zoneNames`: the
 * cloud's private DNS zones for workspaces (undefined: unknown, and mode create is refused by the planner).
 */
export async function observeForPolicy(clients: ObserveClients, cosmosDbPrincipalId: string | undefined, workspaceIds: string[], policy: Policy, zoneNames?: PrivateLinkZones): Promise<ObservedContext> {
  const cmk = policy.customerManagedKey;
  const keyName = cmk.keyName ?? (cmk.keyUri ? KEY_URI.exec(cmk.keyUri)?.[2] : undefined);
  // Observed round-robin by subscription so that every subscription's read budget is used at once; the result is put
  // back in the order asked (the plan lists workspaces in that order).
  const ordered = interleaveBySubscription(workspaceIds);
  const ctx = await observeContext(
    clients,
    ordered,
    {
      ...(cmk.keyVaultId && keyName ? { cmk: { keyVaultId: cmk.keyVaultId, keyName } } : {}),
      peTargetIds: policy.privateEndpoints.map((pe) => pe.serviceResourceId),
      candidateNames: workspaceIds.map((sourceId) => ({ sourceId, name: deriveWorkspaceName(parseResourceId(sourceId)!.name, policy.recreate.nameTemplate) })),
    },
    cosmosDbPrincipalId,
  );
  // Hubs and projects (plan never targets a project), then the approver role on rule targets of what will be planned.
  const hubFamily = await observeHubFamily(clients, ctx.workspaces);
  const limit = createLimit(STAGE_READS);
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
  const observed = await withContentsOfRecreations(clients, { ...ctx, workspaces, inbound, ...(hubFamily ? { hubFamily: { ...hubFamily, hubs } } : {}), ...(readProblems.length ? { readProblems } : {}) }, policy);
  return { ...observed, workspaces: inOrderOf(workspaceIds, observed.workspaces, (w) => w.workspace.id) };
}

/**
 * Adds the whole inventory of every workspace the policy re-creates (the planner decides which: it is pure, so it
 * runs once here on what was read, with throwaway ids), so the plan records what to carry over.
 */
async function withContentsOfRecreations(clients: ObserveClients, ctx: ObservedContext, policy: Policy): Promise<ObservedContext> {
  const { plan } = planRemediation(ctx, policy, { now: new Date(0), newId: () => 'inventory', toolVersion: '0' });
  const recreated = new Set(plan.workspaces.filter((w) => w.strategy === 'recreate' || w.strategy === 'recreate-same-name').map((w) => w.sourceId.toLowerCase()));
  if (recreated.size === 0) return ctx;
  const limit = createLimit(STAGE_READS);
  const workspaces = await Promise.all(ctx.workspaces.map(async (ws) => {
    if (!recreated.has(ws.workspace.id.toLowerCase())) return ws;
    const guid = typeof ws.workspace.properties?.workspaceId === 'string' ? ws.workspace.properties.workspaceId : undefined;
    return { ...ws, contents: await readContents(clients.arm, ws.workspace.id, guid, { limit }) };
  }));
  return { ...ctx, workspaces };
}
