import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';

const P = DEMO.prod;
const ws = (name: string, sub = P.subscriptionId, rg = P.rg) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const vault = (name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.KeyVault/vaults/${name}`;
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

describe('plan, show and config: the real CLI against the emulator process', () => {
  let emu: EmulatorProcess;
  let dir: string;
  // The demo workspaces have no inbound private endpoint: these tests acknowledge it (test/e2e/inbound.test.ts covers the modes).
  const cli = (...args: string[]) => runCli([...args, ...(['plan', 'config'].includes(args[0]!) && !args.includes('--plan') ? ['--allow-no-inbound'] : []), ...emu.cliArgs], { env: emu.cliEnv, cwd: dir });

  beforeAll(async () => {
    emu = await startEmulatorProcess();
  });
  afterAll(async () => {
    await emu.stop();
  });
  const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'aml-plan-e2e-')));

  it('a workspace blocked by computes: the plan is shown with the error, nothing is written, exit 1', async () => {
    fresh();
    const result = await cli('plan');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[computes-block-in-place]');
    expect(result.stderr).toMatch(/no plan written: 1 error/);
    expect(filesUnder(join(dir, 'plans'))).toEqual([]);
  });

  it('--skip-blocked saves the rest (mode 0600); show renders the saved plan exactly as plan did; exit 2 with --detailed-exitcode', async () => {
    fresh();
    const result = await cli('plan', '--skip-blocked', '--detailed-exitcode');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/left out of the plan \(--skip-blocked\): .*ws-with-computes/);
    const [planId] = readdirSync(join(dir, 'plans'));
    const path = join(dir, 'plans', planId!, 'plan.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const shown = await runCli(['show', path], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(result.stdout);
    const json = JSON.parse((await runCli(['show', path, '-o', 'json'], { cwd: dir })).stdout);
    expect(json).toMatchObject({ formatVersion: 1, planId });
    expect(json.workspaces.map((w: { sourceId: string }) => w.sourceId.split('/').pop()).sort()).toEqual([
      'ws-approved-only', 'ws-cmk-not-isolated', 'ws-private-no-isolation', 'ws-public-internet-outbound', 'ws-public-open',
    ]);
    expect(readFileSync(path, 'utf8')).not.toMatch(/"(accountKey|password|secret|token)"\s*:\s*"[^"]/i);
  });

  it('a compliant workspace: no changes, nothing written, exit 0 with --detailed-exitcode', async () => {
    fresh();
    const result = await cli('plan', ws(DEMO.workspaces.compliant), '--detailed-exitcode');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/no changes/);
    expect(filesUnder(join(dir, 'plans'))).toEqual([]);
  });

  it('an unknown workspace: one line with the ARM error and request id, exit 6, nothing written', async () => {
    fresh();
    const result = await cli('plan', ws('ws-does-not-exist'));
    expect(result.code).toBe(6);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/ResourceNotFound.*ws-does-not-exist.*x-ms-request-id/);
    expect(filesUnder(join(dir, 'plans'))).toEqual([]);
  });

  it.each([
    [['plan', 'rg/not-an-id'], /is not a workspace id/],
    [['plan', 'ws-no-such-name'], /No workspace named "ws-no-such-name"/],
    [['plan', '--policy', 'missing.yml'], /Cannot read policy file missing.yml: no such file/],
    [['plan', '--retire-source', 'shred'], /argument 'shred' is invalid/],
    [['plan', '--private-endpoint', 'nope'], /--private-endpoint: expected <serviceResourceId>:<subresource>\[:spark\], got "nope"/],
    [['plan', '--carry-over', 'widgets=copy'], /--carry-over takes KIND=copy\|list\|skip with KIND one of datastores, .*; got "widgets=copy"/],
    [['plan', '--carry-over', 'models=maybe'], /--carry-over models takes copy, list or skip; got "models=maybe"/],
  ])('bad input %j: exit 3, nothing written', async (args, message) => {
    fresh();
    const result = await cli(...args);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(filesUnder(join(dir, 'plans'))).toEqual([]);
  });

  it('--carry-over and --copy-secrets shape what the saved plan copies; a bad value is refused in one line', async () => {
    fresh();
    const result = await cli('plan', ws(DEMO.workspaces.approvedOnly), '--hbi', '--carry-over', 'onlineEndpoints=copy', '--carry-over', 'models=skip', '--copy-secrets');
    expect(result.code, result.stderr).toBe(0);
    const [planId] = readdirSync(join(dir, 'plans'));
    const plan = JSON.parse(readFileSync(join(dir, 'plans', planId!, 'plan.json'), 'utf8'));
    const groups = plan.workspaces[0].carryOver.groups as { kind: string; decision: string; items: { path: string; auth?: { mode: string } }[] }[];
    const decision = (kind: string) => groups.find((g) => g.kind === kind)!.decision;
    expect([decision('onlineEndpoints'), decision('deployments'), decision('models'), decision('datastores'), decision('computeInstances')]).toEqual(['copy', 'copy', 'skip', 'copy', 'list']);
    expect(groups.find((g) => g.kind === 'datastores')!.items.some((i) => i.auth?.mode === 'secrets')).toBe(true);
    fresh();
    const bad = await cli('plan', '--carry-over', 'schedules=copy');
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/cannot copy schedules/);
  });

  it('a malformed policy file: every problem with its line, exit 3', async () => {
    fresh();
    writeFileSync(join(dir, 'policy.yml'), 'hbi: maybe\nrecreate:\n  retireSource: shred\ncolour: blue\n');
    const result = await cli('plan', '--policy', 'policy.yml');
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/3 problems/);
    expect(result.stderr).toMatch(/policy.yml:1:\d+: hbi: must be true, false or keep/);
    expect(result.stderr).toMatch(/policy.yml:3:\d+: recreate.retireSource/);
    expect(result.stderr).toMatch(/policy.yml:4:\d+: colour: unknown key/);
  });

  it('an impossible policy (CMK vault without purge protection, key too weak): collected diagnostics, exit 1, nothing written', async () => {
    fresh();
    const result = await cli('plan', ws(DEMO.workspaces.publicOpen), '--require-cmk', '--cmk-key-vault', vault(DEMO.vaults.noPurgeProtection), '--cmk-key-name', 'rsa-key');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[cmk-purge-protection]');
    expect(result.stdout).toMatch(/Warning: \[cmk-key-size\]/);
    expect(filesUnder(join(dir, 'plans'))).toEqual([]);
  });

  it('show refuses a tampered plan and an unknown format version, each in one line', async () => {
    fresh();
    await cli('plan', ws(DEMO.workspaces.publicInternetOutbound));
    const [planId] = readdirSync(join(dir, 'plans'));
    const path = join(dir, 'plans', planId!, 'plan.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(join(dir, 'tampered.json'), text.replace('"Disabled"', '"Enabled"'));
    const tampered = await runCli(['show', 'tampered.json'], { cwd: dir });
    expect(tampered.code).toBe(3);
    expect(tampered.stderr).toMatch(/hash|edited|tamper/i);
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ formatVersion: 99, tool: { name: 'aml-isolate', version: '9.0.0' }, garbage: true }));
    const future = await runCli(['show', 'future.json'], { cwd: dir });
    expect(future.code).toBe(3);
    expect(future.stderr).toMatch(/format version 99, written by aml-isolate 9\.0\.0/);
    expect(future.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('config WORKSPACE_ID writes workspace-config.yml (golden), refuses to overwrite without --force', async () => {
    fresh();
    const id = ws(DEMO.workspaces.publicInternetOutbound);
    const first = await cli('config', id);
    expect(first.code).toBe(0);
    const golden = readFileSync(new URL('../config/golden/demo-default-ws-public-internet-outbound.yml', import.meta.url), 'utf8');
    expect(readFileSync(join(dir, 'workspace-config.yml'), 'utf8')).toBe(golden);
    const again = await cli('config', id);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists; use --force/);
    expect((await cli('config', id, '--force')).code).toBe(0);
  });

  it('config --plan picks the workspace with --workspace when the plan has several', async () => {
    fresh();
    await cli('plan', '--skip-blocked');
    const [planId] = readdirSync(join(dir, 'plans'));
    const path = join(dir, 'plans', planId!, 'plan.json');
    const ambiguous = await runCli(['config', '--plan', path], { cwd: dir });
    expect(ambiguous.code).toBe(3);
    expect(ambiguous.stderr).toMatch(/choose one with --workspace/);
    const chosen = await runCli(['config', '--plan', path, '--workspace', 'ws-approved-only-iso', '--out', '-'], { cwd: dir });
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toBe(readFileSync(new URL('../config/golden/demo-default-ws-approved-only-iso.yml', import.meta.url), 'utf8'));
  });
});
