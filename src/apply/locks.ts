import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ToolError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { applyLockPathFor, workspaceLockPathFor } from './plan-paths.js';

/**
 * Locks of apply and rollback: plans/<plan-id>/apply.lock (one run of a plan at a time) and one lock per workspace
 * across every plan of this user on this machine (plan-paths.ts workspaceLockPathFor). Hand-written lock files created with O_EXCL ('wx') so that the holder's
 * pid, host, plan, command and start time can be reported.
 *
 * A lock is STALE only when it was taken on this host and its pid is not alive (kill(pid, 0) → ESRCH); it is then
 * taken over. A lock from another host is never judged stale (its pid means nothing here). Taking over is itself
 * guarded by `<lock>.break` (O_EXCL), so two processes breaking the same stale lock cannot both win.
 *
 * A lock file appears with its content or not at all: the content is written to a temp file that is then hard-linked
 * to the lock's name (link fails with EEXIST when the name is taken, like O_EXCL). Before, a process killed between
 * the O_EXCL create and the write left an empty lock that no one could judge, refusing every later run (the 200-cycle
 * soak hit it). An empty lock older than EMPTY_LOCK_GRACE_MS, left by such an older version, is taken over.
 */
const EMPTY_LOCK_GRACE_MS = 10_000;

export interface LockContent {
  pid: number;
  host: string;
  planId: string;
  command: string;
  startedAt: string;
  /** Random, per acquisition: release removes a lock only while it still carries our nonce. */
  nonce: string;
}

export class LockHeldError extends ToolError {
  constructor(
    message: string,
    readonly path: string,
    readonly holder: LockContent | undefined,
  ) {
    super(message, ExitCode.locked);
  }
}

export interface AcquireApplyLocksOptions {
  plansDir: string;
  planId: string;
  workspaceIds: readonly string[];
  /** The ARM endpoint the run writes to: part of each workspace lock's key. Default ''. */
  endpoint?: string;
  /** Default 'apply'. */
  command?: string;
  /** Defaults: os.hostname(), process.pid (tests inject others). */
  host?: string;
  pid?: number;
  now?: () => Date;
  /** Told about each stale lock taken over (to warn the user). */
  onStale?: (e: { path: string; holder: LockContent | undefined }) => void;
}

export interface HeldLocks {
  readonly paths: readonly string[];
  /** Removes the locks that still carry our nonce; idempotent. */
  release(): Promise<void>;
}

/** Takes the plan's apply lock and every workspace's lock, all or nothing (what was taken is released on failure). */
export async function acquireApplyLocks(options: AcquireApplyLocksOptions): Promise<HeldLocks> {
  const content: LockContent = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    planId: options.planId,
    command: options.command ?? 'apply',
    startedAt: (options.now?.() ?? new Date()).toISOString(),
    nonce: randomBytes(12).toString('hex'),
  };
  // Sorted by path: every acquirer takes workspace locks in the same order.
  const byPath = new Map(options.workspaceIds.map((id) => [workspaceLockPathFor(id, options.endpoint), `Workspace ${id}`]));
  const locks: [string, string][] = [[applyLockPathFor(options.plansDir, options.planId), `Plan ${options.planId}`], ...[...byPath].sort(([a], [b]) => (a < b ? -1 : 1))];
  const paths = locks.map(([path]) => path);
  const taken: string[] = [];
  const release = async () => {
    for (const path of taken.splice(0).reverse()) await releaseIfOurs(path, content.nonce);
  };
  try {
    for (const [path, label] of locks) {
      await takeLock(path, label, content, options.onStale);
      taken.push(path);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { paths, release };
}

async function takeLock(path: string, label: string, content: LockContent, onStale: AcquireApplyLocksOptions['onStale']): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  if (await createExclusive(path, content)) return;
  const holder = await readLockSettled(path);
  if (holder === 'absent') {
    // Released between our create and our read: one more try, then report whoever holds it.
    if (await createExclusive(path, content)) return;
    throw heldError(path, label, await readLockSettled(path), content);
  }
  if (holder === 'unreadable') {
    if (!(await isAbandonedEmpty(path))) throw heldError(path, label, holder, content);
    await breakStale(path, label, 'empty', content, onStale);
    return;
  }
  if (!isStale(holder, content.host)) throw heldError(path, label, holder, content);
  await breakStale(path, label, holder, content, onStale);
}

/** An empty lock file not written for EMPTY_LOCK_GRACE_MS: its creator died between create and write. */
async function isAbandonedEmpty(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.size === 0 && Date.now() - info.mtimeMs > EMPTY_LOCK_GRACE_MS;
}

/** Replaces a stale lock under `<path>.break`, re-checking under it that the lock is still the stale one we read. */
async function breakStale(path: string, label: string, stale: LockContent | 'empty', content: LockContent, onStale: AcquireApplyLocksOptions['onStale']): Promise<void> {
  const guard = `${path}.break`;
  if (!(await createExclusive(guard, content))) {
    const breaker = await readLock(guard);
    // A breaker that died mid-break (same host, pid gone) leaves its guard: clear it once; otherwise someone is breaking.
    if (breaker !== 'absent' && breaker !== 'unreadable' && isStale(breaker, content.host)) await unlink(guard).catch(() => undefined);
    if (!(await createExclusive(guard, content))) throw heldError(path, label, stale === 'empty' ? 'unreadable' : stale, content, 'another process is taking over this stale lock');
  }
  try {
    const now = stale === 'empty' ? await readLock(path) : await readLockSettled(path);
    const same = stale === 'empty' ? now === 'unreadable' && (await isAbandonedEmpty(path)) : now !== 'unreadable' && now !== 'absent' && now.nonce === stale.nonce;
    if (now !== 'absent' && !same) throw heldError(path, label, now, content);
    if (now !== 'absent') await unlink(path).catch(ignoreMissing);
    if (!(await createExclusive(path, content))) throw heldError(path, label, await readLockSettled(path), content);
    onStale?.({ path, holder: stale === 'empty' ? undefined : stale });
  } finally {
    await releaseIfOurs(guard, content.nonce);
  }
}

/**
 * Creates the lock with our content, all at once: written and fsync'd under a temp name of our own (O_EXCL), then
 * hard-linked to the lock's name, which fails with EEXIST when it is taken. False when it is taken.
 */
async function createExclusive(path: string, content: LockContent): Promise<boolean> {
  const temp = `${path}.${content.nonce}.${process.pid}.tmp`;
  let handle;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw new ToolError(`Cannot create the lock file ${path}: ${(error as Error).message}`, undefined, { cause: error });
  }
  try {
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ToolError(`Cannot create the lock file ${path}: ${(error as Error).message}`, undefined, { cause: error });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** readLock, waiting briefly while the file is empty (its creator is between create and write). */
async function readLockSettled(path: string): Promise<LockContent | 'absent' | 'unreadable'> {
  for (let attempt = 0; ; attempt++) {
    const read = await readLock(path);
    if (read !== 'unreadable' || attempt >= 20) return read;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A lock file's content; 'unreadable' when it is not a lock we understand (e.g. a holder still writing it). */
export async function readLock(path: string): Promise<LockContent | 'absent' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const c = JSON.parse(text) as Partial<LockContent>;
    if (typeof c.pid === 'number' && typeof c.host === 'string' && typeof c.nonce === 'string') {
      return { pid: c.pid, host: c.host, planId: String(c.planId ?? ''), command: String(c.command ?? ''), startedAt: String(c.startedAt ?? ''), nonce: c.nonce };
    }
  } catch {
    // fall through
  }
  return 'unreadable';
}

function isStale(holder: LockContent, host: string): boolean {
  return holder.host === host && !isProcessAlive(holder.pid);
}

/** kill(pid, 0): ESRCH → gone; success or EPERM (someone else's process) → alive. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** For runSummary's isRunLive: a run recorded on this host whose pid is alive. Other hosts: unknown, so false. */
export function runLooksAlive(run: { pid?: number; host?: string }, host = hostname()): boolean {
  return run.pid !== undefined && run.host === host && isProcessAlive(run.pid);
}

function heldError(path: string, label: string, holder: LockContent | 'absent' | 'unreadable', us: LockContent, why?: string): LockHeldError {
  if (holder === 'absent' || holder === 'unreadable') {
    return new LockHeldError(
      `${label} is locked by ${path}, ${holder === 'absent' ? 'which is changing hands' : 'whose content is unreadable'}: wait and retry, or if no apply or rollback is running, remove ${path}.`,
      path,
      undefined,
    );
  }
  const other = holder.host !== us.host ? ` (another host: a lock from another host is never taken over automatically)` : '';
  return new LockHeldError(
    `${label} is locked by ${holder.command} of plan ${holder.planId}, pid ${holder.pid} on host ${holder.host}${other}, since ${holder.startedAt}${why ? `; ${why}` : ''}: wait for it to finish, or if that process is gone on that host, remove ${path}.`,
    path,
    holder,
  );
}

async function releaseIfOurs(path: string, nonce: string): Promise<void> {
  const now = await readLock(path).catch(() => 'unreadable' as const);
  if (now !== 'absent' && now !== 'unreadable' && now.nonce === nonce) await unlink(path).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
