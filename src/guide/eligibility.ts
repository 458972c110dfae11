import { resolveCustomerManagedKey } from '../plan/constraints.js';
import { DiagnosticCollector, type Diagnostic } from '../plan/diagnostics.js';
import type { ObservedContext, ObservedKey, ObservedVault, ObservedWorkspace } from '../plan/observed.js';
import { defaultPolicy } from '../plan/policy.js';
import type { Policy } from '../plan/policy-schema.js';

/**
 * Whether a key vault or key can serve as the customer-managed key of the given workspaces. Pure, and not a second
 * copy of the rules: it runs the planner's own CMK check (resolveCustomerManagedKey) on what was read and keeps the
 * findings about the vault (soft delete, purge protection, subscription, Cosmos DB access) or the key.
 */
export interface Eligibility {
  ok: boolean;
  /** One line per unmet prerequisite (errors). */
  reasons: string[];
  /** Things that may still go wrong (e.g. access not checkable). */
  warnings: string[];
}

export function vaultEligibility(vault: ObservedVault, workspaces: readonly ObservedWorkspace[], cosmosDbPrincipalId: string | undefined): Eligibility {
  const found = runCmkCheck(workspaces, { vaults: { [vault.id.toLowerCase()]: vault }, keys: {}, cosmosDbPrincipalId }, vault.id, 'probe');
  return summarise(found.filter((d) => d.subject.toLowerCase() === vault.id.toLowerCase()));
}

export function keyEligibility(key: ObservedKey, vault: ObservedVault, workspaces: readonly ObservedWorkspace[]): Eligibility {
  const ctx = { vaults: { [vault.id.toLowerCase()]: vault }, keys: { [`${vault.id}/keys/${key.name}`.toLowerCase()]: key }, cosmosDbPrincipalId: undefined };
  return summarise(runCmkCheck(workspaces, ctx, vault.id, key.name).filter((d) => d.code.startsWith('cmk-key')));
}

function runCmkCheck(workspaces: readonly ObservedWorkspace[], partial: Pick<ObservedContext, 'vaults' | 'keys' | 'cosmosDbPrincipalId'>, keyVaultId: string, keyName: string): Diagnostic[] {
  const policy: Policy = { ...defaultPolicy(), customerManagedKey: { required: true, keyVaultId, keyName } };
  const ctx: ObservedContext = { workspaces: [...workspaces], peTargets: {}, names: {}, ...partial };
  const d = new DiagnosticCollector();
  // Workspaces that already have a key keep it: only those without one constrain the vault.
  for (const ws of workspaces.filter((w) => w.workspace.properties.encryption?.status !== 'Enabled')) resolveCustomerManagedKey(ws, ctx, policy, d);
  const seen = new Set<string>();
  return d.items.filter((x) => !seen.has(`${x.code}|${x.summary}`) && seen.add(`${x.code}|${x.summary}`) !== undefined);
}

function summarise(found: Diagnostic[]): Eligibility {
  const reasons = found.filter((d) => d.severity === 'error').map((d) => d.summary);
  return { ok: reasons.length === 0, reasons, warnings: found.filter((d) => d.severity === 'warning').map((d) => d.summary) };
}
