import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { auditReportSchema } from '../../src/audit/report.js';

const PROD = DEMO.prod.subscriptionId;
const RESEARCH = DEMO.research.subscriptionId;
const demoNames = ['ws-approved-only', 'ws-cmk-not-isolated', 'ws-compliant', 'ws-private-no-isolation', 'ws-public-internet-outbound', 'ws-public-open', 'ws-with-computes'];

describe('audit, real CLI process against the standalone emulator over HTTPS', () => {
  let emu: EmulatorProcess;
  const audit = (...args: string[]) => runCli(['audit', ...emu.cliArgs, ...args], { env: emu.cliEnv });

  beforeAll(async () => {
    emu = await startEmulatorProcess();
  });
  afterAll(async () => {
    expect(await emu.stop()).toBe(0);
  });
  beforeEach(async () => {
    await emu.admin('POST', '/_emulator/reset?seed=demo');
    await emu.admin('POST', '/_emulator/config', { faults: [] });
  });

  it('--output json: every demo workspace, schema v2, MachineLearning-005 verdicts, exit 1', async () => {
    const result = await audit('--output', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = auditReportSchema.parse(JSON.parse(result.stdout));
    expect(report.schemaVersion).toBe(2);
    expect(new Set(report.workspaces.map((w) => w.kind))).toEqual(new Set(['Default']));
    expect(report.workspaces.map((w) => w.name).sort()).toEqual(demoNames);
    const byName = Object.fromEntries(report.workspaces.map((w) => [w.name, w]));
    expect(byName['ws-compliant']!.compliant).toBe(true);
    expect(byName['ws-public-internet-outbound']!.compliant).toBe(false);
    const pna = byName['ws-public-internet-outbound']!.checks.find((c) => c.rule === 'ML005-public-network-access')!;
    expect(pna).toMatchObject({ status: 'fail', actual: 'Enabled', expected: 'Disabled' });
    const mvn = byName['ws-approved-only']!.checks.find((c) => c.rule === 'ML005-managed-network-isolation')!;
    expect(mvn).toMatchObject({ status: 'fail', actual: 'AllowOnlyApprovedOutbound' });
    expect(byName['ws-compliant']!.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(report.summary).toMatchObject({ subscriptionsScanned: 2, subscriptionsFailed: 0, workspaces: 7, compliant: 1, nonCompliant: 6 });
  });

  it('--json-schema documents the JSON output, and real output validates against it', async () => {
    const schemaRun = await runCli(['audit', '--json-schema']);
    expect(schemaRun.code).toBe(0);
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schemaRun.stdout));
    const report = JSON.parse((await audit('-o', 'json')).stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, schemaVersion: 1 })).toBe(false);
  });

  it('table: one row per workspace and the reasons, on stdout', async () => {
    const result = await audit();
    expect(result.code).toBe(1);
    for (const name of demoNames) expect(result.stdout).toContain(name);
    expect(result.stdout).toMatch(/publicNetworkAccess is Enabled; it must be Disabled/);
  });

  it('--output csv: a header and one row per workspace and check', async () => {
    const result = await audit('--output', 'csv');
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('id,name,subscriptionId,resourceGroup,location,compliant,rule,status,actual,expected,reason,kind,inheritedFrom');
    expect(lines.filter((l) => l.includes(',ws-compliant,')).length).toBeGreaterThanOrEqual(6);
  });

  it('--output sarif: SARIF 2.1.0 with a result per failing check, and the JSON report it points at', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aml-sarif-'));
    const result = await runCli(['audit', ...emu.cliArgs, '--output', 'sarif'], { env: emu.cliEnv, cwd });
    expect(result.code).toBe(1);
    expect(existsSync(join(cwd, 'aml-isolate-audit.json'))).toBe(true);
    rmSync(cwd, { recursive: true, force: true });
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as { ruleId: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[];
    const failing = results.filter((r) => r.ruleId.startsWith('ML005'));
    expect(new Set(failing.map((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.split('/').pop())).size).toBe(6);
  });

  it('--subscription and --resource-group narrow the scan', async () => {
    const research = JSON.parse((await audit('-s', RESEARCH, '-o', 'json')).stdout);
    expect(research.workspaces.map((w: { name: string }) => w.name)).toEqual(['ws-with-computes']);
    const shared = JSON.parse((await audit('-s', PROD, '-g', DEMO.prod.sharedRg, '-o', 'json')).stdout);
    expect(shared.workspaces.map((w: { name: string }) => w.name)).toEqual(['ws-cmk-not-isolated']);
  });

  it('--discovery resource-graph finds the same workspaces, GETs only the rows it cannot judge, and says so', async () => {
    type Log = { value: { method: string; url: string }[] };
    const before = ((await emu.admin('GET', '/_emulator/requests')) as Log).value.length;
    const result = await audit('--discovery', 'resource-graph', '-o', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.workspaces.map((w: { name: string }) => w.name).sort()).toEqual(demoNames);
    const log = ((await emu.admin('GET', '/_emulator/requests')) as Log).value.slice(before);
    const gets = log.filter((r) => r.method === 'GET' && /\/workspaces\/[^/?]+\?/.test(r.url));
    expect(report.resourceGraph.decidedFromRows + report.resourceGraph.confirmedWithArm).toBe(demoNames.length);
    expect(gets).toHaveLength(report.resourceGraph.confirmedWithArm);
    // The demo fleet has workspaces without any managedNetwork: those rows cannot be judged from Resource Graph.
    expect(report.resourceGraph.confirmedWithArm).toBeGreaterThan(0);
    expect(report.resourceGraph.decidedFromRows).toBeGreaterThan(0);
  });

  it('a subscription answering 403 is reported, the other completes, exit 4', async () => {
    await emu.admin('POST', '/_emulator/config', {
      faults: [{ match: `GET /subscriptions/${RESEARCH}/providers/Microsoft.MachineLearningServices/workspaces`, kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization.' }],
    });
    const result = await audit('-o', 'json');
    expect(result.code).toBe(4);
    const report = JSON.parse(result.stdout);
    expect(report.workspaces).toHaveLength(6);
    expect(report.errors).toEqual([expect.objectContaining({ subscriptionId: RESEARCH, code: 'AuthorizationFailed', statusCode: 403, requestId: expect.any(String) })]);
    expect(result.stderr).toMatch(/warning: subscription 2e7d4a9b.*AuthorizationFailed/);
  });

  it('a subscription throttled past the retries is reported, exit 4', async () => {
    await emu.admin('POST', '/_emulator/config', {
      faults: [{ match: `GET /subscriptions/${PROD}/providers/Microsoft.MachineLearningServices/workspaces`, kind: 'status', status: 429, retryAfterSec: 0, code: 'SubscriptionRequestsThrottled' }],
    });
    const result = await audit('-o', 'json');
    expect(result.code).toBe(4);
    const report = JSON.parse(result.stdout);
    expect(report.errors[0]).toMatchObject({ subscriptionId: PROD, statusCode: 429 });
    expect(report.workspaces.map((w: { name: string }) => w.name)).toEqual(['ws-with-computes']);
    const log = (await emu.admin('GET', '/_emulator/requests')) as { value: { status: number }[] };
    expect(log.value.filter((r) => r.status === 429).length).toBeGreaterThan(1); // it did retry
  });

  it('transient 500s and connection resets are retried to success', async () => {
    await emu.admin('POST', '/_emulator/config', {
      faults: [
        { match: `GET /subscriptions/${PROD}/providers/Microsoft.MachineLearningServices/workspaces`, kind: 'status', status: 500, times: 1 },
        { match: `GET /subscriptions/${RESEARCH}/providers/Microsoft.MachineLearningServices/workspaces`, kind: 'reset', times: 1 },
      ],
    });
    const result = await audit('-o', 'json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).workspaces).toHaveLength(7);
  });

  it('an empty fleet is all compliant: exit 0', async () => {
    await emu.admin('POST', '/_emulator/reset?seed=empty');
    const result = await audit('-o', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).workspaces).toEqual([]);
  });

  it('an untrusted emulator certificate: one line naming NODE_EXTRA_CA_CERTS, exit 6', async () => {
    const result = await runCli(['audit', ...emu.cliArgs], { env: { NODE_EXTRA_CA_CERTS: '' } });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/not trusted: point NODE_EXTRA_CA_CERTS at its CA file/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('nothing listening at --arm-endpoint: one line saying what to check, exit 6', async () => {
    const result = await runCli(['audit', '--arm-endpoint', 'https://127.0.0.1:9', '--credential', 'emulator', '--max-retries', '1']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/ECONNREFUSED.*check --arm-endpoint/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a credential that cannot get a token: one line, exit 5', async () => {
    const result = await runCli(['audit', '--arm-endpoint', emu.endpoint, '--credential', 'cli'], {
      env: { ...emu.cliEnv, PATH: '/nonexistent' },
    });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('audit --emulator (embedded emulator, state in a file between commands)', () => {
  it('seeds the demo fleet on first use, persists it, and needs no login', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aml-isolate-embedded-'));
    const first = await runCli(['audit', '--emulator', '-o', 'json'], { cwd });
    expect(first.code).toBe(1);
    expect(existsSync(join(cwd, '.aml-isolate/emulator/state.json'))).toBe(true);
    expect(JSON.parse(first.stdout).workspaces).toHaveLength(7);
    const second = await runCli(['audit', '--emulator', '-o', 'json'], { cwd });
    expect(JSON.parse(second.stdout).workspaces).toEqual(JSON.parse(first.stdout).workspaces);
  });

  it('a corrupt state file gives a one-line error with what to do, exit 3, and is left as it was', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aml-isolate-embedded-'));
    const { mkdirSync, writeFileSync, readFileSync } = await import('node:fs');
    mkdirSync(join(cwd, '.aml-isolate/emulator'), { recursive: true });
    writeFileSync(join(cwd, '.aml-isolate/emulator/state.json'), '{"formatVersion": 1, "resour');
    const result = await runCli(['audit', '--emulator'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not valid JSON.*delete it/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(cwd, '.aml-isolate/emulator/state.json'), 'utf8')).toBe('{"formatVersion": 1, "resour');
  });
});
