import type { IsolationMode } from '../../model/workspace.js';
import { badRequest } from './rule-error.js';

/**
 * FACTS (Managed network, transitions are one-way): managed → Disabled is refused; AllowOnlyApprovedOutbound →
 * AllowInternetOutbound is refused; AllowInternetOutbound → AllowOnlyApprovedOutbound is contradicted in the docs and
 * therefore treated as unsupported.
 */
export function assertIsolationTransition(from: IsolationMode, to: IsolationMode): void {
  if (from === to || from === 'Disabled') return;
  if (to === 'Disabled') {
    throw badRequest(`Managed network isolation cannot be disabled once enabled (current mode ${from}); re-create the workspace instead.`);
  }
  throw badRequest(`Changing the managed network isolation mode from ${from} to ${to} is not supported; re-create the workspace instead.`);
}

/** FACTS (Managed network): in AllowInternetOutbound, user-defined rules may only be PrivateEndpoint. */
export function assertRuleTypesAllowed(mode: IsolationMode, rules: Record<string, { type?: unknown }>): void {
  if (mode !== 'AllowInternetOutbound') return;
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.type !== 'PrivateEndpoint') {
      throw badRequest(
        `Outbound rule '${name}' of type ${String(rule.type)} is not allowed when isolation mode is AllowInternetOutbound: only PrivateEndpoint rules are; ServiceTag and FQDN rules need AllowOnlyApprovedOutbound.`,
      );
    }
  }
}

/**
 * FACTS (includes/managed-vnet-update.md): Disabled → managed in place only after all compute instances, compute
 * clusters and managed online endpoints are deleted.
 */
export function assertNoComputeBlocksIsolation(from: IsolationMode, to: IsolationMode, computes: number, endpoints: number): void {
  if (from !== 'Disabled' || to === 'Disabled' || computes + endpoints === 0) return;
  throw badRequest(
    `Cannot enable managed network isolation (${to}) while the workspace has ${computes} compute(s) and ${endpoints} online endpoint(s): delete all compute instances, compute clusters and managed online endpoints first.`,
  );
}
