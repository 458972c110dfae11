import { workspaceApiVersion } from '../../model/api-versions.js';
import { workspaceId } from '../../model/resource-id.js';
import type { Workspace } from '../../model/workspace.js';
import { fingerprintResource } from '../../observe/fingerprint.js';
import { redactSecrets } from '../../observe/redact.js';
import type { PlanStep, PlanWorkspace } from '../../plan/index.js';
import { stepView } from '../step-states.js';
import { getOrNull } from './arm-state.js';
import type { StepContext } from './step-context.js';
import { StepRefusedError } from './step-errors.js';
import { replacementProblems } from './verify-compliance.js';
import { carriedContentProblems } from '../carried-content.js';

/**
 * The one invariant this tool must never break: the source is retired (soft delete or purge) only when its
 * replacement exists now, is compliant now, passes its verify step now and holds every item carried over to it, read from live state at the moment of
 * acting, never from the journal alone; and only while the source still looks as it did when the plan was made.
 * The one exception is the explicit same-name opt-in (strategy recreate-same-name), whose purge must come first
 * because the name is shared.
 */
export function assertRetirable(step: PlanStep, ctx: StepContext): void {
  const ws = ctx.workspace;
  if (step.target.toLowerCase() !== ws.sourceId.toLowerCase()) {
    throw new StepRefusedError('SourceGuard', `step ${step.id} (${step.kind}) targets ${step.target}, which is not the source of its workspace`);
  }
  if (isSameNamePurge(step, ws)) return;
  const verify = replacementVerifyStep(ws);
  if (!verify) throw new StepRefusedError('SourceGuard', `refusing to delete the source ${ws.sourceId}: the plan verifies no replacement workspace`);
  if (ctx.dryRun) return;
  if (stepView(ctx.entries(), verify.id).state !== 'done') {
    throw new StepRefusedError('SourceGuard', `refusing to delete the source ${ws.sourceId}: the replacement's verify-compliance step ${verify.id} has not succeeded in this journal`);
  }
}

/** Right before the DELETE: the replacement and the source as they are now. */
export async function confirmRetirableNow(step: PlanStep, ctx: StepContext): Promise<void> {
  const ws = ctx.workspace;
  if (isSameNamePurge(step, ws) || ctx.dryRun) return;
  const verify = replacementVerifyStep(ws)!;
  const problems = [...(await replacementProblems(verify, ctx)), ...(await carriedContentProblems(ws, ctx.arm))];
  if (problems.length > 0) {
    throw new StepRefusedError('SourceGuard', `refusing to delete the source ${ws.sourceId}: its replacement ${verify.target} ${problems.join('; ')}. The source is kept; fix the replacement and run apply again, or roll back`);
  }
  const planned = step.preconditions.find((p) => p.kind === 'fingerprint-matches' && p.id.toLowerCase() === ws.sourceId.toLowerCase());
  if (planned?.kind !== 'fingerprint-matches') return;
  const response = await ctx.arm.get<Workspace>(ws.sourceId, workspaceApiVersion).catch(() => null);
  const now = response ? fingerprintResource(ws.sourceId.toLowerCase(), redactSecrets(response.body), response.headers.etag).value : 'gone';
  if (now !== planned.value) {
    throw new StepRefusedError('SourceGuard', `refusing to delete the source ${ws.sourceId}: it changed since the plan was made (someone is using it, or another run changed it). The source is kept; compare it with its replacement, then make a new plan`);
  }
}

/**
 * Rollback never deletes the last copy: before the replacement of a re-creation is deleted, its source must still
 * exist (not retired, not purged). Returns why not, or undefined.
 */
export async function lastCopyProblem(ws: PlanWorkspace, deleting: string, ctx: Pick<StepContext, 'arm'>): Promise<string | undefined> {
  if (!ws.target || !ws.strategy.startsWith('recreate')) return undefined;
  const replacement = workspaceId(ws.target.subscriptionId, ws.target.resourceGroup, ws.target.name);
  if (deleting.toLowerCase() !== replacement.toLowerCase()) return undefined;
  if (ws.strategy === 'recreate' && (await getOrNull(ctx.arm, ws.sourceId, workspaceApiVersion)) !== null) return undefined;
  return `the source ${ws.sourceId} no longer exists (it was ${ws.strategy === 'recreate' ? 'retired' : 'purged to free its name'}), so ${replacement} is the only live copy and rollback keeps it. ` +
    `It is compliant and holds what was carried over; to go back, re-create the old settings from it with a new plan, or delete it yourself if you really mean to lose it`;
}

function isSameNamePurge(step: PlanStep, ws: PlanWorkspace): boolean {
  return ws.strategy === 'recreate-same-name' && step.kind === 'purge-source';
}

function replacementVerifyStep(ws: PlanWorkspace): PlanStep | undefined {
  return ws.steps.find((s) => s.kind === 'verify-compliance' && s.target.toLowerCase() !== ws.sourceId.toLowerCase());
}
