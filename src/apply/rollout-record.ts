import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import type { Plan, PlanRollout } from '../plan/index.js';
import { checkRolloutCovers } from '../plan/rollout-check.js';
import { resolveRollout, type RolloutOverrides } from './rollout-choice.js';

/**
 * The waves an apply chose when the plan carried none (flags or the default), saved beside the journal
 * (plans/<plan-id>/rollout.json) so that `status` shows the waves that really ran. The plan's own rollout wins.
 */
export const ROLLOUT_FILE_NAME = 'rollout.json';

export function rolloutRecordPath(journalPath: string): string {
  return join(dirname(journalPath), ROLLOUT_FILE_NAME);
}

export async function saveRolloutRecord(journalPath: string, rollout: PlanRollout): Promise<void> {
  await writeFileAtomic(rolloutRecordPath(journalPath), `${JSON.stringify(rollout, null, 2)}\n`);
}

/** The rollout `status` shows: the plan's, else the one apply recorded, else none. A record that does not fit the plan is ignored. */
export async function rolloutToShow(plan: Plan, journalPath: string): Promise<PlanRollout | undefined> {
  if (plan.rollout) return plan.rollout;
  let record: PlanRollout;
  try {
    record = JSON.parse(await readFile(rolloutRecordPath(journalPath), 'utf8')) as PlanRollout;
  } catch {
    return undefined;
  }
  if (!Array.isArray(record?.waves) || typeof record.basis !== 'string') return undefined;
  let fits = true;
  checkRolloutCovers(record.waves, plan.workspaces, () => (fits = false));
  return fits ? record : undefined;
}

/**
 * The waves of an apply: a resume without order flags keeps the waves the first run recorded (so it continues with
 * the next wave of the same order); otherwise resolveRollout (the plan's, the flags', the default).
 */
export async function chooseRunRollout(plan: Plan, journalPath: string, overrides: RolloutOverrides = {}): Promise<PlanRollout> {
  const orderFlags = Object.entries(overrides).some(([k, v]) => k !== 'maxFailures' && v !== undefined);
  const recorded = plan.rollout || orderFlags ? undefined : await rolloutToShow(plan, journalPath);
  if (recorded) return overrides.maxFailures === undefined ? recorded : { ...recorded, maxFailures: overrides.maxFailures };
  return resolveRollout(plan, overrides);
}
