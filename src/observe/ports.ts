import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { StorageManagementClient } from '@azure/arm-storage';
import type { AzureClients } from '../azure/client-factory.js';
import type { ArmReader } from '../azure/arm-requester.js';
import type { FleetReader } from '../azure/ports.js';

/** The one Key Vault call the read side makes. */
export interface VaultReader {
  vaults: Pick<KeyVaultManagementClient['vaults'], 'get'>;
}

/** The one Storage call the read side makes. */
export interface StorageReader {
  storageAccounts: Pick<StorageManagementClient['storageAccounts'], 'getProperties'>;
}

/**
 * What the read side may call: raw ARM reads (no write method), the fleet reader (diagnostic settings), and only the
 * read operations of the typed Key Vault and Storage clients. Writing from observe/ is a type error.
 */
export interface ObserveClients {
  arm: ArmReader;
  fleetReader: FleetReader;
  keyVault(subscriptionId: string): Promise<VaultReader>;
  storage(subscriptionId: string): Promise<StorageReader>;
}

/** The read-only view of a session's clients. */
export function readClients(clients: AzureClients): ObserveClients {
  return { arm: clients.armReader, fleetReader: clients.fleetReader, keyVault: (s) => clients.keyVault(s), storage: (s) => clients.storage(s) };
}
