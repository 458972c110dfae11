import { ArmError } from '../errors.js';
import { auditWorkspace, limitedIterate, readOptions, toAuditError, type AuditContext } from './audit-context.js';

/**
 * 'arm' discovery of one subscription: streams the workspace listing page by page and starts each workspace's
 * diagnostics read as soon as it arrives, overlapping with further listing. Every ARM call goes through ctx.call.
 *
 * An ArmError while listing fails this subscription only (recorded in ctx.errors); workspaces already listed are
 * still audited and reported. Anything else (a bug, an abort) propagates.
 */
export async function auditSubscriptionArm(ctx: AuditContext, subscriptionId: string): Promise<void> {
  ctx.events.subscriptionStarted?.({ subscriptionId });
  const pending: Promise<boolean>[] = [];
  const listing = ctx.reader.listWorkspaces(subscriptionId, {
    ...readOptions(ctx),
    ...(ctx.resourceGroup !== undefined ? { resourceGroup: ctx.resourceGroup } : {}),
  });
  let failure: unknown;
  try {
    for await (const workspace of limitedIterate(ctx, listing)) pending.push(auditWorkspace(ctx, workspace));
  } catch (error) {
    failure = error;
  }
  // Settle every started workspace first, so no rejection is left unobserved whatever happens next.
  const settled = await Promise.allSettled(pending);
  const broken = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (broken) throw broken.reason;
  const audited = settled.filter((s) => s.status === 'fulfilled' && s.value).length;

  if (failure === undefined) {
    ctx.events.subscriptionDone?.({ subscriptionId, workspaces: audited });
    return;
  }
  if (!(failure instanceof ArmError)) throw failure;
  if (ctx.resourceGroup !== undefined && failure.code === 'ResourceGroupNotFound') {
    // The filter names a group this subscription does not have: nothing to read, not a failure.
    ctx.events.warning?.({ subscriptionId, message: `Resource group ${ctx.resourceGroup} not found in subscription ${subscriptionId}.` });
    ctx.events.subscriptionDone?.({ subscriptionId, workspaces: audited });
    return;
  }
  const entry = toAuditError(failure, subscriptionId);
  ctx.errors.push(entry);
  ctx.events.subscriptionFailed?.({ subscriptionId, error: entry, workspaces: audited });
}
