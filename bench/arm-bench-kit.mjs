// Shared pieces of the benchmarks: start the emulator process, talk to its admin API, a local credential.
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const credential = {
  async getToken() {
    return { token: 'bench', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

/** Starts bench/emulator-process.mjs; resolves with {endpoint, caCertPem, stop(): peak RSS MiB}. */
export async function startEmulatorProcess({ subscriptions, workspacesPerSubscription, latencyMs, lroDurationMs = 0, throttle, linkedResources = false }) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./emulator-process.mjs', import.meta.url)), subscriptions, workspacesPerSubscription, latencyMs, lroDurationMs, throttle ? 1 : 0, linkedResources ? 1 : 0],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const firstLine = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator process exited ${code}: ${stderr}`)));
  });
  const info = JSON.parse(firstLine);
  // However the benchmark ends (a thrown error included), the emulator process must not outlive it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  return {
    ...info,
    async stop() {
      process.off('exit', killChild);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      const line = stderr.split('\n').find((l) => l.includes('emulatorPeakRssMiB'));
      return line ? JSON.parse(line).emulatorPeakRssMiB : undefined;
    },
  };
}

/** GET an admin endpoint of the emulator (HTTPS, bearer, its CA). */
export function adminGet(endpoint, caCertPem, path) {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${path}`, { ca: caCertPem, headers: { authorization: 'Bearer bench' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: HTTP ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
