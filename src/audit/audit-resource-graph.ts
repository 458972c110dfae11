import { parseResourceId } from '../model/resource-id.js';
import { ArmError } from '../errors.js';
import type { AuditError } from './report.js';
import { auditWorkspace, limited, readOptions, toAuditError, type AuditContext } from './audit-context.js';

/**
 * 'resource-graph' discovery: one Resource Graph query for the ids, then every id is CONFIRMED with an ARM GET
 * (ARG lags and may not carry managedNetwork), then its diagnostics are read. Only ARM data is ever evaluated.
 *
 * - the query failing fails every subscription in scope (nothing was read);
 * - a 404 on confirm means the workspace is gone since ARG indexed it: skipped with a warning;
 * - any other ArmError on confirm is recorded against that workspace's subscription (with workspaceId).
 */
export async function auditResourceGraph(ctx: AuditContext, subscriptions: string[]): Promise<void> {
  for (const subscriptionId of subscriptions) ctx.events.subscriptionStarted?.({ subscriptionId });
  let ids: string[];
  try {
    ids = await limited(ctx, () =>
      ctx.reader.queryWorkspaceIds(subscriptions, {
        ...readOptions(ctx),
        ...(ctx.resourceGroup !== undefined ? { resourceGroup: ctx.resourceGroup } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    for (const subscriptionId of subscriptions) {
      const entry = toAuditError(error, subscriptionId);
      ctx.errors.push(entry);
      ctx.events.subscriptionFailed?.({ subscriptionId, error: entry, workspaces: 0 });
    }
    return;
  }

  const bySubscription = groupBySubscription(ctx, subscriptions, ids);
  await Promise.all(
    [...bySubscription].map(async ([subscriptionId, subscriptionIds]) => {
      const errors: AuditError[] = [];
      const audited = await Promise.all(subscriptionIds.map((id) => confirmAndAudit(ctx, subscriptionId, id, errors)));
      const count = audited.filter(Boolean).length;
      ctx.errors.push(...errors);
      if (errors[0]) ctx.events.subscriptionFailed?.({ subscriptionId, error: errors[0], workspaces: count });
      else ctx.events.subscriptionDone?.({ subscriptionId, workspaces: count });
    }),
  );
}

async function confirmAndAudit(ctx: AuditContext, subscriptionId: string, id: string, errors: AuditError[]): Promise<boolean> {
  let workspace;
  try {
    workspace = await limited(ctx, () => ctx.reader.getWorkspace(id, readOptions(ctx)));
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    if (error.statusCode === 404 || error.code === 'ResourceNotFound') {
      ctx.events.warning?.({ subscriptionId, workspaceId: id, message: `Workspace ${id} was listed by Resource Graph but no longer exists; skipped.` });
      return false;
    }
    errors.push(toAuditError(error, subscriptionId, id));
    return false;
  }
  return auditWorkspace(ctx, workspace);
}

/** Groups ids by the scope subscription they belong to (case-insensitively), dropping duplicates. */
function groupBySubscription(ctx: AuditContext, subscriptions: string[], ids: string[]): Map<string, string[]> {
  const canonical = new Map(subscriptions.map((s) => [s.toLowerCase(), s]));
  const groups = new Map<string, string[]>(subscriptions.map((s) => [s, []]));
  const seen = new Set<string>();
  for (const id of ids) {
    const parsed = parseResourceId(id);
    const subscriptionId = parsed && canonical.get(parsed.subscriptionId.toLowerCase());
    if (!subscriptionId) {
      ctx.events.warning?.({ workspaceId: id, message: `Resource Graph returned ${id}, which is outside the audited subscriptions; skipped.` });
      continue;
    }
    if (seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    groups.get(subscriptionId)!.push(id);
  }
  return groups;
}
