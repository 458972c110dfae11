import type { PrivateLinkZones } from '../model/private-link-zones.js';
import { parseResourceId } from '../model/resource-id.js';
import { deriveWorkspaceName } from '../plan/naming.js';
import type { ObservedContext, ReadProblem } from '../plan/observed.js';
import type { Policy } from '../plan/policy-schema.js';
import { KEY_URI } from '../plan/policy-schema.js';
import { observeContext } from './observe-context.js';
import { observeInbound } from './inbound.js';
import type { ObserveClients } from './ports.js';
import { createLimit } from './read-problems.js';

/**
 * Reads the workspaces and whatever the policy names (CMK vault and key, extra private-endpoint targets, new names),
 * then what inbound access needs (their private endpoints, the subnet and zones of the policy). `zoneNames`: the
 * cloud's private DNS zones for workspaces (undefined: unknown, and mode create is refused by the planner).
 */
export async function observeForPolicy(clients: ObserveClients, cosmosDbPrincipalId: string | undefined, workspaceIds: string[], policy: Policy, zoneNames?: PrivateLinkZones): Promise<ObservedContext> {
  const cmk = policy.customerManagedKey;
  const keyName = cmk.keyName ?? (cmk.keyUri ? KEY_URI.exec(cmk.keyUri)?.[2] : undefined);
  const context = await observeContext(
    clients,
    workspaceIds,
    {
      ...(cmk.keyVaultId && keyName ? { cmk: { keyVaultId: cmk.keyVaultId, keyName } } : {}),
      peTargetIds: policy.privateEndpoints.map((pe) => pe.serviceResourceId),
      candidateNames: workspaceIds.map((sourceId) => ({ sourceId, name: deriveWorkspaceName(parseResourceId(sourceId)!.name, policy.recreate.nameTemplate) })),
    },
    cosmosDbPrincipalId,
  );
  const problems: ReadProblem[] = [];
  const inbound = await observeInbound(clients, context.workspaces, policy.inbound, zoneNames, { limit: createLimit(8), problems });
  const readProblems = [...(context.readProblems ?? []), ...problems];
  return { ...context, inbound, ...(readProblems.length ? { readProblems } : {}) };
}
