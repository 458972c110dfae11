import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/contract.js';

export const API = 'api-version=2025-06-01';

/** One cert dir for the whole run: generating a CA per test would be slow, and reuse is what we ship. */
export const sharedCertDir = join(tmpdir(), 'aml-isolate-emulator-test-certs');

export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ certDir: sharedCertDir, ...options });
}

export async function tempDir(): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'aml-emu-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A real HTTPS call trusting only the emulator's CA. `token: null` sends no Authorization header. */
export function call(emu: RunningEmulator, method: string, pathOrUrl: string, body?: unknown, token: string | null = 'test-token'): Promise<Reply> {
  // Concatenate rather than resolve: `//subscriptions/...` must stay a path, never become a host name.
  const url = new URL(pathOrUrl.startsWith('https://') ? pathOrUrl : emu.endpoint + pathOrUrl);
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) throw new Error(`refusing a non-loopback call to ${url.host}`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: emu.caCertPem,
        headers: {
          ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Polls an LRO's Azure-AsyncOperation URL until it is no longer InProgress. */
export async function waitForOperation(emu: RunningEmulator, reply: Reply): Promise<Reply> {
  const url = String(reply.headers['azure-asyncoperation']);
  for (let i = 0; i < 500; i++) {
    const poll = await call(emu, 'GET', url);
    if (poll.body?.status !== 'InProgress') return poll;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('operation never finished');
}
