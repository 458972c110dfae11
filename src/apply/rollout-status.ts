import { waveName, type Plan, type PlanRollout } from '../plan/index.js';
import type { JournalEntry } from './contract.js';
import { stepStates } from './step-states.js';

export type WaveState = 'done' | 'failed' | 'partly done' | 'pending';

export interface WaveStatus {
  name: string;
  workspaces: number;
  /** Workspaces whose every step is done. */
  done: number;
  /** Workspaces with a failed step. */
  failed: number;
  state: WaveState;
}

export interface RolloutStatus {
  basis: string;
  maxFailures: number;
  waves: WaveStatus[];
  /** The first wave not fully done: where a stopped rollout stands and where `apply` resumes. Absent when all done. */
  stoppedAt?: string;
}

/** Per wave, how many workspaces are done or failed, from the plan and the journal alone (no Azure call). Pure. */
export function rolloutStatus(plan: Plan, rollout: PlanRollout, entries: readonly JournalEntry[]): RolloutStatus {
  const states = stepStates(plan, entries);
  const byId = new Map(plan.workspaces.map((w) => [w.sourceId, w]));
  const waves = rollout.waves.map((ids, index): WaveStatus => {
    let done = 0;
    let failed = 0;
    for (const id of ids) {
      const steps = byId.get(id)?.steps ?? [];
      const stateOf = (stepId: string) => states.get(stepId)?.state ?? 'pending';
      if (steps.some((s) => stateOf(s.id) === 'failed')) failed++;
      else if (steps.every((s) => stateOf(s.id) === 'done')) done++;
    }
    const state: WaveState = done === ids.length ? 'done' : failed > 0 ? 'failed' : done > 0 ? 'partly done' : 'pending';
    return { name: waveName(index, rollout), workspaces: ids.length, done, failed, state };
  });
  const first = waves.find((w) => w.state !== 'done');
  const touched = waves.some((w) => w.done > 0 || w.failed > 0);
  return { basis: rollout.basis, maxFailures: rollout.maxFailures, waves, ...(first && touched ? { stoppedAt: first.name } : {}) };
}

/** The status lines of a rollout (after the per-workspace lines of `status`). Display only. */
export function renderRolloutStatus(status: RolloutStatus): string {
  const lines = [`rollout: ${status.basis}`];
  for (const w of status.waves) lines.push(`  ${w.name.padEnd(8)} ${w.state.padEnd(11)} ${w.done}/${w.workspaces} done${w.failed ? `, ${w.failed} failed` : ''}`);
  if (status.stoppedAt) lines.push(`stopped at: ${status.stoppedAt} (aml-isolate apply resumes there; rollback undoes what ran)`);
  return `${lines.join('\n')}\n`;
}
