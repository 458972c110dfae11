import type { Fingerprint, ObservedContext, ObservedWorkspace, ReadProblem } from '../plan/observed.js';
import { observeNameStates, type CandidateName } from './name-states.js';
import { observeWorkspace, type ObserveWorkspaceOptions } from './observe-workspace.js';
import { observePeTargets } from './pe-targets.js';
import type { ObserveClients } from './ports.js';
import { createLimit, type ReadContext } from './read-problems.js';
import { observeCmk } from './vault-access.js';
import pLimit from 'p-limit';

/** What the policy needs read beyond the workspaces themselves. */
export interface PolicyNeeds {
  cmk?: { keyVaultId: string; keyName: string } | undefined;
  peTargetIds: string[];
  candidateNames: CandidateName[];
}

export interface ObserveContextOptions {
  abortSignal?: AbortSignal | undefined;
  /** Workspaces observed at once; default 16. */
  workspaceConcurrency?: number | undefined;
  /**
   * HTTP reads in flight at once across everything; default 32. ARM's per-subscription budget is kept by the pacer
   * (azure/pacing.ts), so this only bounds sockets and memory: 8 left a plan of many subscriptions latency-bound.
   */
  readConcurrency?: number | undefined;
}

/**
 * Everything one `plan` run reads: each workspace (observeWorkspace), the CMK vault and key, the extra private-endpoint
 * targets and the state of candidate names. Reads only. A workspace that cannot be read (403/404) fails the whole call
 * with that workspace's one-line error (the first such workspace in input order); context reads that fail are recorded
 * in readProblems instead.
 */
export async function observeContext(
  clients: ObserveClients,
  workspaceIds: readonly string[],
  policyNeeds: PolicyNeeds,
  cosmosDbPrincipalId: string | undefined,
  options: ObserveContextOptions = {},
): Promise<ObservedContext> {
  const limit = createLimit(options.readConcurrency ?? 32);
  const problems: ReadProblem[] = [];
  const ctx: ReadContext = { limit, abortSignal: options.abortSignal, problems };
  const perWorkspace: ObserveWorkspaceOptions = { limit, abortSignal: options.abortSignal };
  const workspaceLimit = pLimit(Math.max(1, options.workspaceConcurrency ?? 16));

  const [settled, cmk, pe, names] = await Promise.all([
    Promise.allSettled(unique(workspaceIds).map((id) => workspaceLimit(() => observeWorkspace(clients, id, perWorkspace)))),
    policyNeeds.cmk ? observeCmk(clients, policyNeeds.cmk.keyVaultId, policyNeeds.cmk.keyName, ctx) : Promise.resolve(undefined),
    observePeTargets(clients, policyNeeds.peTargetIds, ctx),
    observeNameStates(clients.arm, policyNeeds.candidateNames, ctx),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const workspaces = settled.map((s) => (s as PromiseFulfilledResult<ObservedWorkspace>).value);

  const fingerprints: Record<string, Fingerprint> = {};
  for (const fp of [...(cmk?.fingerprints ?? []), ...pe.fingerprints]) fingerprints[fp.id.toLowerCase()] = fp;
  const vaults: ObservedContext['vaults'] = {};
  const keys: ObservedContext['keys'] = {};
  if (policyNeeds.cmk && cmk) {
    const vaultId = policyNeeds.cmk.keyVaultId.replace(/\/+$/, '');
    if (cmk.vault !== undefined) vaults[vaultId.toLowerCase()] = cmk.vault;
    if (cmk.key !== undefined) keys[`${vaultId}/keys/${policyNeeds.cmk.keyName}`.toLowerCase()] = cmk.key;
  }
  return {
    workspaces,
    vaults,
    keys,
    peTargets: pe.targets,
    names,
    cosmosDbPrincipalId,
    fingerprints,
    ...(problems.length ? { readProblems: problems } : {}),
  };
}

/** Ids in input order, each once (ARM ids compare case-insensitively). */
function unique(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()) !== undefined);
}
