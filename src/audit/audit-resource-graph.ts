import { parseResourceId } from '../model/resource-id.js';
import type { ResourceGraphRow } from '../azure/ports.js';
import { ArmError } from '../errors.js';
import type { AuditError } from './report.js';
import { auditWorkspace, limited, limitedIterate, readOptions, toAuditError, type AuditContext } from './audit-context.js';
import { workspaceFromRow } from './resource-graph-row.js';
import { createRoundRobin } from './round-robin.js';

/**
 * 'resource-graph' discovery: Resource Graph pages (1,000 rows each) are streamed; a row that carries every field the
 * MachineLearning-005 verdict needs is judged from the row (no ARM GET); any other row is CONFIRMED with an ARM GET
 * (resource-graph-row.ts says why a missing field is never read as a default). Diagnostics are read per workspace.
 * Counts of both kinds go to ctx.resourceGraph and so into the report.
 *
 * - the query failing (at any page) fails every subscription in scope: which ones it would have listed is unknown;
 *   rows already received are still audited;
 * - a 404 on confirm means the workspace is gone since ARG indexed it: skipped with a warning;
 * - any other ArmError on confirm is recorded against that workspace's subscription (with workspaceId).
 */
export async function auditResourceGraph(ctx: AuditContext, subscriptions: string[]): Promise<void> {
  for (const subscriptionId of subscriptions) ctx.events.subscriptionStarted?.({ subscriptionId });
  const canonical = new Map(subscriptions.map((s) => [s.toLowerCase(), s]));
  const audited = new Map<string, number>(subscriptions.map((s) => [s, 0]));
  const errors = new Map<string, AuditError[]>();
  const rowsSeen = new Set<string>(); // ARG may return a row twice; judge (and count) it once
  // Rows per subscription are taken in turn (round-robin.ts says why); the shared limiter still bounds the calls.
  const jobs = createRoundRobin<ResourceGraphRow>(ctx.concurrency, async (subscriptionId, row) => {
    try {
      if (await judgeRow(ctx, subscriptionId, row)) audited.set(subscriptionId, audited.get(subscriptionId)! + 1);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      const list = errors.get(subscriptionId) ?? [];
      list.push(toAuditError(error, subscriptionId, row.id));
      errors.set(subscriptionId, list);
    }
  });
  let failure: unknown;
  const pages = ctx.reader.queryWorkspaces(subscriptions, {
    ...readOptions(ctx),
    ...(ctx.resourceGroup !== undefined ? { resourceGroup: ctx.resourceGroup } : {}),
  });
  try {
    for await (const page of limitedIterate(ctx, pages)) {
      for (const row of page) {
        const subscriptionId = scopeOf(ctx, canonical, row.id);
        if (subscriptionId === undefined || rowsSeen.has(row.id.toLowerCase())) continue;
        rowsSeen.add(row.id.toLowerCase());
        jobs.add(subscriptionId, row);
      }
    }
  } catch (error) {
    failure = error;
  }
  await jobs.drain();
  if (failure !== undefined && !(failure instanceof ArmError)) throw failure;

  for (const subscriptionId of subscriptions) {
    const list = errors.get(subscriptionId) ?? [];
    if (failure instanceof ArmError) list.unshift(toAuditError(failure, subscriptionId));
    ctx.errors.push(...list);
    const workspaces = audited.get(subscriptionId)!;
    if (list[0]) ctx.events.subscriptionFailed?.({ subscriptionId, error: list[0], workspaces });
    else ctx.events.subscriptionDone?.({ subscriptionId, workspaces });
  }
}

/** Judges one row: from the row when it decides, else from an ARM GET. False when skipped (duplicate, gone). */
async function judgeRow(ctx: AuditContext, subscriptionId: string, row: ResourceGraphRow): Promise<boolean> {
  const key = row.id.toLowerCase();
  if (ctx.seen.has(key)) return false;
  const fromRow = workspaceFromRow(row);
  const stats = (ctx.resourceGraph ??= { decidedFromRows: 0, confirmedWithArm: 0 });
  if (fromRow) {
    stats.decidedFromRows++;
    return auditWorkspace(ctx, fromRow);
  }
  let workspace;
  try {
    workspace = await limited(ctx, () => ctx.reader.getWorkspace(row.id, readOptions(ctx)));
  } catch (error) {
    if (error instanceof ArmError && (error.statusCode === 404 || error.code === 'ResourceNotFound')) {
      ctx.events.warning?.({ subscriptionId, workspaceId: row.id, message: `Workspace ${row.id} was listed by Resource Graph but no longer exists; skipped.` });
      return false;
    }
    throw error;
  }
  stats.confirmedWithArm++;
  return auditWorkspace(ctx, workspace);
}

/** The scope subscription a row belongs to (case-insensitively), or undefined (with a warning) when outside it. */
function scopeOf(ctx: AuditContext, canonical: Map<string, string>, id: string): string | undefined {
  const parsed = parseResourceId(id);
  const subscriptionId = parsed && canonical.get(parsed.subscriptionId.toLowerCase());
  if (!subscriptionId) {
    ctx.events.warning?.({ workspaceId: id, message: `Resource Graph returned ${id}, which is outside the audited subscriptions; skipped.` });
  }
  return subscriptionId || undefined;
}
