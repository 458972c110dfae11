/**
 * FACTS (Hubs, projects and outbound rules): a private-endpoint outbound rule is approved by the workspace's identity,
 * which needs this built-in role on the rule's target. The id is from Microsoft's built-in roles table
 * (articles/role-based-access-control/built-in-roles.md: "Can approve private endpoint connections to Azure AI common
 * dependency resources").
 */
export const APPROVER_ROLE_NAME = 'Azure AI Enterprise Network Connection Approver';
export const APPROVER_ROLE_ID = 'b556d68e-0be0-4f35-a333-ad7ee1ce17ea';

/** The command that grants the role; shown wherever a missing approval is reported. */
export function approverRoleCommand(principalId: string, target: string): string {
  return `az role assignment create --assignee ${principalId} --role "${APPROVER_ROLE_NAME}" --scope ${target}`;
}
