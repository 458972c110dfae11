import pLimit from 'p-limit';
import type { Plan, PlanRollout, PlanWorkspace } from '../../plan/index.js';
import { announceWave, rolloutSummary, scheduleWaves, shouldStopBeforeWave } from '../rollout-run.js';
import type { RunResult } from '../contract.js';
import { now, runEntry } from './apply-step.js';
import type { RunContext } from './run-context.js';

export type WorkspaceOutcome = RunResult['workspaces'][string];

/**
 * Runs every workspace of the plan, `concurrency` at a time, wave after wave when there is a rollout (rollout-run.ts):
 * the `run` entry first, `end` last. Blocked workspaces
 * (and those with no steps) are never run. A failed journal append stops everything (in-flight steps end first) and
 * is rethrown after the `end` entry was attempted.
 */
export async function runWorkspaces(
  plan: Plan,
  run: RunContext,
  concurrency: number,
  perWorkspace: (ws: PlanWorkspace) => Promise<WorkspaceOutcome>,
  extra: Pick<RunResult, 'irreversible'> = { irreversible: [] },
  rollout?: PlanRollout,
): Promise<RunResult> {
  await run.append(runEntry(run.runId, run.mode));
  run.events.runStarted?.({ runId: run.runId, mode: run.mode, dryRun: run.dryRun });
  const limit = pLimit(Math.max(1, Math.floor(concurrency) || 1));
  const workspaces: RunResult['workspaces'] = {};
  let fatal: unknown;

  const schedule = scheduleWaves(plan, rollout);
  let ran = 0;
  let stoppedBefore: number | undefined;
  for (const [index, wave] of schedule.waves.entries()) {
    if (shouldStopBeforeWave(index, schedule, workspaces, run.events)) {
      stoppedBefore = index;
      schedule.waves.slice(index).flat().forEach((ws) => { workspaces[ws.sourceId] = 'cancelled'; });
      break;
    }
    announceWave(index, schedule, run.events);
    ran = index + 1;
    await Promise.all(wave.map((ws) =>
      limit(async () => {
        const finish = (outcome: WorkspaceOutcome) => {
          workspaces[ws.sourceId] = outcome;
          run.events.workspaceFinished?.({ workspaceId: ws.sourceId, outcome });
        };
        if (ws.blocked || ws.steps.length === 0) return finish('skipped');
        if (run.abortSignal?.aborted) {
          run.interrupted = true;
          return finish('cancelled');
        }
        if (run.stopped) return finish('cancelled');
        run.events.workspaceStarted?.({ workspaceId: ws.sourceId });
        try {
          finish(await perWorkspace(ws));
        } catch (error) {
          fatal ??= error;
          run.stopped = true;
          finish('failed');
        }
      }),
    ));
  }

  const outcomes = Object.values(workspaces);
  const outcome: RunResult['outcome'] = run.interrupted ? 'interrupted' : fatal !== undefined || outcomes.includes('failed') ? 'failed' : 'succeeded';
  if (fatal === undefined || !run.isJournalError(fatal)) {
    await run.append({ type: 'end', runId: run.runId, mode: run.mode, at: now(), outcome });
  }
  if (fatal !== undefined) throw fatal;
  const summary = rolloutSummary(schedule, ran, stoppedBefore);
  return { outcome, workspaces, irreversible: extra.irreversible, refused: run.refused, ...(summary ? { rollout: summary } : {}) };
}

/** Checked before each step: abort (Ctrl-C) and fail-fast both stop at a step boundary. */
export function shouldStop(run: RunContext): boolean {
  if (run.abortSignal?.aborted) {
    run.interrupted = true;
    return true;
  }
  return run.stopped;
}
