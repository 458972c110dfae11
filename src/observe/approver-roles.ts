import { APPROVER_ROLE_ID } from '../model/approver-role.js';
import { apiVersions } from '../model/api-versions.js';
import type { ObservedWorkspace } from '../plan/observed.js';
import type { ObserveClients } from './ports.js';
import type { Limit } from './read-problems.js';

type RawAssignment = { properties?: { principalId?: string; roleDefinitionId?: string } };

/**
 * Whether the workspace identity holds "Azure AI Enterprise Network Connection Approver" at or above each private-
 * endpoint target (its linked storage, key vault and registry, plus `extraTargets`). One list per target with
 * `$filter=atScope() and principalId eq '…'`. A target whose assignments cannot be read is left out (unknown), so the
 * planner never warns on a guess. Reads only.
 */
export async function observeApproverRoles(clients: ObserveClients, ws: ObservedWorkspace, extraTargets: readonly string[], limit: Limit, abortSignal?: AbortSignal): Promise<Record<string, boolean> | undefined> {
  const principalId = ws.workspace.identity?.principalId;
  if (!principalId) return undefined;
  const p = ws.workspace.properties;
  const targets = new Map<string, string>();
  for (const id of [p.storageAccount, p.keyVault, p.containerRegistry, ...extraTargets]) if (typeof id === 'string' && id) targets.set(id.toLowerCase(), id);
  const out: Record<string, boolean> = {};
  const filter = encodeURIComponent(`atScope() and principalId eq '${principalId}'`);
  await Promise.all([...targets.entries()].map(async ([key, id]) => {
    try {
      const items = await limit(() => clients.arm.listAll<RawAssignment>(`${id}/providers/Microsoft.Authorization/roleAssignments?$filter=${filter}`, apiVersions.roleAssignments, abortSignal ? { abortSignal } : {}));
      out[key] = items.some((a) => a.properties?.principalId?.toLowerCase() === principalId.toLowerCase() && (a.properties?.roleDefinitionId ?? '').split('/').pop()?.toLowerCase() === APPROVER_ROLE_ID);
    } catch {
      // Unknown: no entry (the planner only warns on a definite false).
    }
  }));
  return out;
}
