import type { DiagnosticSetting, Workspace } from '../model/workspace.js';
import { parseResourceId } from '../model/resource-id.js';
import type { Check, WorkspaceResult } from './report.js';
import type { RuleId } from './rule-catalog.js';
import { makeCheck } from './make-check.js';
import { checkManagedNetworkIsolation, checkPublicNetworkAccess } from './network-checks.js';
import { hubIdOf, inheritedMl005Checks, isProject, workspaceKindOf, type HubObservation } from './project-rules.js';

export { checkManagedNetworkIsolation, checkPublicNetworkAccess } from './network-checks.js';
export type { HubObservation } from './project-rules.js';

/**
 * The pure core of the audit: one workspace as read from ARM (+ what was learnt about its diagnostic settings)
 * in, its checks and the MachineLearning-005 verdict out. No I/O, no clock.
 */

/** What the runner learnt about a workspace's diagnostic settings. */
export type DiagnosticsObservation =
  | { kind: 'read'; settings: DiagnosticSetting[] }
  /** The read failed (e.g. 403 on Microsoft.Insights): the check is 'unknown', never a guess. */
  | { kind: 'failed'; error: { code: string; statusCode?: number | undefined; message: string } }
  /** Diagnostics were not checked (--no-diagnostics): the check is left out of the report. */
  | { kind: 'skipped' };

export const ML005_RULES: readonly RuleId[] = ['ML005-public-network-access', 'ML005-managed-network-isolation'];

/**
 * A project (kind Project) takes its two ML005 checks from its hub (project-rules.ts); `hub` is what the runner
 * learnt about that hub, and leaving it out makes them 'unknown'. Every other kind is judged on its own properties,
 * and the related rules are always the workspace's own.
 */
export function evaluateWorkspace(workspace: Workspace, diagnostics: DiagnosticsObservation, hub?: HubObservation): WorkspaceResult {
  const project = isProject(workspace);
  const ml005 = project
    ? inheritedMl005Checks(workspace, hub ?? { kind: 'unreadable', hubId: hubIdOf(workspace), reason: 'it was not read.' })
    : [checkPublicNetworkAccess(workspace), checkManagedNetworkIsolation(workspace)];
  const checks = [
    ...ml005,
    checkHbi(workspace),
    checkSystemAssignedIdentity(workspace),
    checkCustomerManagedKey(workspace),
  ];
  if (diagnostics.kind !== 'skipped') checks.push(checkDiagnosticLogs(diagnostics));
  const parsed = parseResourceId(workspace.id);
  const inheritedFrom = project ? (hub?.kind === 'read' ? hub.hub.id : hubIdOf(workspace)) : undefined;
  return {
    id: workspace.id,
    name: workspace.name,
    subscriptionId: parsed?.subscriptionId ?? '',
    resourceGroup: parsed?.resourceGroup ?? '',
    location: workspace.location,
    kind: workspaceKindOf(workspace),
    ...(inheritedFrom !== undefined ? { inheritedFrom } : {}),
    compliant: isMl005Compliant(checks),
    checks,
  };
}

/** MachineLearning-005 passes only when both of its conditions pass; an absent ML005 check counts as a failure. */
export function isMl005Compliant(checks: readonly Check[]): boolean {
  return ML005_RULES.every((rule) => checks.some((c) => c.rule === rule && c.status === 'pass'));
}

export function checkHbi(workspace: Workspace): Check {
  const value = workspace.properties.hbiWorkspace;
  const actual = value === undefined ? 'not set (false)' : String(value);
  return value === true
    ? makeCheck('AML-hbi-workspace', 'pass', actual, 'true', 'hbiWorkspace is true.')
    : makeCheck('AML-hbi-workspace', 'fail', actual, 'true',
        `hbiWorkspace is ${value === undefined ? 'not set (false)' : String(value)}; it should be true.`);
}

export function checkSystemAssignedIdentity(workspace: Workspace): Check {
  const type = workspace.identity?.type;
  const hasSystem = (type ?? '').split(',').some((t) => t.trim().toLowerCase() === 'systemassigned');
  const actual = type ?? 'not set (None)';
  return hasSystem
    ? makeCheck('AML-system-assigned-identity', 'pass', actual, 'includes SystemAssigned', `identity.type is ${type}.`)
    : makeCheck('AML-system-assigned-identity', 'fail', actual, 'includes SystemAssigned',
        `identity.type is ${actual}; it should include SystemAssigned.`);
}

export function checkCustomerManagedKey(workspace: Workspace): Check {
  const status = workspace.properties.encryption?.status;
  const actual = status ?? 'not set (Microsoft-managed keys)';
  return status === 'Enabled'
    ? makeCheck('AML-customer-managed-key', 'pass', actual, 'Enabled', 'encryption.status is Enabled (customer-managed key).')
    : makeCheck('AML-customer-managed-key', 'fail', actual, 'Enabled',
        status === undefined
          ? 'encryption is not set, so data is encrypted with Microsoft-managed keys; a customer-managed key should be enabled.'
          : `encryption.status is ${status}; it should be Enabled.`);
}

export function checkDiagnosticLogs(observation: Exclude<DiagnosticsObservation, { kind: 'skipped' }>): Check {
  const rule = 'AML-diagnostic-logs';
  const expected = 'a diagnostic setting with an enabled log category and a destination';
  if (observation.kind === 'failed') {
    const { code, statusCode, message } = observation.error;
    const http = statusCode === undefined ? '' : ` (HTTP ${statusCode})`;
    return makeCheck(rule, 'unknown', 'could not be read', expected,
      `Diagnostic settings could not be read: ${code}${http}: ${oneSentence(message)}`);
  }
  const settings = observation.settings;
  const good = settings.find(isLoggingSetting);
  if (good) {
    return makeCheck(rule, 'pass', describeSettings(settings), expected,
      `Diagnostic setting ${good.name} sends enabled logs to a destination.`);
  }
  const reason =
    settings.length === 0
      ? 'The workspace has no diagnostic settings; at least one should send enabled logs to a destination.'
      : `None of the ${settings.length} diagnostic settings both enables a log category and has a destination.`;
  return makeCheck(rule, 'fail', describeSettings(settings), expected, reason);
}

function isLoggingSetting(setting: DiagnosticSetting): boolean {
  const p = setting.properties;
  const hasDestination = [p.workspaceId, p.storageAccountId, p.eventHubAuthorizationRuleId, p['marketplacePartnerId']]
    .some((d) => typeof d === 'string' && d.length > 0);
  const hasEnabledLog = (p.logs ?? []).some((l) => l.enabled && Boolean(l.category || l.categoryGroup));
  return hasDestination && hasEnabledLog;
}

function describeSettings(settings: DiagnosticSetting[]): string {
  if (settings.length === 0) return 'none';
  return `${settings.length} setting${settings.length === 1 ? '' : 's'}, ${settings.filter(isLoggingSetting).length} sending logs`;
}

function oneSentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
