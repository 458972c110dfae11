import { parseResourceId } from '../model/resource-id.js';
import { deriveWorkspaceName } from '../plan/naming.js';
import type { ObservedContext } from '../plan/observed.js';
import type { Policy } from '../plan/policy-schema.js';
import { KEY_URI } from '../plan/policy-schema.js';
import { observeContext } from './observe-context.js';
import type { ObserveClients } from './ports.js';

/** Reads the workspaces and whatever the policy names (CMK vault and key, extra private-endpoint targets, new names). */
export async function observeForPolicy(clients: ObserveClients, cosmosDbPrincipalId: string | undefined, workspaceIds: string[], policy: Policy): Promise<ObservedContext> {
  const cmk = policy.customerManagedKey;
  const keyName = cmk.keyName ?? (cmk.keyUri ? KEY_URI.exec(cmk.keyUri)?.[2] : undefined);
  return observeContext(
    clients,
    workspaceIds,
    {
      ...(cmk.keyVaultId && keyName ? { cmk: { keyVaultId: cmk.keyVaultId, keyName } } : {}),
      peTargetIds: policy.privateEndpoints.map((pe) => pe.serviceResourceId),
      candidateNames: workspaceIds.map((sourceId) => ({ sourceId, name: deriveWorkspaceName(parseResourceId(sourceId)!.name, policy.recreate.nameTemplate) })),
    },
    cosmosDbPrincipalId,
  );
}
