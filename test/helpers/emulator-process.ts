import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cliPath, repoRoot } from './cli.js';

/** A standalone emulator run as a real process through `aml-isolate emulator serve`. */
export interface EmulatorProcess {
  endpoint: string;
  caFile: string;
  stateFile: string;
  dir: string;
  /** Args and env that point the CLI at this emulator. */
  cliArgs: string[];
  cliEnv: NodeJS.ProcessEnv;
  admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  /** Any ARM call (path and query as given): status and parsed body. */
  arm(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<number | null>;
}

export async function startEmulatorProcess(extraArgs: string[] = []): Promise<EmulatorProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'aml-isolate-e2e-'));
  const stateFile = join(dir, 'state.json');
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'emulator', 'serve', '--port', '0', '--state', stateFile, ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const info: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const [key, ...rest] = line.split(' ');
      info[key!] = rest.join(' ');
      if (info['endpoint'] && info['ca-file'] && info['state-file']) resolve();
    });
    child.once('exit', (code) => reject(new Error(`emulator serve exited ${code}: ${stderr}`)));
  });
  const endpoint = info['endpoint']!;
  const caFile = info['ca-file']!;
  const { readFileSync } = await import('node:fs');
  const ca = readFileSync(caFile, 'utf8');
  return {
    endpoint,
    caFile,
    stateFile,
    dir,
    cliArgs: ['--arm-endpoint', endpoint, '--credential', 'emulator'],
    cliEnv: { NODE_EXTRA_CA_CERTS: caFile },
    arm: (method, path, body) =>
      new Promise((resolve, reject) => {
        const req = request(`${endpoint}${path}`, { method, ca, headers: { authorization: 'Bearer test', 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      }),
    admin: (method, path, body) =>
      new Promise((resolve, reject) => {
        const req = request(`${endpoint}${path}`, { method, ca, headers: { authorization: 'Bearer test', 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => (res.statusCode! < 300 ? resolve(text ? JSON.parse(text) : undefined) : reject(new Error(`${path}: ${res.statusCode} ${text}`))));
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}
