import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { applyLockPathFor } from '../../src/apply/plan-paths.js';

const P = DEMO.prod;
const IN_PLACE = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicInternetOutbound}`;

/**
 * Regression (issue 8): rollback with --emulator and a lock held by another process printed the lock message and then
 * hung, because the lock was taken outside the try whose finally closed the in-process emulator. apply and rollback
 * must exit 7 promptly, with the embedded emulator and with an emulator process alike.
 */
describe('a held lock: apply and rollback exit 7 promptly', () => {
  let emu: EmulatorProcess;
  let holder: ChildProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess(['--lro-duration-ms', '50']);
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)']);
  });
  afterAll(async () => {
    holder.kill('SIGKILL');
    await emu.stop();
  });

  for (const embedded of [true, false]) {
    it(`${embedded ? 'with --emulator (in-process)' : 'against the emulator process'}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aml-held-lock-'));
      const target = embedded ? ['--emulator', '--emulator-state', join(dir, 'state.json')] : emu.cliArgs;
      const env = embedded ? {} : emu.cliEnv;
      // Hung runs are killed after 90 s and then fail on their exit code (null); a loaded CI machine needs the margin.
      // The demo workspaces have no inbound private endpoint: these tests acknowledge it (test/e2e/inbound.test.ts covers the modes).
      const cli = (...args: string[]) => runCli([...args, ...(['plan', 'config'].includes(args[0]!) && !args.includes('--plan') ? ['--allow-no-inbound'] : []), ...target], { cwd: dir, env, timeoutMs: 90_000 });
      expect((await cli('plan', IN_PLACE)).code).toBe(0);
      const planPath = join('plans', readdirSync(join(dir, 'plans')).find((n) => !n.startsWith('.'))!, 'plan.json');
      const applied = await cli('apply', planPath, '--yes', '--poll-interval-ms', '0');
      expect(applied.code, applied.stderr).toBe(0);

      const plan = JSON.parse(readFileSync(join(dir, planPath), 'utf8'));
      const lockPath = applyLockPathFor(join(dir, 'plans'), plan.planId);
      mkdirSync(join(lockPath, '..'), { recursive: true });
      writeFileSync(lockPath, JSON.stringify({ pid: holder.pid, host: hostname(), planId: plan.planId, command: 'apply', startedAt: new Date().toISOString(), nonce: 'x' }));

      for (const command of ['rollback', 'apply']) {
        const result = await cli(command, planPath, '--yes');
        expect(result.code, `${command}: ${result.stderr}`).toBe(7);
        expect(result.stderr).toContain(`pid ${holder.pid}`);
      }
    }, 300_000);
  }
});
