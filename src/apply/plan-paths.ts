import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

/**
 * The plan directory layout (one place; nothing else builds these paths):
 *
 *   <plansDir>/<plan-id>/plan.json       the plan (written by `plan`, never edited)
 *   <plansDir>/<plan-id>/journal.jsonl   the journal beside it (append-only)
 *   <plansDir>/<plan-id>/apply.lock      one apply/rollback of this plan at a time
 *   <plansDir>/.locks/<sha256>.lock      one run per workspace across all plans: a workspace may appear in several
 *                                        plans; sha256 of the lower-cased workspace id (ARM ids compare case-insensitively)
 *
 * `plansDir` of a plan file is the parent of its plan directory.
 */
export const PLAN_FILE_NAME = 'plan.json';
export const JOURNAL_FILE_NAME = 'journal.jsonl';
export const APPLY_LOCK_FILE_NAME = 'apply.lock';
export const WORKSPACE_LOCKS_DIR = '.locks';

export function planDirFor(plansDir: string, planId: string): string {
  return join(plansDir, planId);
}

/** The journal sits beside the plan file, whatever the plan file is called. */
export function journalPathFor(planPath: string): string {
  return join(dirname(planPath), JOURNAL_FILE_NAME);
}

/** plans/<plan-id>/plan.json → plans (the directory holding every plan and `.locks`). */
export function plansDirFor(planPath: string): string {
  return dirname(dirname(resolve(planPath)));
}

export function applyLockPathFor(plansDir: string, planId: string): string {
  return join(planDirFor(plansDir, planId), APPLY_LOCK_FILE_NAME);
}

export function workspaceLocksDir(plansDir: string): string {
  return join(plansDir, WORKSPACE_LOCKS_DIR);
}

export function workspaceLockPathFor(plansDir: string, workspaceId: string): string {
  const digest = createHash('sha256').update(workspaceId.toLowerCase(), 'utf8').digest('hex');
  return join(workspaceLocksDir(plansDir), `${digest}.lock`);
}

