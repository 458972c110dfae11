import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { DEMO_CONTENTS } from '../../src/emulator/demo-contents.js';
import { journalPathFor } from '../../src/apply/plan-paths.js';

const P = DEMO.prod;
const SOURCE = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.approvedOnly}`;
const TARGET = `${SOURCE}-iso`;
const COPY_ALL = ['computeInstances', 'onlineEndpoints', 'connections', 'roleAssignments'].flatMap((k) => ['--carry-over', `${k}=copy`]);

interface LogEntry { method: string; url: string; status: number }
interface PlanFile { workspaces: { steps: { id: string; kind: string; request: { body?: { carryOver?: string } } }[]; carryOver: { groups: { kind: string; decision: string; items: { path: string }[] }[] } }[] }

const pathOf = (url: string) => url.split('?')[0]!.toLowerCase();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Crash safety of carry-over through the real CLI: apply is SIGKILLed while a copy-contents step runs, after some of
 * its writes were created and before the others (the journal shows the step begun, the request log its partial work);
 * apply again resumes to the end, and no item is created or written twice in the target.
 */
describe('carry-over killed with SIGKILL mid-copy, then resumed', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess();
  });
  afterAll(async () => emu?.stop());

  it('resumes to full parity without a duplicate, and rollback deletes every copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-carry-kill-'));
    const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs], { env: emu.cliEnv, cwd: dir, timeoutMs: 120_000 });
    const requests = async () => ((await emu.admin('GET', '/_emulator/requests')) as { value: LogEntry[] }).value;
    const planned = await cli('plan', SOURCE, '--hbi', '--allow-no-inbound', ...COPY_ALL, '--copy-secrets');
    expect(planned.code, planned.stderr).toBe(0);
    const planPath = join(dir, 'plans', readdirSync(join(dir, 'plans'))[0]!, 'plan.json');
    const plan = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
    const modelsStep = plan.workspaces[0]!.steps.find((s) => s.kind === 'copy-contents' && s.request.body?.carryOver === 'models')!.id;

    // Each long-running operation takes 300 ms, and version 2 of the model is answered 429 with Retry-After 60 s once:
    // the models step is caught half-done (container and version 1 created, version 2 not) and killed while it waits.
    await emu.admin('POST', '/_emulator/config', { lroDurationMs: 300, faults: [{ match: `PUT ${TARGET}/models/${DEMO_CONTENTS.model}/versions/2$`, kind: 'status', status: 429, retryAfterSec: 60, times: 1 }] });
    const child = spawn(process.execPath, [cliPath, 'apply', planPath, '--yes', '--output', 'json', '--poll-interval-ms', '0', ...emu.cliArgs], { cwd: dir, env: { ...process.env, ...emu.cliEnv }, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    const journal = journalPathFor(planPath);
    const begun = () => existsSync(journal) && readFileSync(journal, 'utf8').split('\n').some((l) => l.includes('"type":"begin"') && l.includes(`"stepId":"${modelsStep}"`));
    while (running && !begun()) await wait(10);
    const throttled = (log: LogEntry[]) => log.some((r) => r.method === 'PUT' && r.status === 429 && pathOf(r.url).endsWith(`/models/${DEMO_CONTENTS.model}/versions/2`.toLowerCase()));
    while (running && !throttled(await requests())) await wait(10);
    expect(running, 'apply finished before the models copy was caught').toBe(true);
    const createdBeforeKill = (await requests()).filter((r) => r.method === 'PUT' && r.status === 201 && pathOf(r.url).startsWith(`${TARGET}/models/`.toLowerCase())).length;
    expect(createdBeforeKill).toBe(2);
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    await emu.admin('POST', '/_emulator/config', { lroDurationMs: 0, faults: [] });

    const resumed = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from /);
    const compared = await cli('compare', TARGET.replace(/-iso$/, ''), TARGET);
    expect(compared.code, compared.stdout).toBe(0);
    expect(compared.stdout).toContain('parity: every copied kind is present and identical in the target');

    // No item created twice: each target path got at most one 201, and exactly the plan's copied items were created.
    const log = await requests();
    const created = new Map<string, number>();
    for (const r of log) if (r.method === 'PUT' && r.status === 201 && pathOf(r.url).startsWith(`${TARGET.toLowerCase()}/`)) created.set(pathOf(r.url), (created.get(pathOf(r.url)) ?? 0) + 1);
    expect([...created].filter(([, n]) => n > 1)).toEqual([]);
    const groups = plan.workspaces[0]!.carryOver.groups.filter((g) => g.decision === 'copy' && g.kind !== 'traffic');
    const copied = groups.flatMap((g) => g.items.map((i) => `${TARGET}/${i.path}`.toLowerCase()));
    expect([...created.keys()].sort()).toEqual([...copied].sort());
    // Nor written again after the crash: one accepted PUT per item (an endpoint two: create, then its traffic split).
    const writes = new Map<string, number>();
    for (const r of log) if (r.method === 'PUT' && r.status < 400 && copied.includes(pathOf(r.url))) writes.set(pathOf(r.url), (writes.get(pathOf(r.url)) ?? 0) + 1);
    const endpoints = new Set(groups.find((g) => g.kind === 'onlineEndpoints')!.items.map((i) => `${TARGET}/${i.path}`.toLowerCase()));
    expect([...writes].filter(([path, n]) => n !== (endpoints.has(path) ? 2 : 1))).toEqual([]);

    // Rollback deletes every copy (children first), then the target it created.
    const before = log.length;
    const rolledBack = await cli('rollback', planPath, '--yes', '--poll-interval-ms', '0');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    const deleted = new Set((await requests()).slice(before).filter((r) => r.method === 'DELETE' && r.status < 400).map((r) => pathOf(r.url)));
    const ownUndo = groups.filter((g) => g.kind !== 'deployments').flatMap((g) => g.items.map((i) => `${TARGET}/${i.path}`.toLowerCase()));
    expect(ownUndo.filter((p) => !deleted.has(p))).toEqual([]);
    expect((await emu.arm('GET', `${TARGET}?api-version=2025-06-01`)).status).toBe(404);
  });
});
