import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';

const P = DEMO.prod;
const API = 'api-version=2025-06-01';
const IN_PLACE = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicInternetOutbound}`;

/** Issue 14: a journal that is lost can be rebuilt from live state, so resume and rollback work again. */
describe('status --reconcile', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '50']);
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('rebuilds a deleted journal from live state; apply then resumes and rollback undoes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-reconcile-'));
    const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs], { cwd: dir, env: emu.cliEnv, timeoutMs: 120_000 });
    expect((await cli('plan', IN_PLACE, '--allow-no-inbound')).code).toBe(0);
    const planPath = join('plans', readdirSync(join(dir, 'plans')).find((n) => !n.startsWith('.'))!, 'plan.json');
    const applied = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0');
    expect(applied.code, applied.stderr).toBe(0);
    rmSync(join(dir, planPath, '..', 'journal.jsonl'));

    const before = (await emu.admin('GET', '/_emulator/requests')) as { value: { method: string }[] };
    const reconciled = await cli('status', planPath, '--reconcile');
    expect(reconciled.code, reconciled.stderr).toBe(0);
    expect(reconciled.stdout).toMatch(/done\s+w1\.1\s+update-workspace/);
    expect(reconciled.stdout).toMatch(/rebuilt at .*journal\.jsonl/);
    expect(existsSync(join(dir, planPath, '..', 'journal.jsonl'))).toBe(true);
    const after = (await emu.admin('GET', '/_emulator/requests')) as { value: { method: string }[] };
    expect(after.value.slice(before.value.length).filter((r) => r.method !== 'GET')).toEqual([]); // reads only

    const again = await cli('status', planPath, '--reconcile');
    expect(again.stdout).toMatch(/The journal exists and was left as it is/);

    const resumed = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from/);
    const rolledBack = await cli('rollback', planPath, '--yes', '--poll-interval-ms', '0');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(((await emu.arm('GET', `${IN_PLACE}?${API}`)).body as { properties: { publicNetworkAccess: string } }).properties.publicNetworkAccess).toBe('Enabled');
  }, 300_000);
});
