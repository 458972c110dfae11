import type { AzureClients } from '../azure/client-factory.js';

/**
 * The clients the read side uses: raw ARM (workspaces at 2025-06-01, children, registries, App Insights, keys, role
 * assignments), the fleet reader (diagnostic settings) and the typed Key Vault and Storage clients.
 * createAzureClients() satisfies it.
 */
export type ObserveClients = Pick<AzureClients, 'arm' | 'fleetReader' | 'keyVault' | 'storage'>;
