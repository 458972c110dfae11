import type { PlanWorkspace } from '../../plan/index.js';
import { applyStep, type WorkspaceProgress } from './apply-step.js';
import { viewSteps } from '../step-states.js';
import type { RunContext } from './run-context.js';
import { shouldStop, type WorkspaceOutcome } from './run-workspaces.js';

/**
 * The steps of one workspace, in plan order (which respects dependsOn). Steps already done in the journal are skipped
 * without any call; a step begun but never ended (a crash) runs again through its idempotency check. The first
 * failure ends the workspace: later steps depend on earlier ones.
 */
export async function applyWorkspace(ws: PlanWorkspace, run: RunContext): Promise<WorkspaceOutcome> {
  const views = viewSteps(run.entries());
  const progress: WorkspaceProgress = { wouldWrite: new Set(), passed: new Set() };
  const succeeded = new Set<string>();
  for (const step of ws.steps) {
    if (shouldStop(run)) return 'cancelled';
    const prior = views.get(step.id);
    if (prior?.state === 'done') {
      succeeded.add(step.id);
      progress.passed.add(step.id);
      run.events.stepSucceeded?.({ workspaceId: ws.sourceId, stepId: step.id, skipped: true, elapsedMs: 0 });
      continue;
    }
    const missing = step.dependsOn.find((d) => !succeeded.has(d));
    if (missing !== undefined) throw new Error(`plan order broken: step ${step.id} depends on ${missing}, which has not succeeded`);
    if (!(await applyStep(step, ws, prior, progress, run))) {
      if (run.failFast) run.stopped = true;
      return 'failed';
    }
    succeeded.add(step.id);
  }
  return 'succeeded';
}
