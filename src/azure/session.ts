import type { TokenCredential } from '@azure/core-auth';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import type { AzureClients } from './client-factory.js';
import type { RunningEmulator } from '../emulator/contract.js';

/** What a command needs to reach Azure (or the emulator), and how to let go of it. */
export interface AzureSession {
  clients: AzureClients;
  /** Where calls go, for messages. */
  endpoint: string;
  /** The embedded emulator, when --emulator was given. */
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

/** The global options that decide where calls go and how (the CLI's GlobalOptions extends this). */
export interface SessionOptions {
  cloud: 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';
  armEndpoint?: string | undefined;
  credential: 'default' | 'cli' | 'emulator';
  maxRetries: number;
  emulator?: boolean | undefined;
  emulatorState: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Where --emulator keeps its state unless told otherwise; only this default folder is created when missing. */
export const DEFAULT_EMULATOR_STATE = '.aml-isolate/emulator/state.json';

/**
 * Resolves --emulator / --arm-endpoint / --cloud / --credential into clients built by the one factory. With --emulator
 * an in-process emulator is started on its persisted state and stopped (state flushed) by close().
 */
export async function openAzureSession(options: SessionOptions): Promise<AzureSession> {
  const { createAzureClients } = await import('./client-factory.js');
  if (options.emulator) {
    if (options.armEndpoint) throw new UsageError('--emulator and --arm-endpoint exclude each other: give one.');
    if (options.emulatorState !== DEFAULT_EMULATOR_STATE && !(await isDirectory(dirname(options.emulatorState)))) {
      throw new UsageError(`--emulator-state ${options.emulatorState}: the folder ${dirname(options.emulatorState)} does not exist; create it first or name a file in an existing folder.`);
    }
    const { startEmulator } = await import('../emulator/index.js');
    const emulator = await startEmulator({ stateFile: options.emulatorState, seed: 'demo' });
    const clients = createAzureClients({
      credential: emulator.credential,
      armEndpoint: emulator.endpoint,
      tlsCa: emulator.caCertPem,
      retry: { maxRetries: options.maxRetries },
    });
    return { clients, endpoint: emulator.endpoint, emulator, close: () => emulator.stop() };
  }
  const credential = await credentialFor(options);
  const clients = createAzureClients({
    cloud: options.cloud,
    retry: { maxRetries: options.maxRetries },
    ...(options.armEndpoint ? { armEndpoint: options.armEndpoint } : {}),
    ...(credential ? { credential } : {}),
  });
  return { clients, endpoint: clients.endpoint, close: async () => {} };
}

async function credentialFor(options: SessionOptions): Promise<TokenCredential | undefined> {
  switch (options.credential) {
    case 'default':
      return undefined; // the factory builds DefaultAzureCredential once, for the chosen cloud
    case 'cli': {
      const { AzureCliCredential } = await import('@azure/identity');
      return new AzureCliCredential();
    }
    case 'emulator': {
      const host = options.armEndpoint ? new URL(options.armEndpoint).hostname : undefined;
      if (!host || !LOOPBACK_HOSTS.has(host)) {
        throw new UsageError('--credential emulator is only for an emulator on loopback: also give --arm-endpoint https://127.0.0.1:PORT.');
      }
      const { staticTokenCredential } = await import('./static-credential.js');
      return staticTokenCredential();
    }
  }
}

/** Opens a session, runs `work` with it and closes it however `work` ends (an open emulator keeps the process alive). */
export async function withAzureSession<T>(options: SessionOptions, work: (session: AzureSession) => Promise<T>): Promise<T> {
  const session = await openAzureSession(options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}
