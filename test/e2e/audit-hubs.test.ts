import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO_HUBS } from '../../src/emulator/hub-fleet.js';
import { auditReportSchema, type AuditReport } from '../../src/audit/report.js';

const F = DEMO_HUBS.subscriptionId;
const HUB = `/subscriptions/${F}/resourceGroups/${DEMO_HUBS.hubRg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO_HUBS.hub}`;
const ml005 = (w: AuditReport['workspaces'][number]) => w.checks.filter((c) => c.rule.startsWith('ML005')).map((c) => `${c.status}:${c.inheritedFrom ?? '-'}`);

describe('audit of an AI Foundry hub and its projects: real CLI process against the emulator (seed demo-hubs)', () => {
  let emu: EmulatorProcess;
  const audit = async (...args: string[]) => {
    const result = await runCli(['audit', ...emu.cliArgs, '-s', F, '-o', 'json', ...args], { env: emu.cliEnv });
    return { ...result, report: result.stdout ? auditReportSchema.parse(JSON.parse(result.stdout)) : undefined };
  };
  const hubGets = async () => {
    const log = (await emu.admin('GET', '/_emulator/requests')) as { value: { method: string; url: string }[] };
    return log.value.filter((r) => r.method === 'GET' && r.url.toLowerCase().startsWith(`${HUB.toLowerCase()}?`)).length;
  };

  beforeAll(async () => {
    emu = await startEmulatorProcess();
  });
  afterAll(async () => {
    expect(await emu.stop()).toBe(0);
  });
  beforeEach(async () => {
    await emu.admin('POST', '/_emulator/reset?seed=demo-hubs');
    await emu.admin('POST', '/_emulator/config', { faults: [], projectNetworkEcho: true });
  });

  it('reports each kind; both projects inherit the hub’s failing verdict; exit 1', async () => {
    const { code, report } = await audit();
    expect(code).toBe(1);
    const byName = Object.fromEntries(report!.workspaces.map((w) => [w.name, w]));
    expect(byName[DEMO_HUBS.hub]).toMatchObject({ kind: 'Hub', compliant: false });
    expect(byName[DEMO_HUBS.hub]).not.toHaveProperty('inheritedFrom');
    for (const name of DEMO_HUBS.projects) {
      expect(byName[name]).toMatchObject({ kind: 'Project', inheritedFrom: HUB, compliant: false });
      expect(ml005(byName[name]!)).toEqual([`fail:${HUB}`, `pass:${HUB}`]);
    }
    expect(await hubGets()).toBe(0); // the hub was listed in scope: no extra GET
  });

  it('the verdict does not depend on whether a project’s GET echoes the hub (projectNetworkEcho off)', async () => {
    const echoed = (await audit()).report!;
    await emu.admin('POST', '/_emulator/config', { projectNetworkEcho: false });
    const own = (await audit()).report!;
    expect(own.workspaces.map((w) => [w.name, w.compliant, ml005(w)])).toEqual(echoed.workspaces.map((w) => [w.name, w.compliant, ml005(w)]));
  });

  it('auditing only the projects’ resource group fetches the hub by id once', async () => {
    const { code, report } = await audit('-g', DEMO_HUBS.projectsRg);
    expect(code).toBe(1);
    expect(report!.workspaces.map((w) => w.name)).toEqual([...DEMO_HUBS.projects]);
    expect(report!.workspaces.every((w) => w.inheritedFrom === HUB && !w.compliant)).toBe(true);
    expect(await hubGets()).toBe(1);
  });

  it('fixing the hub fixes its projects', async () => {
    const patch = await emu.arm('PATCH', `${HUB}?api-version=2025-06-01`, { properties: { publicNetworkAccess: 'Disabled' } });
    expect(patch.status).toBe(202);
    const { report } = await audit();
    for (const name of DEMO_HUBS.projects) expect(report!.workspaces.find((w) => w.name === name)!.compliant).toBe(true);
  });

  it('a hub that answers 403: its projects are unknown, never compliant, and the run is partial (exit 4)', async () => {
    await emu.admin('POST', '/_emulator/config', { faults: [{ match: `GET ${HUB}?`, kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'No read on the hub.' }] });
    const { code, report, stderr } = await audit('-g', DEMO_HUBS.projectsRg);
    expect(code).toBe(4);
    for (const w of report!.workspaces) {
      expect(w.compliant).toBe(false);
      expect(ml005(w)).toEqual([`unknown:${HUB}`, `unknown:${HUB}`]);
    }
    expect(report!.errors).toEqual([expect.objectContaining({ workspaceId: HUB, code: 'AuthorizationFailed', statusCode: 403 })]);
    expect(stderr).toMatch(/AuthorizationFailed/);
  });

  it('table, CSV and SARIF name the kind and the hub', async () => {
    const table = await runCli(['audit', ...emu.cliArgs, '-s', F], { env: emu.cliEnv });
    expect(table.stdout).toMatch(new RegExp(`${DEMO_HUBS.projects[0]}\\s+Project`));
    // The hub id is longer than a line, so the table wraps it: compare without whitespace.
    expect(table.stdout.replace(/\s+/g, '')).toContain(`projectofhub${HUB}`);
    const csv = await runCli(['audit', ...emu.cliArgs, '-s', F, '-o', 'csv'], { env: emu.cliEnv });
    expect(csv.stdout.split('\r\n').filter((l) => l.endsWith(`,Project,${HUB}`))).toHaveLength(4);
    const sarif = JSON.parse((await runCli(['audit', ...emu.cliArgs, '-s', F, '-o', 'sarif'], { env: emu.cliEnv })).stdout);
    const inherited = sarif.runs[0].results.filter((r: { properties: { inheritedFrom?: string } }) => r.properties.inheritedFrom === HUB);
    expect(inherited.map((r: { properties: { kind: string } }) => r.properties.kind)).toEqual(['Project', 'Project']);
  });
});
