import { ExitCode } from '../../src/exit-codes.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireApplyLocks, isProcessAlive, LockHeldError, readLock, runLooksAlive, type LockContent } from '../../src/apply/locks.js';
import { applyLockPathFor, workspaceLockPathFor } from '../../src/apply/plan-paths.js';
import { ToolError } from '../../src/errors.js';

const SUB = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces';
const WS1 = `${SUB}/ws-one`;
const WS2 = `${SUB}/ws-two`;
const host = hostname();

let plansDir: string;
let sleeper: ChildProcess;
let deadPid: number;

beforeAll(async () => {
  // A live process that is not us, and the pid of one that has exited.
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  const done = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  deadPid = done.pid!;
  await new Promise((r) => done.once('exit', r));
});
afterAll(() => {
  sleeper.kill();
});
beforeEach(async () => {
  plansDir = join(await mkdtemp(join(tmpdir(), 'aml-locks-')), 'plans');
  process.env['AML_ISOLATE_LOCK_DIR'] = join(dirname(plansDir), 'user-locks');
});
afterEach(async () => {
  delete process.env['AML_ISOLATE_LOCK_DIR'];
  await rm(dirname(plansDir), { recursive: true, force: true });
});

async function plantLock(path: string, holder: Partial<LockContent>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ pid: sleeper.pid, host, planId: 'plan-other', command: 'apply', startedAt: '2026-01-01T10:00:00.000Z', nonce: 'theirs', ...holder }));
}

const exists = (path: string) => stat(path).then(() => true, () => false);

describe('acquireApplyLocks', () => {
  it('takes the plan lock and one lock per workspace (case-insensitive id), and release removes them', async () => {
    const locks = await acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1, WS2, WS1.toUpperCase()], command: 'rollback', now: () => new Date('2026-02-03T04:05:06.000Z') });
    const wsPath = workspaceLockPathFor(WS1);
    expect(wsPath).toBe(workspaceLockPathFor(WS1.toUpperCase()));
    expect(wsPath).toMatch(/user-locks\/[0-9a-f]{64}\.lock$/);
    expect(locks.paths).toHaveLength(3);
    expect(locks.paths[0]).toBe(join(plansDir, 'plan-1', 'apply.lock'));
    for (const p of locks.paths) {
      expect(await readLock(p)).toEqual({ pid: process.pid, host, planId: 'plan-1', command: 'rollback', startedAt: '2026-02-03T04:05:06.000Z', nonce: expect.stringMatching(/^[0-9a-f]{24}$/) });
      expect((await stat(p)).mode & 0o777).toBe(0o600);
    }
    await locks.release();
    for (const p of locks.paths) expect(await exists(p)).toBe(false);
    await locks.release(); // idempotent
  });

  it('refuses a lock held by a live process, naming its pid, host, plan and start, and what to do', async () => {
    const path = applyLockPathFor(plansDir, 'plan-1');
    await plantLock(path, { planId: 'plan-1' });
    const attempt = acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1] });
    await expect(attempt).rejects.toBeInstanceOf(LockHeldError);
    const error = (await attempt.catch((e: unknown) => e)) as LockHeldError;
    expect(error).toBeInstanceOf(ToolError);
    expect(error.exitCode).toBe(ExitCode.locked);
    expect(ExitCode.locked).toBe(7);
    expect(error.holder).toMatchObject({ pid: sleeper.pid, host });
    expect(error.message).toBe(
      `Plan plan-1 is locked by apply of plan plan-1, pid ${sleeper.pid} on host ${host}, since 2026-01-01T10:00:00.000Z: wait for it to finish, or if that process is gone on that host, remove ${path}.`,
    );
    expect(error.message).not.toContain('\n');
    expect(await exists(workspaceLockPathFor(WS1))).toBe(false);
  });

  it('a workspace is locked across plans', async () => {
    const other = await acquireApplyLocks({ plansDir, planId: 'plan-a', workspaceIds: [WS1] });
    await expect(acquireApplyLocks({ plansDir, planId: 'plan-b', workspaceIds: [WS2, WS1] })).rejects.toThrow(
      new RegExp(`^Workspace ${WS1} is locked by apply of plan plan-a, pid ${process.pid} on host `),
    );
    // All or nothing: plan-b's own lock and WS2's were released.
    expect(await exists(applyLockPathFor(plansDir, 'plan-b'))).toBe(false);
    expect(await exists(workspaceLockPathFor(WS2))).toBe(false);
    await other.release();
    const b = await acquireApplyLocks({ plansDir, planId: 'plan-b', workspaceIds: [WS2, WS1] });
    await b.release();
  });

  it('takes over a stale lock (same host, pid gone) and reports it', async () => {
    expect(isProcessAlive(deadPid)).toBe(false);
    const path = workspaceLockPathFor(WS2);
    await plantLock(path, { pid: deadPid, planId: 'plan-crashed' });
    const stale: unknown[] = [];
    const locks = await acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1, WS2], onStale: (e) => stale.push(e) });
    expect(stale).toEqual([{ path, holder: expect.objectContaining({ pid: deadPid, planId: 'plan-crashed', nonce: 'theirs' }) }]);
    expect(await readLock(path)).toMatchObject({ pid: process.pid, planId: 'plan-1' });
    expect((await readdir(dirname(path))).filter((f) => f.endsWith('.break'))).toEqual([]);
    await locks.release();
    expect(await exists(path)).toBe(false);
  });

  it('never judges a lock from another host stale, and says so', async () => {
    const path = applyLockPathFor(plansDir, 'plan-1');
    await plantLock(path, { pid: deadPid, host: 'other-host', planId: 'plan-1' });
    await expect(acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [] })).rejects.toThrow(
      `Plan plan-1 is locked by apply of plan plan-1, pid ${deadPid} on host other-host (another host: a lock from another host is never taken over automatically), since 2026-01-01T10:00:00.000Z: wait for it to finish, or if that process is gone on that host, remove ${path}.`,
    );
    expect(await readLock(path)).toMatchObject({ host: 'other-host', nonce: 'theirs' });
  });

  it('all or nothing: a held workspace lock releases the locks already taken', async () => {
    const held = workspaceLockPathFor(WS2);
    await plantLock(held, {});
    await expect(acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1, WS2] })).rejects.toBeInstanceOf(LockHeldError);
    expect(await exists(applyLockPathFor(plansDir, 'plan-1'))).toBe(false);
    expect(await exists(workspaceLockPathFor(WS1))).toBe(false);
    expect(await readLock(held)).toMatchObject({ nonce: 'theirs' });
  });

  it('release leaves a lock that is no longer ours', async () => {
    const locks = await acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1] });
    const path = workspaceLockPathFor(WS1);
    await plantLock(path, { planId: 'plan-2' }); // e.g. removed by hand and re-taken by another run
    await locks.release();
    expect(await readLock(path)).toMatchObject({ planId: 'plan-2', nonce: 'theirs' });
    expect(await exists(applyLockPathFor(plansDir, 'plan-1'))).toBe(false);
  });

  it('refuses a lock whose content it cannot read, without touching it', async () => {
    const path = applyLockPathFor(plansDir, 'plan-1');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'not json');
    await expect(acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [] })).rejects.toThrow(
      `Plan plan-1 is locked by ${path}, whose content is unreadable: wait and retry, or if no apply or rollback is running, remove ${path}.`,
    );
    expect(await readFile(path, 'utf8')).toBe('not json');
  });

  it('an empty lock left by a process killed between create and write is taken over once it is old; a fresh one is not (found by the soak)', async () => {
    const path = workspaceLockPathFor(WS1);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '');
    await expect(acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1] })).rejects.toThrow(/whose content is unreadable/);
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    const taken: unknown[] = [];
    const locks = await acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1], onStale: (e) => taken.push(e) });
    expect(taken).toEqual([{ path, holder: undefined }]);
    expect(await readLock(path)).toMatchObject({ pid: process.pid, planId: 'plan-1' });
    await locks.release();
  });

  it('a lock file appears with its content: no temp file or empty lock is left behind', async () => {
    const locks = await acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1, WS2] });
    for (const p of locks.paths) {
      expect((await readFile(p, 'utf8')).length).toBeGreaterThan(0);
      expect((await readdir(dirname(p))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
    await locks.release();
  });

  it('two acquirers racing for the same locks: exactly one wins', async () => {
    for (let round = 0; round < 10; round++) {
      const results = await Promise.allSettled([
        acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1, WS2] }),
        acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS2, WS1] }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(LockHeldError);
      await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireApplyLocks>>>).value.release();
    }
  });

  it('two acquirers racing to take over the same stale lock: exactly one wins', async () => {
    for (let round = 0; round < 10; round++) {
      await plantLock(applyLockPathFor(plansDir, 'plan-1'), { pid: deadPid });
      const results = await Promise.allSettled([0, 1, 2].map(() => acquireApplyLocks({ plansDir, planId: 'plan-1', workspaceIds: [WS1] })));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockHeldError);
      await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireApplyLocks>>>).value.release();
      expect(await readdir(join(plansDir, 'plan-1'))).toEqual([]);
    }
  });

  it('runLooksAlive: only a live pid on this host', () => {
    expect(runLooksAlive({ pid: sleeper.pid!, host })).toBe(true);
    expect(runLooksAlive({ pid: deadPid, host })).toBe(false);
    expect(runLooksAlive({ pid: sleeper.pid!, host: 'elsewhere' })).toBe(false);
    expect(runLooksAlive({})).toBe(false);
  });
});

describe('workspace locks span every plans folder (issue 14, reproduction 3)', () => {
  it('two plans for the same workspace in different --out-dir folders cannot run together', async () => {
    const other = join(dirname(plansDir), 'elsewhere', 'plans');
    const first = await acquireApplyLocks({ plansDir, planId: 'plan-a', workspaceIds: [WS1], endpoint: 'https://arm.test' });
    try {
      await expect(acquireApplyLocks({ plansDir: other, planId: 'plan-b', workspaceIds: [WS1.toUpperCase()], endpoint: 'https://ARM.test' })).rejects.toBeInstanceOf(LockHeldError);
      // The same id behind another ARM endpoint (another cloud, another emulator) is another workspace.
      const elsewhere = await acquireApplyLocks({ plansDir: other, planId: 'plan-c', workspaceIds: [WS1], endpoint: 'https://arm.other' });
      await elsewhere.release();
    } finally {
      await first.release();
    }
  });
});
