import { APPROVER_ROLE_ID } from '../model/approver-role.js';
import * as b from './fleet-builders.js';
import type { StoredState } from './state.js';

/**
 * Seeds "Azure AI Enterprise Network Connection Approver" for each workspace identity on its linked storage, key vault
 * and registry, as Azure used to grant it at creation (FACTS: Hubs, projects and outbound rules), so `plan`'s role
 * check has nothing to warn about in the demo. The `approverRoleMissing` knob still makes approvals fail regardless:
 * it models the service side, these assignments the RBAC side a plan can read.
 */
export function grantApproverRoles(s: StoredState): void {
  const workspaces = Object.values(s.resources).filter((o) => o.type === 'Microsoft.MachineLearningServices/workspaces');
  let n = 0;
  for (const ws of workspaces) {
    const principalId = (ws.identity as { principalId?: string } | undefined)?.principalId;
    if (!principalId) continue;
    const props = (ws.properties ?? {}) as Record<string, unknown>;
    for (const key of ['storageAccount', 'keyVault', 'containerRegistry']) {
      const scope = props[key];
      if (typeof scope !== 'string' || !s.resources[scope.toLowerCase()]) continue;
      const sub = scope.split('/')[2];
      const a = b.roleAssignment(scope, b.guid(0x12, ++n), `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${APPROVER_ROLE_ID}`, principalId, 'ServicePrincipal');
      s.resources[a.id.toLowerCase()] = a;
    }
  }
}
