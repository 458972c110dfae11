import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { applyLockPathFor, journalPathFor } from '../../src/apply/plan-paths.js';

const P = DEMO.prod;
const API = 'api-version=2025-06-01';
const wsId = (name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const IN_PLACE = wsId(DEMO.workspaces.publicInternetOutbound);
const RECREATE = wsId(DEMO.workspaces.approvedOnly);
const WRITES = new Set(['PUT', 'PATCH', 'POST', 'DELETE']);

describe('apply, rollback and status: the real CLI against the emulator process', () => {
  let emu: EmulatorProcess;
  let dir: string;
  // apply and rollback poll long-running operations without waiting: the emulator's operations last 300 ms.
  const cli = (...args: string[]) =>
    runCli([...args, ...emu.cliArgs, ...(['apply', 'rollback'].includes(args[0]!) ? ['--poll-interval-ms', '0'] : [])], { env: emu.cliEnv, cwd: dir });
  const statusOf = async (planPath: string) => JSON.parse((await runCli(['status', planPath, '-o', 'json'], { cwd: dir })).stdout);
  const workspace = async (id: string) => (await emu.arm('GET', `${id}?${API}`)).body;
  const workspacesInRg = async () =>
    ((await emu.arm('GET', `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces?${API}`)).body.value as { name: string }[])
      .map((w) => w.name)
      .sort();
  const writesSince = async (count: number) =>
    ((await emu.admin('GET', '/_emulator/requests')) as { value: { method: string; url: string }[] }).value.slice(count).filter((r) => WRITES.has(r.method));
  const requestCount = async () => ((await emu.admin('GET', '/_emulator/requests')) as { value: unknown[] }).value.length;

  async function planFor(id: string): Promise<string> {
    // The demo workspaces have no inbound private endpoint: acknowledged here (test/e2e/inbound.test.ts covers the modes).
    const result = await cli('plan', id, '--allow-no-inbound');
    expect(result.code, result.stderr).toBe(0);
    const [planId] = readdirSync(join(dir, 'plans'));
    return join('plans', planId!, 'plan.json');
  }

  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '300']);
  });
  afterAll(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    await emu.admin('POST', '/_emulator/reset?seed=demo');
    await emu.admin('POST', '/_emulator/config', { faults: [] });
    dir = mkdtempSync(join(tmpdir(), 'aml-apply-e2e-'));
  });

  it('--dry-run prints every write (method, URL, body) and sends none: the request log proves it', async () => {
    const planPath = await planFor(IN_PLACE);
    const before = await requestCount();
    const result = await cli('apply', planPath, '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`PATCH ${emu.endpoint}${IN_PLACE}?${API}`);
    expect(result.stdout).toMatch(/"publicNetworkAccess": "Disabled"/);
    expect(result.stdout).toMatch(/PUT .*\/outboundRules\/pe-stpublicinternet-blob\?api-version=2025-06-01/);
    expect(result.stdout).toMatch(/POST .*\/provisionManagedNetwork\?api-version=2025-06-01/);
    expect(await writesSince(before)).toEqual([]);
    expect(existsSync(journalPathFor(join(dir, planPath)))).toBe(false);
    expect(result.stderr).toMatch(/dry run: nothing was written/);
  });

  it('refuses to run without a terminal and without --yes, writing nothing', async () => {
    const planPath = await planFor(IN_PLACE);
    const before = await requestCount();
    const result = await cli('apply', planPath);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/needs a confirmation: run it at a terminal, or pass --yes/);
    expect(await writesSince(before)).toEqual([]);
  });

  it.each([
    ['in-place', IN_PLACE],
    ['recreate', RECREATE],
  ])('%s: apply -> compliant -> status -> refuse a second apply -> rollback -> the source is as before', async (_strategy, source) => {
    const planPath = await planFor(source);
    const sourceBefore = await workspace(source);
    const namesBefore = await workspacesInRg();

    const applied = await cli('apply', planPath, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`To undo: aml-isolate rollback ${planPath}`);
    const audit = JSON.parse((await cli('audit', '-s', P.subscriptionId, '-g', P.rg, '-o', 'json')).stdout);
    const remediated = audit.workspaces.find((w: { name: string }) => w.name === (source === RECREATE ? 'ws-approved-only-iso' : 'ws-public-internet-outbound'));
    expect(remediated.compliant).toBe(true);
    expect((await statusOf(planPath)).workspaces[0].state).toBe('applied');

    const again = await cli('apply', planPath, '--yes');
    expect(again.code).toBe(7);
    expect(again.stderr).toMatch(/already applied/);

    const rolledBack = await cli('rollback', planPath, '--yes');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    const sourceAfter = await workspace(source);
    if (source === RECREATE) {
      expect(sourceAfter).toEqual(sourceBefore); // never touched
    } else {
      // What can be undone is: public access and tags. The isolation mode is one-way (reported as not undone).
      expect(sourceAfter.properties.publicNetworkAccess).toBe(sourceBefore.properties.publicNetworkAccess);
      expect(sourceAfter.tags ?? {}).toEqual(sourceBefore.tags ?? {}); // no tags and {} are the same to ARM
      expect(rolledBack.stderr).toMatch(/not undone/);
    }
    expect(await workspacesInRg()).toEqual(namesBefore); // the new workspace is gone (purged)
    expect((await statusOf(planPath)).workspaces[0].state).toMatch(/rolled back/);
    const reapply = await cli('apply', planPath, '--yes');
    expect(reapply.code).toBe(7);
    expect(reapply.stderr).toMatch(/was rolled back; make a new plan/);
  });

  it('a stale plan is refused, naming the resource and the change', async () => {
    const planPath = await planFor(IN_PLACE);
    await emu.arm('PATCH', `${IN_PLACE}?${API}`, { tags: { owner: 'someone-else' } });
    await new Promise((r) => setTimeout(r, 400)); // the PATCH is a long-running operation
    const before = await requestCount();
    const result = await cli('apply', planPath, '--yes');
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/is stale: 1 resource changed/);
    expect(result.stderr).toMatch(/tags/);
    const dryRun = await cli('apply', planPath, '--dry-run');
    expect(dryRun.code).toBe(7); // a dry run does the same checks
    expect(dryRun.stdout).toBe('');
    expect(await writesSince(before)).toEqual([]);
  });

  it('a tampered plan is refused before anything is read', async () => {
    const planPath = await planFor(IN_PLACE);
    const full = join(dir, planPath);
    writeFileSync(full, readFileSync(full, 'utf8').replace('"pe-stpublicinternet-blob"', '"pe-evil"'));
    const before = await requestCount();
    const result = await cli('apply', planPath, '--yes');
    expect(result.code).toBe(3);
    expect(await requestCount()).toBe(before);
  });

  it('a plan held by a live process is refused with its pid and host; a dead holder is taken over', async () => {
    const planPath = await planFor(IN_PLACE);
    const plan = JSON.parse(readFileSync(join(dir, planPath), 'utf8'));
    const lockPath = applyLockPathFor(join(dir, 'plans'), plan.planId);
    mkdirSync(join(lockPath, '..'), { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const content = { pid: holder.pid, host: hostname(), planId: plan.planId, command: 'apply', startedAt: new Date().toISOString(), nonce: 'x' };
      writeFileSync(lockPath, JSON.stringify(content));
      const held = await cli('apply', planPath, '--yes');
      expect(held.code).toBe(7);
      expect(held.stderr).toContain(`pid ${holder.pid}`);
      expect(held.stderr).toContain(hostname());
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    const taken = await cli('apply', planPath, '--yes');
    expect(taken.code, taken.stderr).toBe(0);
  });

  it('a 500 is retried; an LRO that fails fails its step with the service message; apply again resumes to the end', async () => {
    const planPath = await planFor(IN_PLACE);
    await emu.admin('POST', '/_emulator/config', {
      faults: [
        { match: `PATCH ${IN_PLACE}`, kind: 'status', status: 500, times: 1 },
        { match: 'provisionManagedNetwork', kind: 'lro-failure', code: 'ManagedNetworkProvisioningFailed', message: 'Subnet exhausted.', times: 1 },
      ],
    });
    const failed = await cli('apply', planPath, '--yes');
    expect(failed.code).toBe(6);
    expect(failed.stderr).toMatch(/ManagedNetworkProvisioningFailed: Subnet exhausted/);
    const status = await statusOf(planPath);
    expect(status.workspaces[0].state).toBe('failed');
    const resumed = await cli('apply', planPath, '--yes');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from .*journal.jsonl: \d+ of \d+ steps already done/);
    expect((await statusOf(planPath)).workspaces[0].state).toBe('applied');
  });

  it('--output json streams one event per line on stdout', async () => {
    const planPath = await planFor(IN_PLACE);
    const result = await cli('apply', planPath, '--yes', '--output', 'json');
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; stepId?: string });
    expect(events.filter((e) => e.event === 'stepSucceeded').map((e) => e.stepId)).toEqual(['w1.1', 'w1.2', 'w1.3', 'w1.4', 'w1.5']);
    expect(events.some((e) => e.event === 'stepProgress')).toBe(true);
    // The final report (how users now reach the workspace) is an event too, read live after the run.
    const access = events.filter((e) => e.event === 'privateAccess') as unknown as { workspaceId: string; publicNetworkAccess: string; endpoints: unknown[] }[];
    expect(access.map((a) => [a.workspaceId.toLowerCase(), a.publicNetworkAccess])).toEqual([[IN_PLACE.toLowerCase(), 'Disabled']]);
    expect(Array.isArray(access[0]!.endpoints)).toBe(true);
  });

  /**
   * Crash safety: SIGKILL the apply at each step boundary and during each long-running operation. Then (a) apply
   * again converges to the compliant end state, and rollback restores the source; (b) rolling back straight from the
   * crash restores the source too. No workspace the tool created is left behind.
   */
  describe('SIGKILL at every step boundary and during an LRO', () => {
    type KillPoint = { label: string; when: (e: { event: string; stepId?: string; status?: string }) => boolean };
    const killPoints = (steps: string[], lroSteps: string[]): KillPoint[] => [
      ...steps.slice(0, -1).map((id) => ({ label: `after ${id}`, when: (e: { event: string; stepId?: string }) => e.event === 'stepSucceeded' && e.stepId === id })),
      ...lroSteps.map((id) => ({ label: `during ${id}`, when: (e: { event: string; stepId?: string; status?: string }) => e.event === 'stepProgress' && e.stepId === id && e.status === 'InProgress' })),
    ];

    /** Runs apply with JSON events and kills it (SIGKILL) at the first event matching `when`. */
    function applyAndKill(planPath: string, when: KillPoint['when']): Promise<{ killed: boolean }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cliPath, 'apply', planPath, '--yes', '--output', 'json', ...emu.cliArgs, '--poll-interval-ms', '0'], {
          cwd: dir,
          env: { ...process.env, ...emu.cliEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let killed = false;
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (!killed && when(JSON.parse(line))) {
            killed = true;
            child.kill('SIGKILL');
          }
        });
        child.on('error', reject);
        child.on('exit', () => resolve({ killed }));
      });
    }

    // Steps: recreate = create (LRO), provision (LRO), verify; in place = PATCH public access (LRO), PUT rule blob,
    // PUT rule file (LROs), provision (LRO), verify.
    const scenarios: [string, string, string[], string[]][] = [
      ['recreate', RECREATE, ['w1.1', 'w1.2', 'w1.3'], ['w1.1', 'w1.2']],
      ['in-place', IN_PLACE, ['w1.1', 'w1.2', 'w1.3', 'w1.4', 'w1.5'], ['w1.1', 'w1.2', 'w1.3', 'w1.4']],
    ];
    for (const [strategy, source, steps, lroSteps] of scenarios) {
      for (const point of killPoints(steps, lroSteps)) {
        it(`${strategy}, killed ${point.label}: resume converges and rollback restores; rollback straight after the crash restores too`, async () => {
          const namesBefore = await workspacesInRg();
          const sourceBefore = await workspace(source);
          const planPath = await planFor(source);
          const { killed } = await applyAndKill(planPath, point.when);
          if (!killed) return expect.fail(`the run never reached ${point.label}`);

          // (b) first on a copy of the situation? Rollback and resume both start from the same crash: do (a) then (b).
          const resumed = await cli('apply', planPath, '--yes');
          expect(resumed.code, resumed.stderr).toBe(0);
          const audit = JSON.parse((await cli('audit', '-s', P.subscriptionId, '-g', P.rg, '-o', 'json')).stdout);
          const target = source === RECREATE ? 'ws-approved-only-iso' : 'ws-public-internet-outbound';
          expect(audit.workspaces.find((w: { name: string }) => w.name === target).compliant).toBe(true);
          const rolledBack = await cli('rollback', planPath, '--yes');
          expect(rolledBack.code, rolledBack.stderr).toBe(0);
          expect(await workspacesInRg()).toEqual(namesBefore);
          const sourceAfter = await workspace(source);
          if (source === RECREATE) expect(sourceAfter).toEqual(sourceBefore);
          else expect(sourceAfter.properties.publicNetworkAccess).toBe(sourceBefore.properties.publicNetworkAccess);

          // (b) crash again at the same point with a fresh plan, and roll back without resuming.
          await emu.admin('POST', '/_emulator/reset?seed=demo');
          dir = mkdtempSync(join(tmpdir(), 'aml-apply-e2e-'));
          const planPath2 = await planFor(source);
          expect((await applyAndKill(planPath2, point.when)).killed).toBe(true);
          const direct = await cli('rollback', planPath2, '--yes');
          expect(direct.code, direct.stderr).toBe(0);
          expect(await workspacesInRg()).toEqual(namesBefore); // nothing created is left unrecorded
          const sourceAfter2 = await workspace(source);
          if (source === RECREATE) expect(sourceAfter2).toEqual(sourceBefore);
          else expect(sourceAfter2.properties.publicNetworkAccess).toBe(sourceBefore.properties.publicNetworkAccess);
        });
      }
    }
  });
});
