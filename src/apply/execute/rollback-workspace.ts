import type { Workspace } from '../../model/workspace.js';
import type { PlanStep, PlanWorkspace } from '../../plan/index.js';
import type { RunResult, UndoRecord } from '../contract.js';
import { readWorkspace } from './arm-state.js';
import { isCreatedAsPlanned } from './create-workspace.js';
import { viewSteps, type StepView } from '../step-states.js';
import { undoFromPlan } from './plan-undo.js';
import type { RunContext } from './run-context.js';
import { shouldStop, type WorkspaceOutcome } from './run-workspaces.js';
import { undoStep } from './undo-step.js';

/**
 * Undoes one workspace's applied steps in reverse plan order. Each undo is journaled (mode 'rollback') and skipped
 * once done. Irreversible steps are reported (event + result) and left as they are, unjournaled: they stay applied.
 * Steps that crashed or failed after sending a write are undone with the plan's own undo, so nothing the tool may
 * have created is left behind. The first failed undo ends the workspace (earlier undos may depend on it).
 */
export async function rollbackWorkspace(ws: PlanWorkspace, run: RunContext, irreversible: RunResult['irreversible']): Promise<WorkspaceOutcome> {
  const views = viewSteps(run.entries());
  for (const step of [...ws.steps].reverse()) {
    if (shouldStop(run)) return 'cancelled';
    const view = views.get(step.id);
    if (!view) continue;
    const undo = await undoToRun(step, view, run);
    if (undo === undefined) continue;
    if (undo.kind === 'irreversible') {
      irreversible.push({ stepId: step.id, reason: undo.reason });
      run.events.stepIrreversible?.({ workspaceId: ws.sourceId, stepId: step.id, reason: undo.reason });
      continue;
    }
    if (!(await undoStep(step, ws, undo, run))) {
      if (run.failFast) run.stopped = true;
      return 'failed';
    }
  }
  return 'succeeded';
}

/**
 * What to undo for a step given where the journal says it stands; undefined: nothing. Decided on the step's apply
 * state: a rollback that failed or only began (no end entry) left the step as apply had left it, so it is undone again.
 */
async function undoToRun(step: PlanStep, view: StepView, run: RunContext): Promise<UndoRecord | undefined> {
  if (view.state === 'rolled-back') return undefined;
  switch (view.applyState) {
    case 'pending':
      return undefined;
    case 'done':
      return view.undo ?? undoFromPlan(step);
    case 'in-progress':
    case 'failed': {
      if (view.applyState === 'failed' && !sentWrite(view)) return undefined;
      const undo = undoFromPlan(step);
      if (undo.kind === 'irreversible' || undo.kind === 'none') return undo.kind === 'irreversible' ? undo : undefined;
      // A create interrupted before any end entry: delete only what is recognisably the planned workspace.
      if (step.kind === 'create-workspace' && view.applyState === 'in-progress') {
        const found: Workspace | null = await readWorkspace(run.arm, step.target);
        if (found === null || !isCreatedAsPlanned(found, step.request.body ?? {}, false)) return undefined;
      }
      return undo;
    }
  }
}

/** The failed attempt sent a write that the service accepted (or whose answer never came). */
function sentWrite(view: StepView): boolean {
  return (view.failedCalls ?? []).some((c) => c.status === undefined || c.status < 400);
}
