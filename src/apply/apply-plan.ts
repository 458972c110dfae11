import type { ArmRequester } from '../azure/arm-requester.js';
import type { Plan } from '../plan/index.js';
import type { ApplyOptions, Journal, RunResult } from './contract.js';
import { applyWorkspace } from './execute/apply-workspace.js';
import { createRunContext } from './execute/run-context.js';
import { runWorkspaces } from './execute/run-workspaces.js';

export interface ApplyDeps {
  arm: ArmRequester;
  journal: Journal;
  runId: string;
}

/**
 * Executes a plan: the only code that writes to Azure. Workspaces in parallel (options.concurrency), the steps of
 * each in order; every step journaled (begin → success/failure) before the next ARM call; resumable from the journal.
 * The caller has checked the plan's basis (fingerprint-matches) and holds the lock. With options.dryRun it delegates
 * to dryRunPlan semantics: reads and checks only, nothing written to Azure or the journal.
 */
export async function applyPlan(plan: Plan, deps: ApplyDeps, options: ApplyOptions): Promise<RunResult> {
  const run = createRunContext('apply', deps, options);
  return runWorkspaces(plan, run, options.concurrency, (ws) => applyWorkspace(ws, run), undefined, options.rollout);
}
