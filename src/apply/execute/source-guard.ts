import type { PlanStep } from '../../plan/index.js';
import { stepView } from '../step-states.js';
import type { StepContext } from './step-context.js';
import { StepRefusedError } from './step-errors.js';

/**
 * The source workspace is never deleted before its replacement's verify-compliance step has succeeded in this
 * journal, whatever the plan's order says. The one exception is the explicit same-name opt-in
 * (strategy recreate-same-name), whose purge must come first because the name is shared.
 */
export function assertReplacementVerified(step: PlanStep, ctx: StepContext): void {
  const ws = ctx.workspace;
  if (step.target.toLowerCase() !== ws.sourceId.toLowerCase()) {
    throw new StepRefusedError('SourceGuard', `step ${step.id} (${step.kind}) targets ${step.target}, which is not the source of its workspace`);
  }
  if (ws.strategy === 'recreate-same-name' && step.kind === 'purge-source') return;
  const verify = ws.steps.find((s) => s.kind === 'verify-compliance' && s.target.toLowerCase() !== ws.sourceId.toLowerCase());
  if (!verify) throw new StepRefusedError('SourceGuard', `refusing to delete the source ${ws.sourceId}: the plan verifies no replacement workspace`);
  if (ctx.dryRun) return;
  if (stepView(ctx.entries(), verify.id).state !== 'done') {
    throw new StepRefusedError('SourceGuard', `refusing to delete the source ${ws.sourceId}: the replacement's verify-compliance step ${verify.id} has not succeeded in this journal`);
  }
}
