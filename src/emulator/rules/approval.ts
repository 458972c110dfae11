/**
 * FACTS (Hubs, projects and outbound rules): private-endpoint rules are approved by the workspace's identity, which
 * needs "Azure AI Enterprise Network Connection Approver" on the targets; a rule that is not approved does not become
 * Active. The error is the service's own, from recordings/azure-ai-ml_mvnet_create_failed_pe_approval_2024-04: code
 * UserError (HTTP 400 from the RP), message "User does not have permission to approve private link connections to
 * resource: <target id>". There it surfaced inside a failed deployment; the emulator fails the provisioning (or
 * outbound rule) operation itself with it, which is *unverified*.
 */
type Rule = Record<string, unknown>;

/** The target whose approval fails, when `rule` is a private-endpoint rule not yet Active; else undefined. */
export function deniedTarget(rule: Rule): string | undefined {
  if (rule.type !== 'PrivateEndpoint' || rule.status === 'Active') return undefined;
  const target = (rule.destination as { serviceResourceId?: unknown } | undefined)?.serviceResourceId;
  return typeof target === 'string' ? target : '(unknown target)';
}

export function approvalFailure(target: string): { code: string; message: string } {
  return { code: 'UserError', message: `User does not have permission to approve private link connections to resource: ${target}` };
}
