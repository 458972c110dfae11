import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { computeContentHash } from '../../src/plan/canonical-json.js';

const P = DEMO.prod;
const wsId = (name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

/**
 * Issue 14, reproduction 4: the content hash detects accidents, not edits. A plan rewritten to write to another
 * workspace, with its hash recomputed by the tool's own function, is refused before any write; so is a plan id that
 * would lead a path out of plans/.
 */
describe('a forged plan file', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '20']);
  });
  afterAll(async () => {
    await emu.stop();
  });

  async function planned(dir: string): Promise<{ path: string; plan: Record<string, any> }> {
    const result = await runCli(['plan', wsId(DEMO.workspaces.publicInternetOutbound), '--allow-no-inbound', ...emu.cliArgs], { cwd: dir, env: emu.cliEnv });
    expect(result.code, result.stderr).toBe(0);
    const path = join(dir, 'plans', readdirSync(join(dir, 'plans')).find((n) => !n.startsWith('.'))!, 'plan.json');
    return { path, plan: JSON.parse(readFileSync(path, 'utf8')) };
  }

  function rewrite(path: string, plan: Record<string, any>): void {
    const { contentHash: _, ...rest } = plan;
    writeFileSync(path, JSON.stringify({ ...rest, contentHash: computeContentHash(rest) }, null, 2));
  }

  it('a step rewritten to another workspace, hash recomputed: exit 3, no write sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-forged-'));
    const { path, plan } = await planned(dir);
    const victim = wsId(DEMO.workspaces.compliant);
    const step = plan.workspaces[0].steps.find((s: { kind: string }) => s.kind === 'update-workspace');
    step.request.path = victim;
    step.request.body = { properties: { publicNetworkAccess: 'Enabled' } };
    rewrite(path, plan);
    const before = ((await emu.admin('GET', '/_emulator/requests')) as { value: unknown[] }).value.length;
    const result = await runCli(['apply', path, '--yes', ...emu.cliArgs], { cwd: dir, env: emu.cliEnv });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/may not send PATCH/);
    const log = ((await emu.admin('GET', '/_emulator/requests')) as { value: { method: string }[] }).value.slice(before);
    expect(log.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(((await emu.arm('GET', `${victim}?api-version=2025-06-01`)).body as { properties: { publicNetworkAccess: string } }).properties.publicNetworkAccess).toBe('Disabled');
  });

  it('a plan id of ../../.. is refused: no folder is made outside plans/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-forged-'));
    const { path, plan } = await planned(dir);
    rewrite(path, { ...plan, planId: '../../..' });
    const result = await runCli(['apply', path, '--yes', ...emu.cliArgs], { cwd: dir, env: emu.cliEnv });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/planId/);
    expect(existsSync(join(dir, '..', '..', 'apply.lock'))).toBe(false);
  });
});
