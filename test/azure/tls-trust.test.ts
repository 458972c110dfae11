/**
 * Trusting a private CA: `tlsCa` (the embedded emulator) and NODE_EXTRA_CA_CERTS (corporate TLS proxies, Azure Stack).
 * Only loopback is contacted: a local HTTPS server signed by a throw-away CA. nock is not loaded in this file, so the
 * real Node TLS stack is exercised.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import selfsigned from 'selfsigned';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArmRequester } from '../../src/azure/arm-requester.js';
import { ArmError } from '../../src/errors.js';
import { FakeCredential, recordedRetry } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
let server: Server;
let endpoint: string;
let caPem: string;
let otherCaPem: string;
let work: string;

async function makeCa(name: string) {
  return selfsigned.generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
}

/** The Azure layer transpiled to plain ESM, so a child `node` (20, no TS loader) can import it. */
async function transpileSources(into: string): Promise<void> {
  const files = [
    ...(await readdir(join(root, 'src/azure'))).filter((f) => f.endsWith('.ts')).map((f) => `src/azure/${f}`),
    ...(await readdir(join(root, 'src/model'))).filter((f) => f.endsWith('.ts')).map((f) => `src/model/${f}`),
    'src/errors.ts',
    'src/exit-codes.ts',
  ];
  for (const file of files) {
    const out = ts.transpileModule(await readFile(join(root, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(into, file.replace(/\.ts$/, '.js'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, out.outputText);
  }
  await writeFile(join(into, 'package.json'), '{"type":"module"}');
  await symlink(join(root, 'node_modules'), join(into, 'node_modules'), 'dir');
  await writeFile(
    join(into, 'probe.mjs'),
    `import { createAzureClients } from './src/azure/client-factory.js';
const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600000 }) };
const tlsCa = process.env.PROBE_TLS_CA || undefined;
const clients = createAzureClients({ credential, armEndpoint: process.argv[2], tlsCa, retry: { maxRetries: 0 } });
try {
  console.log(JSON.stringify({ ok: await clients.fleetReader.listSubscriptions() }));
} catch (e) {
  console.log(JSON.stringify({ error: e.code ?? e.name, message: e.message }));
}
`,
  );
}

async function probe(env: Record<string, string>): Promise<{ ok?: unknown; error?: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('NODE_EXTRA_CA_CERTS' in env)) delete childEnv['NODE_EXTRA_CA_CERTS'];
  const { stdout } = await promisify(execFile)(process.execPath, [join(work, 'probe.mjs'), endpoint], { env: childEnv, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ok?: unknown; error?: string };
}

beforeAll(async () => {
  const ca = await makeCa('aml-isolate test CA');
  const otherCa = await makeCa('unrelated CA');
  caPem = ca.cert;
  otherCaPem = otherCa.cert;
  const leaf = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  server = createServer({ key: leaf.private, cert: leaf.cert }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: [{ subscriptionId: 'local-sub', seenAuth: req.headers.authorization === 'Bearer t' }] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = await mkdtemp(join(tmpdir(), 'aml-isolate-tls-'));
  await transpileSources(work);
  await writeFile(join(work, 'ca.pem'), caPem);
});

afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('tlsCa (in process)', () => {
  it('reaches a server signed by the given CA', async () => {
    const arm = createArmRequester({ credential: new FakeCredential(), endpoint, scope: `${endpoint}/.default`, tlsCa: caPem, retry: recordedRetry() });
    expect((await arm.get('/subscriptions', '2022-12-01')).body).toEqual({ value: [{ subscriptionId: 'local-sub', seenAuth: false }] });
  });

  it('without it the untrusted certificate is an ArmError and is not retried', async () => {
    const retry = recordedRetry();
    const arm = createArmRequester({ credential: new FakeCredential(), endpoint, scope: `${endpoint}/.default`, retry });
    const error = await arm.get('/subscriptions', '2022-12-01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArmError);
    expect((error as ArmError).code).toMatch(/CERT|SIGNATURE|VERIFY/);
    expect(retry.sleeps).toEqual([]);
  });
});

describe('NODE_EXTRA_CA_CERTS (child node process)', () => {
  it('is honoured without tlsCa', async () => {
    expect(await probe({ NODE_EXTRA_CA_CERTS: join(work, 'ca.pem') })).toEqual({ ok: [{ subscriptionId: 'local-sub' }] });
  });

  it('is still honoured when tlsCa adds an unrelated CA (ca replaces the default store, so we add it back)', async () => {
    expect(await probe({ NODE_EXTRA_CA_CERTS: join(work, 'ca.pem'), PROBE_TLS_CA: otherCaPem })).toEqual({ ok: [{ subscriptionId: 'local-sub' }] });
  });

  it('without either, the server is not trusted', async () => {
    const result = await probe({});
    expect(result.error).toMatch(/CERT|SIGNATURE|VERIFY/);
  });
});
