import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArmRequester } from '../../src/azure/arm-requester.js';
import { acquireAzureLocks, AzureLockHeldError } from '../../src/apply/azure-lock.js';
import { formatLockValue, maxTagValueLength, parseLockValue } from '../../src/apply/azure-lock-value.js';
import { runPlan, type AzureLockSettings, type RunPlanOutcome, type RunPlanOptions } from '../../src/apply/run-plan.js';
import { ToolError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { readClients } from '../../src/observe/ports.js';
import { writePlanFile } from '../../src/plan/plan-store.js';
import type { Plan } from '../../src/plan/index.js';
import { getWorkspace, idOf, isWrite, planFor, startFixture, W, type Fixture } from './memory-journal.js';

/**
 * Issue 14: the lock in Azure. Every run goes through runPlan against the real emulator over HTTPS; "another machine"
 * is another local lock directory (AML_ISOLATE_LOCK_DIR), so only the tag in Azure can stop it.
 */
const LOCK = 'aml-isolate-lock';
const tagsPath = (id: string) => `${id}/providers/Microsoft.Resources/tags/default`;

let fx: Fixture;
let dir: string;
const savedLockDir = process.env['AML_ISOLATE_LOCK_DIR'];
beforeEach(async () => {
  fx = await startFixture({ lroDurationMs: 0 });
  dir = await mkdtemp(join(tmpdir(), 'aml-azure-lock-'));
  process.env['AML_ISOLATE_LOCK_DIR'] = join(dir, 'machine-a');
});
afterEach(async () => {
  if (savedLockDir === undefined) delete process.env['AML_ISOLATE_LOCK_DIR'];
  else process.env['AML_ISOLATE_LOCK_DIR'] = savedLockDir;
  await fx?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function saved(plan: Plan): Promise<string> {
  const path = join(dir, 'plans', plan.planId, 'plan.json');
  await writePlanFile(path, plan);
  return path;
}

function run(kind: 'apply' | 'rollback', planPath: string, extra: Partial<RunPlanOptions> & { lock?: AzureLockSettings } = {}): Promise<RunPlanOutcome> {
  const { lock, ...rest } = extra;
  return runPlan({
    kind, planPath, arm: fx.clients.arm, reader: readClients(fx.clients), concurrency: 2, failFast: false,
    abortSignal: new AbortController().signal, pollIntervalInMs: 0, azureLock: { settleDelayInMs: 0, ...lock }, ...rest,
  });
}

const lockTag = async (id: string) => (await getWorkspace(fx.clients, id))?.tags?.[LOCK];
const setLockTag = (id: string, value: string) => fx.clients.arm.patch(tagsPath(id), '2021-04-01', { operation: 'Merge', properties: { tags: { [LOCK]: value } } });
const writesSince = (n: number) => fx.emu.requests.slice(n).filter(isWrite);

describe('the lock in Azure', () => {
  const inPlace = idOf(W.publicInternetOutbound);

  it('(1, 2) a run from another machine is refused with exit 7 while the tag is held, and writes nothing; the tag goes at the end', async () => {
    const first = await planFor(fx.clients, [W.publicInternetOutbound]);
    const second = await planFor(fx.clients, [W.publicInternetOutbound]);
    const [firstPath, secondPath] = [await saved(first), await saved(second)];
    let refused: unknown;
    let secondWrites: unknown[] = [];
    let confirmedWrites: unknown[] = [];
    const atStart = fx.emu.requests.length;
    const outcome = await run('apply', firstPath, {
      // Nothing, not even the tag, is written before the confirmation.
      confirm: async () => {
        confirmedWrites = writesSince(atStart);
      },
      // The engine's wrapper runs once the tag is held and before the first step: machine B tries then.
      progress: () => ({ events: {}, run: async (work) => {
        const held = await lockTag(inPlace);
        expect(parseLockValue(held!).planId).toBe(first.planId);
        process.env['AML_ISOLATE_LOCK_DIR'] = join(dir, 'machine-b');
        const mark = fx.emu.requests.length;
        refused = await run('apply', secondPath).catch((e: unknown) => e);
        secondWrites = writesSince(mark);
        process.env['AML_ISOLATE_LOCK_DIR'] = join(dir, 'machine-a');
        return work();
      } }),
    });
    expect(confirmedWrites).toEqual([]);
    expect(refused).toBeInstanceOf(AzureLockHeldError);
    expect((refused as ToolError).exitCode).toBe(ExitCode.locked);
    expect((refused as Error).message).toContain(`plan ${first.planId}`);
    expect((refused as Error).message).toContain('--break-azure-lock');
    expect(secondWrites).toEqual([]);
    expect(outcome.ran && outcome.result.outcome).toBe('succeeded');
    expect(await lockTag(inPlace)).toBeUndefined();
    // The planned tag change kept our lock while it ran (ARM replaces tags whole) and the lock is not left behind.
    const patch = fx.emu.requests.find((r) => r.method === 'PATCH' && r.url.split('?')[0]!.toLowerCase() === inPlace.toLowerCase());
    expect((patch?.body as { tags: Record<string, string> }).tags[LOCK]).toMatch(new RegExp(`^${first.planId};`));
    expect((await getWorkspace(fx.clients, inPlace))?.tags).toEqual(first.workspaces[0]!.target!.tags);
  });

  it('(2) the tag is released after a failed step, and a rollback restores the tags without bringing a lock back', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const path = await saved(plan);
    fx.emu.configure({ faults: [{ match: `^PATCH ${inPlace}$`, kind: 'status', status: 409, code: 'Conflict' }] });
    const failed = await run('apply', path);
    fx.emu.configure({ faults: [] });
    expect(failed.ran && failed.result.outcome).toBe('failed');
    expect(await lockTag(inPlace)).toBeUndefined();

    const applied = await run('apply', path);
    expect(applied.ran && applied.result.outcome).toBe('succeeded');
    const rolledBack = await run('rollback', path);
    expect(rolledBack.ran && rolledBack.result.outcome).toBe('succeeded');
    const ws = await getWorkspace(fx.clients, inPlace);
    expect(ws?.tags?.[LOCK]).toBeUndefined();
    expect(ws?.tags ?? {}).toEqual(plan.workspaces[0]!.steps.find((s) => s.kind === 'update-workspace')!.before!['tags']);
  });

  it('(3) a resume of the same plan takes a tag it left behind over, and says so', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const path = await saved(plan);
    const stale = `${plan.planId};crashed-host;run-0;2020-01-01T00:00:00.000Z`;
    await setLockTag(inPlace, stale);
    const notices: string[] = [];
    const outcome = await run('apply', path, { lock: { onNotice: (l) => notices.push(l) } });
    expect(outcome.ran && outcome.result.outcome).toBe('succeeded');
    expect(notices).toEqual([expect.stringContaining(`took over the lock in Azure of this plan on ${W.publicInternetOutbound} (was ${stale})`)]);
    expect(await lockTag(inPlace)).toBeUndefined();
  });

  it('(4) a tag of another plan refuses the run until --break-azure-lock, which takes it over and removes it at the end', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const path = await saved(plan);
    const foreign = 'plan-other;host-b;run-9;2020-01-01T00:00:00.000Z';
    await setLockTag(inPlace, foreign);
    const mark = fx.emu.requests.length;
    const refused = await run('apply', path).catch((e: unknown) => e);
    expect((refused as ToolError).exitCode).toBe(ExitCode.locked);
    expect((refused as Error).message).toContain('plan plan-other, run run-9 on host host-b, since 2020-01-01T00:00:00.000Z');
    expect(writesSince(mark)).toEqual([]);
    expect(await lockTag(inPlace)).toBe(foreign);

    const notices: string[] = [];
    const outcome = await run('apply', path, { lock: { breakHeld: true, onNotice: (l) => notices.push(l) } });
    expect(outcome.ran && outcome.result.outcome).toBe('succeeded');
    expect(notices[0]).toContain(`broke the lock in Azure on ${W.publicInternetOutbound} (was ${foreign})`);
    expect(await lockTag(inPlace)).toBeUndefined();
  });

  it('(5) re-creation: the plan is not stale because of a lock tag, and the new workspace never gets one', async () => {
    const source = idOf(W.approvedOnly);
    await setLockTag(source, 'plan-crashed;host-c;run-1;2020-01-01T00:00:00.000Z');
    const plan = await planFor(fx.clients, [W.approvedOnly], { retireSource: 'soft-delete' });
    const ws = plan.workspaces[0]!;
    expect(ws.strategy).toBe('recreate');
    expect(Object.keys(ws.target!.tags)).not.toContain(LOCK);
    const targetId = ws.steps.find((s) => s.kind === 'create-workspace')!.target;
    const path = await saved(plan);
    // The staleness check reads the crashed run's tag, then our tag replaces it: the basis must not see either.
    const outcome = await run('apply', path, { lock: { breakHeld: true } });
    expect(outcome.ran && outcome.result.outcome).toBe('succeeded');
    const create = fx.emu.requests.find((r) => r.method === 'PUT' && r.url.split('?')[0]!.toLowerCase() === targetId.toLowerCase());
    expect(Object.keys((create?.body as { tags?: object }).tags ?? {})).not.toContain(LOCK);
    const created = await getWorkspace(fx.clients, targetId);
    expect(created?.tags).toEqual(ws.target!.tags);
    expect(await getWorkspace(fx.clients, source)).toBeNull(); // retired: the source guard's fingerprint ignored the tag
  });

  it('(6) when the re-read after our write shows another run\'s value, we back off and leave its tag alone', async () => {
    const rival = 'plan-rival;host-r;run-r;2020-01-01T00:00:00.000Z';
    const racing: ArmRequester = Object.create(fx.clients.arm, {
      patch: {
        value: async (...args: Parameters<ArmRequester['patch']>) => {
          const response = await fx.clients.arm.patch(...args);
          if ((args[2] as { operation?: string }).operation === 'Merge') await setLockTag(inPlace, rival); // lands after ours
          return response;
        },
      },
    });
    const attempt = acquireAzureLocks(racing, { planId: 'plan-me', workspaceIds: [inPlace], runId: 'run-me', settleDelayInMs: 0 });
    await expect(attempt).rejects.toThrow(AzureLockHeldError);
    await expect(attempt).rejects.toThrow(/locked in Azure by plan plan-rival, .* just as this run locked it/);
    expect(await lockTag(inPlace)).toBe(rival);
  });

  it('a 403 on the tag write fails loudly with the permission and --no-azure-lock; --no-azure-lock sends no tag request', async () => {
    const plan = await planFor(fx.clients, [W.publicInternetOutbound]);
    const path = await saved(plan);
    fx.emu.configure({ faults: [{ match: 'PATCH .*/tags/default', kind: 'status', status: 403, code: 'AuthorizationFailed' }] });
    const refused = await run('apply', path).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/Microsoft\.Resources\/tags\/write.*--no-azure-lock/);
    fx.emu.configure({ faults: [] });

    const mark = fx.emu.requests.length;
    const outcome = await run('apply', path, { lock: { enabled: false } });
    expect(outcome.ran && outcome.result.outcome).toBe('succeeded');
    expect(fx.emu.requests.slice(mark).filter((r) => r.url.includes('/tags/default'))).toEqual([]);
  });

  it('a dry run reads and writes no tag', async () => {
    const path = await saved(await planFor(fx.clients, [W.publicInternetOutbound]));
    const mark = fx.emu.requests.length;
    await runPlan({ kind: 'dry-run', planPath: path, arm: fx.clients.arm, reader: readClients(fx.clients), concurrency: 1, failFast: false, abortSignal: new AbortController().signal, pollIntervalInMs: 0 }).catch(() => undefined);
    expect(fx.emu.requests.slice(mark).filter((r) => r.url.includes('/tags/default'))).toEqual([]);
  });

  it('the tag value fits Azure\'s 256 characters, however long the host name', () => {
    const value = formatLockValue({ planId: 'plan-1', host: 'h'.repeat(400), runId: 'r'.repeat(36), at: new Date(0).toISOString() });
    expect(value.length).toBeLessThanOrEqual(maxTagValueLength);
    expect(parseLockValue(value)).toMatchObject({ planId: 'plan-1', runId: 'r'.repeat(36), at: '1970-01-01T00:00:00.000Z' });
  });
});
