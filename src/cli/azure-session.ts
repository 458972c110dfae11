import type { TokenCredential } from '@azure/core-auth';
import { UsageError } from '../errors.js';
import type { RunningEmulator } from '../emulator/contract.js';
import type { GlobalOptions } from './global-options.js';

/** What a command needs to reach Azure (or the emulator), and how to let go of it. */
export interface AzureSession {
  clients: import('../azure/client-factory.js').AzureClients;
  /** Where calls go, for messages. */
  endpoint: string;
  /** The embedded emulator, when --emulator was given. */
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Resolves --emulator / --arm-endpoint / --cloud / --credential into clients built by the one factory. With --emulator
 * an in-process emulator is started on its persisted state and stopped (state flushed) by close().
 */
export async function openAzureSession(options: GlobalOptions): Promise<AzureSession> {
  const { createAzureClients } = await import('../azure/client-factory.js');
  if (options.emulator) {
    if (options.armEndpoint) throw new UsageError('--emulator and --arm-endpoint exclude each other: give one.');
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

async function credentialFor(options: GlobalOptions): Promise<TokenCredential | undefined> {
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
