import { workspaceApiVersion } from '../../model/api-versions.js';
import { APPROVER_ROLE_NAME, approverRoleCommand } from '../../model/approver-role.js';
import type { OutboundRuleResource, Workspace } from '../../model/workspace.js';
import { ArmError } from '../../errors.js';
import type { RecordingRequester } from './recording-requester.js';

/** A private-endpoint outbound rule that did not become Active. */
export interface InactiveRule {
  name: string;
  status: string;
  target: string;
}

/** Every private-endpoint rule of the workspace (from the outbound rules list) whose status is not Active. */
export async function inactivePrivateEndpointRules(arm: RecordingRequester, workspaceId: string): Promise<InactiveRule[]> {
  const items = await arm.listAll<OutboundRuleResource>(`${workspaceId}/outboundRules`, workspaceApiVersion);
  return items
    .filter((r) => r.properties?.type === 'PrivateEndpoint' && r.properties.status !== 'Active')
    .map((r) => ({
      name: r.name ?? r.id?.split('/').pop() ?? '(unnamed)',
      status: r.properties.status ?? '(no status)',
      target: String((r.properties.destination as { serviceResourceId?: unknown } | undefined)?.serviceResourceId ?? '(unknown target)'),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One line per rule: the rule, its status, the likely cause and the command that fixes it (FACTS). */
export function describeInactiveRule(ws: Workspace, rule: InactiveRule): string {
  const principal = ws.identity?.principalId ?? '<workspace identity principalId>';
  return `outbound rule ${rule.name} to ${rule.target} is ${rule.status}, not Active: the workspace identity (${principal}) likely lacks the role "${APPROVER_ROLE_NAME}" on the target, so the private endpoint was not approved; fix: ${approverRoleCommand(principal, rule.target)}, then provision the network again (${provisionCommand(ws)}) and run apply again`;
}

/** Provisioning again is what retries the approval; apply does not repeat a provisioning step that succeeded. */
function provisionCommand(ws: Workspace): string {
  const rg = /\/resourceGroups\/([^/]+)/i.exec(ws.id)?.[1] ?? '<resource group>';
  return `az ml workspace provision-network --name ${ws.name} --resource-group ${rg}`;
}

/** The service's answer when the workspace identity cannot approve a private endpoint (emulator/rules/approval.ts). */
export function isApprovalDenied(error: unknown): boolean {
  return error instanceof ArmError && /permission to approve private link connections/i.test(error.serviceMessage ?? error.message);
}
