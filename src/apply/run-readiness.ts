import { ToolError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { PlanStep, PlanWorkspace } from '../plan/index.js';
import type { StepStatus } from './contract.js';
import type { StepView } from './step-states.js';
import { runnableWorkspaces, type PlanOnDisk } from './plan-on-disk.js';
import { stepStates } from './step-states.js';
import type { StaleResource } from './verify-basis.js';
import { describeStaleResources } from './verify-basis.js';

export type RunKind = 'apply' | 'dry-run' | 'rollback';

/** The plan or its journal is not in a state to run this command (exit 7). */
export class PlanStateError extends ToolError {
  constructor(message: string) {
    super(message, ExitCode.locked);
  }
}

/** A stale plan lists each changed resource on its own line. */
export class StalePlanError extends PlanStateError {
  readonly problems: string[];
  constructor(stale: readonly StaleResource[], planPath: string) {
    const message = describeStaleResources(stale, planPath);
    super(message);
    this.problems = message.split('\n').slice(1);
  }
}

/** What one run will do, decided from the plan and its journal alone. */
export type Readiness =
  | { ready: false; reason: string }
  | {
      ready: true;
      /** Per workspace, the steps this run goes through, in the order they run (rollback: undo order). */
      work: { workspace: PlanWorkspace; steps: PlanStep[] }[];
      /** Steps the journal already has done (apply) or the steps left to undo (rollback). */
      done: number;
      total: number;
      /** An earlier run left its mark: apply resumes (and does not compare the basis), rollback continues. */
      resuming: boolean;
    };

const UNDOABLE: ReadonlySet<StepStatus['state']> = new Set(['done', 'in-progress', 'failed', 'rollback-failed']);

/**
 * Refuses what no run may do (throws: a plan with errors, a plan rolled back or already applied, a rollback of a plan
 * never applied) and otherwise says what the run will go through. Pure.
 */
export function assessRun(kind: RunKind, disk: PlanOnDisk): Readiness {
  const { plan, path } = disk;
  const states = disk.entries ? stepStates(plan, disk.entries) : new Map<string, StepView>();
  const stateOf = (id: string) => states.get(id)?.state ?? 'pending';
  if (kind === 'rollback') {
    if (!disk.entries) throw new UsageError(`${path} was never applied (no ${disk.journalPath}): there is nothing to roll back.`);
    const work = runnableWorkspaces(plan)
      .map((workspace) => ({ workspace, steps: workspace.steps.filter((s) => UNDOABLE.has(stateOf(s.id))).reverse() }))
      .filter((w) => w.steps.length > 0);
    if (work.length === 0) return { ready: false, reason: `nothing left to roll back for ${path} (see aml-isolate status ${path}).` };
    const total = work.reduce((n, w) => n + w.steps.length, 0);
    return { ready: true, work, done: 0, total, resuming: [...states.values()].some((s) => s.state === 'rolled-back' || s.state === 'rollback-failed') };
  }
  if (plan.errorCount > 0) throw new UsageError(`${path} has ${plan.errorCount} error(s) and cannot be applied: fix them and run plan again.`);
  const workspaces = runnableWorkspaces(plan);
  if (workspaces.length === 0) return { ready: false, reason: 'the plan changes nothing: nothing to apply.' };
  const all = [...states.values()];
  if (all.some((s) => s.lastMode === 'rollback')) {
    throw new PlanStateError(`${path} was rolled back; make a new plan (aml-isolate plan) instead of applying this one again.`);
  }
  const stepIds = workspaces.flatMap((w) => w.steps.map((s) => s.id));
  const done = stepIds.filter((id) => stateOf(id) === 'done').length;
  if (done === stepIds.length) {
    throw new PlanStateError(`${path} is already applied (see aml-isolate status ${path}); to undo it: aml-isolate rollback ${path}.`);
  }
  const resuming = done > 0 || all.some((s) => s.state === 'in-progress' || s.state === 'failed');
  return { ready: true, work: workspaces.map((workspace) => ({ workspace, steps: workspace.steps })), done, total: stepIds.length, resuming };
}
