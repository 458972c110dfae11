import { readPlanFile, type Plan, type PlanWorkspace } from '../plan/index.js';
import { workspaceId } from '../model/resource-id.js';
import type { JournalEntry } from './contract.js';
import { readJournal } from './journal.js';
import { journalPathFor, plansDirFor } from './plan-paths.js';

/** A saved plan with its journal (if any): what apply, rollback and status start from. */
export interface PlanOnDisk {
  path: string;
  plan: Plan;
  plansDir: string;
  journalPath: string;
  /** undefined: the plan was never applied (no journal file). */
  entries: JournalEntry[] | undefined;
}

/** Format version first, then schema, then content hash (readPlanFile); then the journal beside it. */
export async function loadPlanOnDisk(path: string): Promise<PlanOnDisk> {
  const plan = await readPlanFile(path);
  const journalPath = journalPathFor(path);
  return { path, plan, plansDir: plansDirFor(path), journalPath, entries: await readJournal(journalPath) };
}

/** Workspaces apply may run: not blocked, with steps. */
export function runnableWorkspaces(plan: Plan): PlanWorkspace[] {
  return plan.workspaces.filter((w) => !w.blocked && w.steps.length > 0);
}

/** Every workspace id a run may touch: the sources and the new workspaces of re-creations (for the locks). */
export function touchedWorkspaceIds(workspaces: readonly PlanWorkspace[]): string[] {
  const ids = new Set<string>();
  for (const w of workspaces) {
    ids.add(w.sourceId.toLowerCase());
    if (w.target) ids.add(workspaceId(w.target.subscriptionId, w.target.resourceGroup, w.target.name).toLowerCase());
  }
  return [...ids];
}
