import { APPROVER_ROLE_NAME, approverRoleCommand } from '../model/approver-role.js';
import type { DiagnosticCollector } from './diagnostics.js';
import type { ObservedWorkspace } from './observed.js';
import type { RulePlan } from './pe-rules.js';
import { predictServiceRules } from './service-rules.js';

/**
 * Warns, before anything is written, about private-endpoint targets on which the workspace identity lacks the approver
 * role (read by src/observe where role assignments could be read; unread targets are not guessed about). Without it a
 * rule stays Inactive after provisioning and verify fails the workspace.
 */
export function checkApproverRoles(ws: ObservedWorkspace, rules: RulePlan, d: DiagnosticCollector): void {
  const principalId = ws.workspace.identity?.principalId;
  const roles = ws.approverRoles;
  if (!principalId || !roles) return;
  const targets = new Map<string, string>();
  for (const rule of Object.values(rules.desired)) targets.set(rule.destination.serviceResourceId.toLowerCase(), rule.destination.serviceResourceId);
  for (const rule of predictServiceRules(ws)) targets.set(rule.serviceResourceId.toLowerCase(), rule.serviceResourceId);
  for (const [key, target] of [...targets.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (roles[key] !== false) continue;
    d.warning('approver-role-missing', target,
      `The workspace identity ${principalId} has no "${APPROVER_ROLE_NAME}" role at or above ${target.split('/').pop()}, so its private-endpoint rule will likely stay Inactive after provisioning and verify will fail.`,
      `Grant it before apply: ${approverRoleCommand(principalId, target)}`);
  }
}
