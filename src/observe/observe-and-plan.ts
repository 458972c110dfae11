import { randomUUID } from 'node:crypto';
import type { AzureSession } from '../azure/session.js';
import { planRemediation, type Plan, type PlanWorkspace, type Policy } from '../plan/index.js';
import { toolName, toolVersion } from '../version.js';
import { privateLinkZonesByCloud } from '../model/private-link-zones.js';
import { observeForPolicy } from './observe-for-policy.js';
import { readClients } from './ports.js';

export interface PlanOutcome {
  plan: Plan;
  /** Workspaces left out because they had errors (only with skipBlocked), as first planned: their diagnostics say why. */
  skipped: PlanWorkspace[];
}

/**
 * Reads what the policy needs for the given workspaces and plans them: the read → decide part of `plan`/`config`.
 * With skipBlocked, workspaces with errors are planned out: the planner runs again on what was read for the others,
 * so the saved plan (and its basis) covers only what apply may change.
 */
export async function observeAndPlan(
  session: AzureSession,
  workspaceIds: string[],
  policy: Policy,
  options: { skipBlocked?: boolean } = {},
): Promise<PlanOutcome> {
  const context = await observeForPolicy(readClients(session.clients), session.clients.cloud.cosmosDbPrincipalId, workspaceIds, policy, privateLinkZonesByCloud[session.clients.cloud.name]);
  const plan = (ctx: typeof context) => planRemediation(ctx, policy, { now: new Date(), newId: randomUUID, toolVersion, toolName }).plan;
  const first = plan(context);
  const skipped = first.workspaces.filter((w) => w.blocked);
  if (!options.skipBlocked || skipped.length === 0 || skipped.length === first.workspaces.length) return { plan: first, skipped: [] };
  const blocked = new Set(skipped.map((w) => w.sourceId.toLowerCase()));
  const rest = { ...context, workspaces: context.workspaces.filter((w) => !blocked.has(w.workspace.id.toLowerCase())) };
  return { plan: plan(rest), skipped };
}
