import { join, relative } from 'node:path';
import type { RunResult } from '../apply/contract.js';
import { evaluateWorkspace, isMl005Compliant } from '../audit/rules.js';
import { runAudit } from '../audit/run-audit.js';
import { apiVersions } from '../model/api-versions.js';
import type { AzureSession } from '../azure/session.js';
import { privateLinkZonesByCloud } from '../model/private-link-zones.js';
import { observeForPolicy } from '../observe/observe-for-policy.js';
import { readClients } from '../observe/ports.js';
import { observeNameStates } from '../observe/name-states.js';
import { createLimit, isStatus, type ReadContext } from '../observe/read-problems.js';
import { observeCmk, toObservedKey, type RawKey } from '../observe/vault-access.js';
import { writePlanFile, type Plan } from '../plan/index.js';
import type { ObservedKey, ObservedVault } from '../plan/observed.js';
import type { GuideWorld } from './world.js';

/** The guide's world over a real session (Azure or the emulator): the same reads and writes as audit, plan and apply. */
export interface AzureWorldOptions {
  /** Where plans are saved (plans/<plan-id>/plan.json). */
  plansDir: string;
  /** Runs a saved plan with apply's progress; absent when this build has no apply engine. */
  apply?: (plan: Plan, planPath: string, abortSignal: AbortSignal) => Promise<RunResult>;
}


export function createAzureWorld(session: AzureSession, options: AzureWorldOptions): GuideWorld {
  const { clients } = session;
  const readCtx = (): ReadContext => ({ limit: createLimit(8), problems: [] });
  const world: GuideWorld = {
    async listSubscriptions() {
      const subs = await clients.fleetReader.listSubscriptions();
      return subs.map((s) => ({ id: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId }));
    },
    audit: (subscriptions) => runAudit(clients.fleetReader, { subscriptions, discovery: 'arm', concurrency: 32, checkDiagnostics: false }),
    observe: (ids, policy) => observeForPolicy(readClients(clients), clients.cloud.cosmosDbPrincipalId, ids, policy, privateLinkZonesByCloud[clients.cloud.name]),
    async listSubnets(subscriptionId, location) {
      type Vnet = { id?: string; name?: string; location?: string; properties?: { subnets?: { id?: string; name?: string; properties?: { delegations?: unknown[] } }[] } };
      const vnets = await clients.arm.listAll<Vnet>(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/virtualNetworks`, apiVersions.network);
      const norm = (l: string | undefined) => (l ?? '').toLowerCase().replace(/\s+/g, '');
      return vnets.filter((v) => norm(v.location) === norm(location)).flatMap((v) => (v.properties?.subnets ?? [])
        .filter((s) => !(s.properties?.delegations ?? []).length)
        .map((s) => ({ id: s.id ?? '', name: `${v.name}/${s.name}`, location: v.location ?? location })));
    },
    async nameState(sourceId, name) {
      const states = await observeNameStates(clients.arm, [{ sourceId, name }], readCtx());
      return Object.values(states)[0] ?? 'unknown';
    },
    async listVaults(subscriptionId) {
      const listed = await clients.arm.listAll<{ id?: string }>(`/subscriptions/${subscriptionId}/providers/Microsoft.KeyVault/vaults`, apiVersions.keyVault);
      const ids = listed.flatMap((v) => (v.id ? [v.id] : []));
      // observeCmk reads the vault (and its role assignments on an RBAC vault) exactly as plan does; the key name is
      // a probe the read does not need.
      const reads = await Promise.all(ids.map((id) => observeCmk(clients, id, 'aml-isolate-probe', readCtx())));
      return reads.flatMap((r) => (r.vault && r.vault !== 'not-found' ? [r.vault as ObservedVault] : []));
    },
    async listKeys(vaultId) {
      const raw = await clients.arm.listAll<RawKey>(`${vaultId}/keys`, apiVersions.keyVault);
      return raw.map((k) => toObservedKey(vaultId, k, `${vaultId}/keys/${k.name ?? ''}`));
    },
    async listPrivateEndpointTargets(subscriptionId) {
      const types: [string, string][] = [
        ['Microsoft.Storage/storageAccounts', apiVersions.storage],
        ['Microsoft.KeyVault/vaults', apiVersions.keyVault],
        ['Microsoft.ContainerRegistry/registries', apiVersions.containerRegistry],
      ];
      const lists = await Promise.all(types.map(async ([type, version]) => {
        try {
          const items = await clients.arm.listAll<{ id?: string; name?: string; type?: string }>(`/subscriptions/${subscriptionId}/providers/${type}`, version);
          return items.flatMap((r) => (r.id ? [{ id: r.id, name: r.name ?? r.id.split('/').pop()!, type: r.type ?? type }] : []));
        } catch (error) {
          if (isStatus(error, 403, 404)) return []; // a provider that is not registered or readable offers no targets
          throw error;
        }
      }));
      return lists.flat();
    },
    async savePlan(plan) {
      const path = join(options.plansDir, plan.planId, 'plan.json');
      await writePlanFile(path, plan);
      return relative(process.cwd(), path) || path;
    },
    async verify(ids) {
      return Promise.all(ids.map(async (id) => ({ id, compliant: isMl005Compliant(evaluateWorkspace(await clients.fleetReader.getWorkspace(id), { kind: 'skipped' }).checks) })));
    },
  };
  const apply = options.apply;
  if (apply) world.apply = (plan, planPath, { abortSignal }) => apply(plan, planPath, abortSignal);
  return world;
}

