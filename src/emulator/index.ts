import { randomUUID } from 'node:crypto';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensureTlsMaterial } from './cert.js';
import type { EmulatorContext } from './context.js';
import type { EmulatorOptions, EmulatorState, RequestLogEntry, RunningEmulator } from './contract.js';
import { emulatorCredential } from './credential.js';
import { demoFleetState, emptyFleetState } from './demo-fleet.js';
import { demoHubsFleetState } from './hub-fleet.js';
import { applyKnobs, assertLoopback, defaultRuntimeConfig } from './options.js';
import { buildRouter } from './routes.js';
import { serveRequest } from './server.js';
import type { SpecValidator } from './spec/validator.js';
import { asStoredState, type StoredState } from './state.js';
import { readStateFile, writeStateFile } from './state-file.js';
import { Store } from './store.js';
import { UsageError } from '../errors.js';

export type { EmulatorOptions, RunningEmulator } from './contract.js';
export { demoFleetState, syntheticFleetState } from './demo-fleet.js';
export { seedSyntheticContents, type SyntheticContentsOptions } from './synthetic-contents.js';
export { DEMO_HUBS, demoHubsFleetState } from './hub-fleet.js';

/** Starts the ARM emulator on loopback over HTTPS. Resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const stateFile = options.stateFile;
  const loaded = stateFile ? await readStateFile(stateFile) : undefined;
  const store = new Store(loaded ?? seedState(options.seed ?? 'demo'));
  if (stateFile && !loaded) await writeStateFile(stateFile, store.state);
  const tls = await ensureTlsMaterial(options.certDir ?? (stateFile ? dirname(stateFile) : join(tmpdir(), 'aml-isolate-emulator-tls')));

  const config = defaultRuntimeConfig();
  applyKnobs(config, options);
  const ctx: EmulatorContext = { store, config, now: options.now ?? (() => Date.now()), newId: () => randomUUID() };
  const log: RequestLogEntry[] = [];
  const persist = serialisedPersist(store, stateFile);
  let validator: Promise<SpecValidator | undefined> | undefined;
  const snapshot = (): EmulatorState => structuredClone(store.state) as EmulatorState;
  const configure: RunningEmulator['configure'] = (knobs) => applyKnobs(config, knobs);

  const router = buildRouter();
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    serveRequest(req, res, {
      ctx,
      router,
      log,
      persist,
      validateRequests: options.validateRequests ?? true,
      validateResponses: options.validateResponses ?? false,
      // The OpenAPI validator compiles the spec: loaded on first use, never at import or start.
      validator: () => (validator ??= import('./spec/validator.js').then((m) => m.createSpecValidator())),
      admin: { requests: () => log, configure, snapshot, reset: (seed) => store.replace(seedState(seed)) },
    }).catch((err: unknown) => {
      res.destroy(err as Error);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(`Port ${options.port} on ${host} is already in use: choose another --port (0 picks a free one).`)
          : err,
      ),
    );
    server.listen(options.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host.replace(/^\[|\]$/g, '')}]` : host;

  return {
    endpoint: `https://${urlHost}:${port}`,
    caCertPem: tls.caCertPem,
    caCertPath: tls.caCertPath,
    credential: emulatorCredential(),
    get requests() {
      return log;
    },
    configure,
    snapshot,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.touch();
      await persist();
    },
  };
}

function seedState(seed: NonNullable<EmulatorOptions['seed']>): StoredState {
  if (seed === 'demo') return asStoredState(demoFleetState(), 'The demo seed');
  if (seed === 'demo-hubs') return asStoredState(demoHubsFleetState(), 'The demo-hubs seed');
  if (seed === 'empty') return asStoredState(emptyFleetState(), 'The empty seed');
  return asStoredState(structuredClone(seed), 'The seed state passed to startEmulator');
}

/** Persists after mutations, one write at a time, in order; a no-op without a state file. */
function serialisedPersist(store: Store, stateFile: string | undefined): () => Promise<void> {
  let chain = Promise.resolve();
  return () => {
    if (!store.dirty) return chain;
    store.dirty = false;
    if (!stateFile) return chain;
    const snapshot = JSON.parse(JSON.stringify(store.state)) as StoredState;
    chain = chain.then(() => writeStateFile(stateFile, snapshot));
    return chain;
  };
}
