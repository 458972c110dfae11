import { waveName, type Plan, type PlanRollout, type PlanWorkspace } from '../plan/index.js';
import type { ApplyEvents, RunResult } from './contract.js';

/**
 * The waves one run goes through. Without a rollout: one wave with every workspace (the behaviour before rollouts).
 * With one: wave 0 also carries the workspaces no wave names (blocked or without steps; they finish as skipped at once),
 * then the rollout's waves in order. Ids the plan does not hold were refused when the plan was read (rollout-check.ts).
 */
export interface WaveSchedule {
  waves: PlanWorkspace[][];
  /** Undefined: never stop between waves. */
  rollout: PlanRollout | undefined;
}

export function scheduleWaves(plan: Plan, rollout: PlanRollout | undefined): WaveSchedule {
  if (!rollout) return { waves: [plan.workspaces], rollout };
  const byId = new Map(plan.workspaces.map((w) => [w.sourceId, w]));
  const named = new Set(rollout.waves.flat());
  const waves = rollout.waves.map((ids) => ids.map((id) => byId.get(id)).filter((w): w is PlanWorkspace => w !== undefined));
  const unnamed = plan.workspaces.filter((w) => !named.has(w.sourceId));
  waves[0] = [...unnamed, ...(waves[0] ?? [])];
  return { waves, rollout };
}

/**
 * Checked before wave `index` starts: once more workspaces failed in this run than maxFailures allows, the rollout
 * stops there. Later waves are left pending in the journal, so `apply` resumes with them (retrying the failed
 * workspaces first, in their own wave) and `rollback` undoes what ran.
 */
export function shouldStopBeforeWave(
  index: number,
  schedule: WaveSchedule,
  outcomes: RunResult['workspaces'],
  events: ApplyEvents,
): boolean {
  const rollout = schedule.rollout;
  if (!rollout || index === 0) return false;
  const failed = Object.values(outcomes).filter((o) => o === 'failed').length;
  if (failed <= rollout.maxFailures) return false;
  events.rolloutStopped?.({ index, name: waveName(index, rollout), failed, maxFailures: rollout.maxFailures });
  return true;
}

/** Announces a wave (only for a rollout: a plain run has no waves to speak of). */
export function announceWave(index: number, schedule: WaveSchedule, events: ApplyEvents): void {
  if (!schedule.rollout) return;
  events.waveStarted?.({ index, name: waveName(index, schedule.rollout), workspaces: schedule.waves[index]!.length });
}

/** RunResult.rollout: how far the rollout got. */
export function rolloutSummary(schedule: WaveSchedule, ran: number, stoppedBefore: number | undefined): RunResult['rollout'] {
  if (!schedule.rollout) return undefined;
  return { waves: schedule.waves.length, ran, ...(stoppedBefore !== undefined ? { stoppedBefore } : {}) };
}
