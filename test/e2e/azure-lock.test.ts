import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';

const P = DEMO.prod;
const WS = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicInternetOutbound}`;
const TAGS = `${WS}/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`;
const FOREIGN = 'plan-machine-b;host-b;run-b;2020-01-01T00:00:00.000Z';

/**
 * Issue 14 through the built CLI and an emulator process: a lock tag left by a run on another machine refuses apply
 * with exit 7 and no write; --break-azure-lock takes it over and the tag is gone at the end.
 */
describe('e2e: the lock in Azure', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '20']);
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('refuses a workspace another machine holds (exit 7, nothing written), then --break-azure-lock applies and removes the tag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-e2e-azure-lock-'));
    const env = { ...emu.cliEnv, AML_ISOLATE_LOCK_DIR: join(dir, 'locks') };
    const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs], { cwd: dir, env, timeoutMs: 90_000 });
    expect((await cli('plan', WS, '--allow-no-inbound')).code).toBe(0);
    const planPath = join('plans', readdirSync(join(dir, 'plans')).find((n) => !n.startsWith('.'))!, 'plan.json');

    expect((await emu.arm('PATCH', TAGS, { operation: 'Merge', properties: { tags: { 'aml-isolate-lock': FOREIGN } } })).status).toBe(200);
    const requests = async () => ((await emu.admin('GET', '/_emulator/requests')) as { value: { method: string }[] }).value;
    const before = (await requests()).length;
    const refused = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0');
    expect(refused.code, refused.stderr).toBe(7);
    expect(refused.stderr).toContain('is locked in Azure by plan plan-machine-b, run run-b on host host-b');
    expect(refused.stderr).toContain('--break-azure-lock');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect((await requests()).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);

    const conflicting = await cli('apply', planPath, '--yes', '--break-azure-lock', '--no-azure-lock');
    expect(conflicting.code).toBe(3);

    const broken = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0', '--break-azure-lock');
    expect(broken.code, broken.stderr).toBe(0);
    expect(broken.stderr).toContain(`broke the lock in Azure on ${DEMO.workspaces.publicInternetOutbound} (was ${FOREIGN})`);
    const tags = (await emu.arm('GET', TAGS)).body.properties.tags;
    expect(tags['aml-isolate-lock']).toBeUndefined();
    expect(tags['aml-isolate']).toBe('remediated');
  }, 300_000);
});
