import type { ArmRequester } from '../azure/arm-requester.js';
import type { Plan } from '../plan/index.js';
import type { ApplyOptions, Journal, RunResult } from './contract.js';
import { applyWorkspace } from './execute/apply-workspace.js';
import { createRunContext } from './execute/run-context.js';
import { runWorkspaces } from './execute/run-workspaces.js';

export interface DryRunDeps {
  arm: ArmRequester;
  /** Optional: with one, steps already done in it are shown as skipped. It is never written. */
  journal?: Journal | undefined;
  runId?: string | undefined;
}

/**
 * Everything apply would do, without doing it: every read and check (isAlreadyDone, preconditions; verify-compliance
 * when nothing before it would write), a wouldWrite event (method, full URL with api-version, body) per write, and no
 * write at all, to Azure or to the journal. Writes are refused at the requester, not only skipped by the caller.
 */
export async function dryRunPlan(plan: Plan, deps: DryRunDeps, options: Omit<ApplyOptions, 'dryRun'>): Promise<RunResult> {
  const run = createRunContext('apply', { arm: deps.arm, journal: deps.journal, runId: deps.runId ?? 'dry-run' }, { ...options, dryRun: true });
  return runWorkspaces(plan, run, options.concurrency, (ws) => applyWorkspace(ws, run));
}
