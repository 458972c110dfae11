import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO_HUBS } from '../../src/emulator/hub-fleet.js';
import type { Plan } from '../../src/plan/plan.js';

const F = DEMO_HUBS.subscriptionId;
const ML = 'providers/Microsoft.MachineLearningServices/workspaces';
const HUB = `/subscriptions/${F}/resourceGroups/${DEMO_HUBS.hubRg}/${ML}/${DEMO_HUBS.hub}`;
const PROJECTS = DEMO_HUBS.projects.map((p) => `/subscriptions/${F}/resourceGroups/${DEMO_HUBS.projectsRg}/${ML}/${p}`);
const WRITES = new Set(['PUT', 'PATCH', 'POST', 'DELETE']);
type LogEntry = { method: string; url: string; status: number; startedAt: string; time: string };
const pathOf = (url: string) => url.split('?')[0]!.toLowerCase();
const underProject = (url: string) => PROJECTS.some((p) => pathOf(url) === p.toLowerCase() || pathOf(url).startsWith(`${p.toLowerCase()}/`));

describe('hubs and projects through audit, plan and apply: the real CLI against the emulator (seed demo-hubs)', () => {
  let emu: EmulatorProcess;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs, ...(args[0] === 'apply' ? ['--poll-interval-ms', '0'] : [])], { env: emu.cliEnv, cwd: dir });
  const log = async () => ((await emu.admin('GET', '/_emulator/requests')) as { value: LogEntry[] }).value;
  const planFor = async (...ids: string[]): Promise<{ path: string; plan: Plan }> => {
    const result = await cli('plan', '--allow-no-inbound', ...ids);
    expect(result.code, result.stderr).toBe(0);
    const [planId] = readdirSync(join(dir, 'plans'));
    const path = join('plans', planId!, 'plan.json');
    return { path, plan: JSON.parse(readFileSync(join(dir, path), 'utf8')) as Plan };
  };

  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '100']);
  });
  afterAll(async () => {
    expect(await emu.stop()).toBe(0);
  });
  beforeEach(async () => {
    await emu.admin('POST', '/_emulator/reset?seed=demo-hubs');
    await emu.admin('POST', '/_emulator/config', { faults: [], approverRoleMissing: false });
    dir = mkdtempSync(join(tmpdir(), 'aml-hubs-e2e-'));
  });

  it('a plan asked for a project remediates its hub; apply never writes to a project; rule writes are sequential; audit then passes', async () => {
    const before = await cli('audit', '-s', F, '-o', 'json');
    expect(before.code).toBe(1);

    const { path, plan } = await planFor(PROJECTS[0]!);
    expect(plan.workspaces.map((w) => w.sourceId)).toEqual([HUB]);
    expect(plan.workspaces[0]!.projects).toEqual(PROJECTS);
    expect(plan.workspaces[0]!.strategy).toBe('in-place');
    const shown = await runCli(['show', path], { cwd: dir });
    expect(shown.stdout).toContain('projects (2, become compliant with this hub; never written to)');

    const start = (await log()).length;
    const applied = await cli('apply', path, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    const during = (await log()).slice(start);
    expect(during.filter((r) => WRITES.has(r.method) && underProject(r.url))).toEqual([]);

    // Outbound rule writes to the hub: each one answered before the next begins, with a poll of its operation between.
    const ruleWrites = during.map((r, i) => ({ ...r, i })).filter((r) => WRITES.has(r.method) && pathOf(r.url).startsWith(`${HUB.toLowerCase()}/outboundrules/`));
    expect(ruleWrites.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < ruleWrites.length; k++) {
      const [prev, next] = [ruleWrites[k - 1]!, ruleWrites[k]!];
      expect(next.startedAt >= prev.time, `${next.url} began before ${prev.url} was answered`).toBe(true);
      expect(during.slice(prev.i + 1, next.i).some((r) => r.method === 'GET' && /operation/i.test(pathOf(r.url)))).toBe(true);
    }

    const after = await cli('audit', '-s', F, '-o', 'json');
    expect(after.code, after.stdout).toBe(0);
    const report = JSON.parse(after.stdout) as { workspaces: { name: string; compliant: boolean }[] };
    expect(report.workspaces.map((w) => [w.name, w.compliant]).sort()).toEqual([[DEMO_HUBS.hub, true], ...DEMO_HUBS.projects.map((p) => [p, true])].sort());
  });

  it('plan with no workspace argument lists the hub once, with both projects', async () => {
    const { plan } = await planFor('-s', F);
    expect(plan.workspaces.map((w) => [w.sourceId, w.projects])).toEqual([[HUB, PROJECTS]]);
  });

  it('verify names a private-endpoint rule that failed approval, its status, the cause and the command that fixes it', async () => {
    await emu.admin('POST', '/_emulator/config', { approverRoleMissing: true });
    const { path, plan } = await planFor(HUB);
    const rule = plan.workspaces[0]!.steps.find((s) => s.kind === 'put-outbound-rule')!.target.split('/').pop()!;
    const applied = await cli('apply', path, '--yes');
    expect(applied.code).not.toBe(0);
    const status = JSON.parse((await runCli(['status', path, '-o', 'json'], { cwd: dir })).stdout) as unknown;
    const text = `${applied.stderr}\n${applied.stdout}\n${JSON.stringify(status)}`;
    expect(text).toMatch(new RegExp(`outbound rule ${rule} to \\S+ is Inactive, not Active`));
    expect(text).toContain('Azure AI Enterprise Network Connection Approver');
    expect(text).toMatch(/az role assignment create --assignee [0-9a-f-]{36} --role \\?"Azure AI Enterprise Network Connection Approver\\?" --scope \/subscriptions\//);

    expect(text).toContain(`az ml workspace provision-network --name ${DEMO_HUBS.hub} --resource-group ${DEMO_HUBS.hubRg}`);

    // Do as told: with the role granted, provision the network again; apply then resumes at verify and passes.
    await emu.admin('POST', '/_emulator/config', { approverRoleMissing: false });
    expect((await emu.arm('POST', `${HUB}/provisionManagedNetwork?api-version=2025-06-01`, { includeSpark: false })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 150)); // the emulator's operation lasts 100 ms (--lro-duration-ms)
    const again = await cli('apply', path, '--yes');
    expect(again.code, again.stderr).toBe(0);
  });
});
