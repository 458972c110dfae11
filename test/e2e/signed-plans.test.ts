import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { computeContentHash } from '../../src/plan/canonical-json.js';

const P = DEMO.prod;
const WS = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicInternetOutbound}`;
const OTHER = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicOpen}`;

/**
 * Issue 14, reproduction 4 through the built CLI: a plan whose step was pointed at another workspace with its content
 * hash recomputed is refused by apply --require-signed (exit 7, nothing sent), while the reviewed, signed plan applies.
 */
describe('e2e: signed plans', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '20']);
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('sign, then apply --require-signed; a forged plan with a recomputed hash is refused before anything is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-e2e-signed-'));
    const keyPath = join(dir, 'signing.key');
    writeFileSync(keyPath, 'f00d'.repeat(16), { mode: 0o600 });
    const env = { ...emu.cliEnv, AML_ISOLATE_LOCK_DIR: join(dir, 'locks') };
    const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs], { cwd: dir, env, timeoutMs: 90_000 });
    expect((await cli('plan', WS, '--allow-no-inbound')).code).toBe(0);
    const planPath = join('plans', readdirSync(join(dir, 'plans')).find((n) => !n.startsWith('.'))!, 'plan.json');
    const reviewed = readFileSync(join(dir, planPath), 'utf8');

    const unsigned = await cli('apply', planPath, '--yes', '--require-signed', '--signing-key', keyPath);
    expect(unsigned.code, unsigned.stderr).toBe(7);
    expect(unsigned.stderr).toMatch(/is not signed/);
    const noKey = await cli('apply', planPath, '--yes', '--require-signed');
    expect(noKey.code).toBe(3);

    const signed = await runCli(['sign', planPath, '--signing-key', keyPath], { cwd: dir, env });
    expect(signed.code, signed.stderr).toBe(0);

    // The forgery: the first write now targets a workspace outside the plan, and the hash agrees again.
    const raw = JSON.parse(reviewed);
    const step = raw.workspaces[0].steps.find((s: { request: { method: string } }) => s.request.method !== 'GET');
    step.request.path = step.request.path.replace(WS, OTHER);
    const { contentHash: _old, ...body } = raw;
    writeFileSync(join(dir, planPath), JSON.stringify({ ...body, contentHash: computeContentHash(body) }, null, 2));
    const requests = async () => ((await emu.admin('GET', '/_emulator/requests')) as { value: unknown[] }).value.length;
    const before = await requests();
    const forged = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0', '--require-signed', '--signing-key', keyPath);
    expect(forged.code, forged.stderr).toBe(7);
    expect(forged.stderr).toMatch(/changed after it was signed/);
    expect(forged.stderr.trim().split('\n')).toHaveLength(1);
    expect(await requests()).toBe(before);

    writeFileSync(join(dir, planPath), reviewed);
    const applied = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0', '--require-signed', '--signing-key', keyPath);
    expect(applied.code, applied.stderr).toBe(0);
  }, 300_000);
});
