import type { ArmRequester } from '../azure/arm-requester.js';
import type { Plan } from '../plan/index.js';
import type { ApplyOptions, Journal, RunResult } from './contract.js';
import { createRunContext } from './execute/run-context.js';
import { rollbackWorkspace } from './execute/rollback-workspace.js';
import { runWorkspaces } from './execute/run-workspaces.js';

export interface RollbackDeps {
  arm: ArmRequester;
  journal: Journal;
  runId: string;
}

/**
 * Undoes what apply completed, from the journal: per workspace in reverse step order, workspaces in parallel. Every
 * undo is journaled (mode 'rollback') and resumable. Irreversible steps (one-way isolation change, provisioning of an
 * existing workspace, deleted computes, a retired or purged source) are reported in RunResult.irreversible.
 * In place: publicNetworkAccess and tags patched back, added outbound rules deleted. Recreate: the new workspace
 * deleted and purged (its name is free again); the source is never touched. options.dryRun is not supported here.
 */
export async function rollbackPlan(plan: Plan, deps: RollbackDeps, options: ApplyOptions): Promise<RunResult> {
  if (options.dryRun) throw new Error('rollbackPlan has no dry run');
  const run = createRunContext('rollback', deps, options);
  const irreversible: RunResult['irreversible'] = [];
  return runWorkspaces(plan, run, options.concurrency, (ws) => rollbackWorkspace(ws, run, irreversible), { irreversible });
}
