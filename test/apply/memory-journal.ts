import { randomUUID } from 'node:crypto';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { workspaceId } from '../../src/model/resource-id.js';
import type { Journal, JournalEntry } from '../../src/apply/contract.js';
import { meetsMl005 } from '../../src/model/ml005.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import type { EmulatorOptions, RunningEmulator, RequestLogEntry } from '../../src/emulator/contract.js';
import type { Workspace } from '../../src/model/workspace.js';
import { observeContext } from '../../src/observe/index.js';
import { defaultPolicy, mergePolicy, planRemediation, policyFromFlags, type Plan, type PolicyFlags } from '../../src/plan/index.js';
import { deriveWorkspaceName } from '../../src/plan/naming.js';
import { parseResourceId } from '../../src/model/resource-id.js';
import { start } from '../emulator/helpers.js';

/** An in-memory Journal (the contract's interface) for executor tests; `failAfter` makes an append throw. */
export class MemoryJournal implements Journal {
  readonly path = ':memory:';
  readonly entries: JournalEntry[] = [];
  failAppendsAfter: number | undefined;

  constructor(plan: Pick<Plan, 'planId' | 'contentHash'>) {
    this.entries.push({ type: 'header', formatVersion: 1, planId: plan.planId, planHash: plan.contentHash, tool: { name: 'aml-isolate', version: 'test' }, createdAt: new Date().toISOString() });
  }

  async append(entry: JournalEntry): Promise<void> {
    if (this.failAppendsAfter !== undefined && this.entries.length >= this.failAppendsAfter) throw new Error('disk full');
    await Promise.resolve();
    this.entries.push(structuredClone(entry));
  }

  ofType<T extends JournalEntry['type']>(type: T): Extract<JournalEntry, { type: T }>[] {
    return this.entries.filter((e): e is Extract<JournalEntry, { type: T }> => e.type === type);
  }
}

// ---- Fixture shared by test/apply/execute-*.test.ts and rollback-*.test.ts (the real emulator + the real planner). ----

export const P = DEMO.prod;
export const R = DEMO.research;
export const W = DEMO.workspaces;
export const cmkVaultId = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}`;
export const idOf = (name: string): string =>
  name === W.withComputes ? workspaceId(R.subscriptionId, R.rg, name) : name === W.cmkNotIsolated ? workspaceId(P.subscriptionId, P.sharedRg, name) : workspaceId(P.subscriptionId, P.rg, name);

export interface Fixture {
  emu: RunningEmulator;
  clients: AzureClients;
  stop(): Promise<void>;
}

export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const emu = await start({ seed: 'demo', lroDurationMs: 0, ...options });
  const clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem, retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
  return { emu, clients, stop: () => emu.stop() };
}

/** What `aml-isolate plan` does (src/observe/observe-and-plan.ts), for some workspaces and policy flags. */
export async function planFor(clients: AzureClients, names: string[], flags: PolicyFlags = {}): Promise<Plan> {
  // The demo workspaces have no inbound private endpoint: acknowledged unless the test asks for an inbound mode.
  const policy = mergePolicy(defaultPolicy(), policyFromFlags(flags.inbound || flags.inboundSubnet ? flags : { allowNoInbound: true, ...flags }));
  const ids = names.map(idOf);
  const cmk = policy.customerManagedKey;
  const context = await observeContext(
    clients,
    ids,
    {
      ...(cmk.keyVaultId && cmk.keyName ? { cmk: { keyVaultId: cmk.keyVaultId, keyName: cmk.keyName } } : {}),
      peTargetIds: policy.privateEndpoints.map((pe) => pe.serviceResourceId),
      candidateNames: ids.map((sourceId) => ({ sourceId, name: deriveWorkspaceName(parseResourceId(sourceId)!.name, policy.recreate.nameTemplate) })),
    },
    DEMO.cosmosDbPrincipalId,
  );
  return planRemediation(context, policy, { now: new Date(), newId: randomUUID, toolVersion: 'test' }).plan;
}

export const cmkFlags: PolicyFlags = { requireCmk: true, cmkKeyVault: cmkVaultId, cmkKeyName: DEMO.cmkKey, hbi: true };

export async function getWorkspace(clients: AzureClients, id: string): Promise<Workspace | null> {
  try {
    return (await clients.arm.get<Workspace>(id, '2025-06-01')).body;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

export function auditsCompliant(ws: Workspace): boolean {
  return meetsMl005(ws);
}

/**
 * A workspace as rollback must leave it: everything but what is documented irreversible and what the service sets
 * (provisioningState; for in-place, the managed network: isolation mode and status are one-way, and the service adds
 * its own Required rules). User-defined outbound rules are compared by name and destination.
 */
export function normalise(ws: Workspace, options: { ignoreManagedNetwork: boolean }): unknown {
  const { provisioningState: _p, managedNetwork, ...props } = ws.properties as unknown as Record<string, unknown>;
  const mn = managedNetwork as { outboundRules?: Record<string, { category?: string; destination?: unknown; type?: string }> } | undefined;
  const userRules = Object.entries(mn?.outboundRules ?? {})
    .filter(([, r]) => r.category === 'UserDefined')
    .map(([n, r]) => [n, r.type, r.destination])
    .sort();
  return { tags: ws.tags ?? {}, identity: ws.identity, location: ws.location, props, userRules, ...(options.ignoreManagedNetwork ? {} : { managedNetwork }) };
}

export const isWrite = (r: RequestLogEntry): boolean => r.method !== 'GET' && r.method !== 'HEAD';
export const successfulWrites = (log: readonly RequestLogEntry[]): RequestLogEntry[] => log.filter((r) => isWrite(r) && r.status < 400);

/** Soft-deleted workspaces held by the emulator (lower-cased ids). */
export function softDeletedIds(emu: RunningEmulator): string[] {
  return Object.keys((emu.snapshot() as unknown as { deletedWorkspaces: Record<string, unknown> }).deletedWorkspaces);
}
