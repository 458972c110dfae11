// Shared pieces of the benchmarks: start the emulator process, talk to its admin API, a local credential.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const credential = {
  async getToken() {
    return { token: 'bench', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

/**
 * Starts bench/emulator-process.mjs on a synthetic fleet (subscriptions x workspacesPerSubscription, linkedResources);
 * every other field is an emulator option (latencyMs, lroDurationMs, lroTimeScale, lroRetryAfter, throttle...).
 * Resolves with {endpoint, caCertPem, stop(): peak RSS MiB}.
 */
export async function startEmulatorProcess({ subscriptions, workspacesPerSubscription, linkedResources = false, ...emulatorOptions }) {
  const fleet = { subscriptions, workspacesPerSubscription, linkedResources };
  const child = spawn(process.execPath, [fileURLToPath(new URL('./emulator-process.mjs', import.meta.url)), JSON.stringify({ fleet, emulatorOptions })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

/** POST /_emulator/config (runtime knobs; a new throttle setting starts with full buckets). */
export function adminConfigure(endpoint, caCertPem, knobs) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(knobs);
    const headers = { authorization: 'Bearer bench', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const req = request(`${endpoint}/_emulator/config`, { method: 'POST', ca: caCertPem, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`/_emulator/config: HTTP ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET an admin endpoint of the emulator (HTTPS, bearer, its CA). A fresh connection each time: a pooled one may have been closed by the server while this process was blocked (execFileSync). */
export function adminGet(endpoint, caCertPem, path) {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${path}`, { ca: caCertPem, agent: false, headers: { authorization: 'Bearer bench' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: HTTP ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

/**
 * The yardstick: a minimal keep-alive HTTPS client replaying `calls` ({method, url, body?} from the emulator's request
 * log) with `concurrency` in flight, each response read to the end and JSON-parsed. No retries, no pipeline.
 * Resolves with {ms, cpuMs, statuses} (cpuMs: this process's user+system CPU during the replay).
 */
export async function replayCalls(endpoint, caCertPem, calls, concurrency) {
  const agent = new Agent({ keepAlive: true, ca: caCertPem });
  const statuses = new Map();
  const one = ({ method, url, body }) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { authorization: 'Bearer bench', accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) };
      const req = request(`${endpoint}${url}`, { method, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => {
          if (text) JSON.parse(text);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          resolve();
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  let next = 0;
  const worker = async () => {
    while (next < calls.length) await one(calls[next++]);
  };
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls.length) }, worker));
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, statuses: Object.fromEntries(statuses) };
}
