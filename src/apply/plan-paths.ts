import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The plan directory layout (one place; nothing else builds these paths):
 *
 *   <plansDir>/<plan-id>/plan.json       the plan (written by `plan`, never edited)
 *   <plansDir>/<plan-id>/journal.jsonl   the journal beside it (append-only)
 *   <plansDir>/<plan-id>/apply.lock      one apply/rollback of this plan at a time
 *   <user state>/aml-isolate/locks/<sha256>.lock   one run per workspace across every plan of this user on this
 *                                        machine (workspaceLockPathFor)
 *
 * `plansDir` of a plan file is the parent of its plan directory.
 */
export const PLAN_FILE_NAME = 'plan.json';
export const JOURNAL_FILE_NAME = 'journal.jsonl';
export const APPLY_LOCK_FILE_NAME = 'apply.lock';

export function planDirFor(plansDir: string, planId: string): string {
  return join(plansDir, planId);
}

/** The journal sits beside the plan file, whatever the plan file is called. */
export function journalPathFor(planPath: string): string {
  return join(dirname(planPath), JOURNAL_FILE_NAME);
}

/** plans/<plan-id>/plan.json → plans (the directory holding every plan). */
export function plansDirFor(planPath: string): string {
  return dirname(dirname(resolve(planPath)));
}

export function applyLockPathFor(plansDir: string, planId: string): string {
  return join(planDirFor(plansDir, planId), APPLY_LOCK_FILE_NAME);
}

/**
 * Workspace locks are per user and machine, not per plans folder: two plans for the same workspace in different
 * --out-dir folders must not run together. AML_ISOLATE_LOCK_DIR overrides the place (tests, shared CI runners).
 */
export function workspaceLocksDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['AML_ISOLATE_LOCK_DIR']) return resolve(env['AML_ISOLATE_LOCK_DIR']);
  const state = env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(state, 'aml-isolate', 'locks');
}

/**
 * One lock per workspace per ARM endpoint (the same id in two clouds, or two emulators, is two workspaces): sha256 of
 * the endpoint and the lower-cased id (ARM ids compare case-insensitively).
 */
export function workspaceLockPathFor(workspaceId: string, endpoint = '', locksDir = workspaceLocksDir()): string {
  const digest = createHash('sha256').update(`${endpoint.toLowerCase()}|${workspaceId.toLowerCase()}`, 'utf8').digest('hex');
  return join(locksDir, `${digest}.lock`);
}
