import type { DiagnosticSetting, Workspace } from '../model/workspace.js';
import { parseResourceId } from '../model/resource-id.js';
import type { Check, CheckStatus, WorkspaceResult } from './report.js';
import { ruleById, type RuleId } from './rule-catalog.js';

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

export function evaluateWorkspace(workspace: Workspace, diagnostics: DiagnosticsObservation): WorkspaceResult {
  const checks = [
    checkPublicNetworkAccess(workspace),
    checkManagedNetworkIsolation(workspace),
    checkHbi(workspace),
    checkSystemAssignedIdentity(workspace),
    checkCustomerManagedKey(workspace),
  ];
  if (diagnostics.kind !== 'skipped') checks.push(checkDiagnosticLogs(diagnostics));
  const parsed = parseResourceId(workspace.id);
  return {
    id: workspace.id,
    name: workspace.name,
    subscriptionId: parsed?.subscriptionId ?? '',
    resourceGroup: parsed?.resourceGroup ?? '',
    location: workspace.location,
    compliant: isMl005Compliant(checks),
    checks,
  };
}

/** MachineLearning-005 passes only when both of its conditions pass; an absent ML005 check counts as a failure. */
export function isMl005Compliant(checks: readonly Check[]): boolean {
  return ML005_RULES.every((rule) => checks.some((c) => c.rule === rule && c.status === 'pass'));
}

export function checkPublicNetworkAccess(workspace: Workspace): Check {
  const value = workspace.properties.publicNetworkAccess;
  const actual = value ?? 'not set (service default Enabled)';
  if (value === 'Disabled') {
    return make('ML005-public-network-access', 'pass', actual, 'Disabled', 'publicNetworkAccess is Disabled.');
  }
  const reason =
    value === undefined
      ? 'publicNetworkAccess is not set, so the service default Enabled applies; it must be Disabled.'
      : `publicNetworkAccess is ${value}; it must be Disabled.`;
  return make('ML005-public-network-access', 'fail', actual, 'Disabled', reason);
}

export function checkManagedNetworkIsolation(workspace: Workspace): Check {
  const managed = workspace.properties.managedNetwork;
  const mode = managed?.isolationMode;
  const rule = 'ML005-managed-network-isolation';
  const expected = 'AllowInternetOutbound';
  if (mode === 'AllowInternetOutbound') {
    return make(rule, 'pass', mode, expected, 'managedNetwork.isolationMode is AllowInternetOutbound.');
  }
  if (managed === undefined) {
    return make(rule, 'fail', 'not set (Disabled)', expected,
      'managedNetwork is not set, which counts as isolation mode Disabled; it must be AllowInternetOutbound.');
  }
  if (mode === undefined) {
    return make(rule, 'fail', 'not set (Disabled)', expected,
      'managedNetwork.isolationMode is not set, which counts as Disabled; it must be AllowInternetOutbound.');
  }
  const check = make(rule, 'fail', mode, expected, `managedNetwork.isolationMode is ${mode}; it must be AllowInternetOutbound.`);
  if (mode === 'AllowOnlyApprovedOutbound') {
    // The service refuses AllowOnlyApprovedOutbound -> AllowInternetOutbound (FACTS.md, "Transitions are one-way").
    check.remediation =
      'AllowOnlyApprovedOutbound cannot be changed to AllowInternetOutbound in place: re-create the workspace with isolation mode AllowInternetOutbound.';
  }
  return check;
}

export function checkHbi(workspace: Workspace): Check {
  const value = workspace.properties.hbiWorkspace;
  const actual = value === undefined ? 'not set (false)' : String(value);
  return value === true
    ? make('AML-hbi-workspace', 'pass', actual, 'true', 'hbiWorkspace is true.')
    : make('AML-hbi-workspace', 'fail', actual, 'true',
        `hbiWorkspace is ${value === undefined ? 'not set (false)' : String(value)}; it should be true.`);
}

export function checkSystemAssignedIdentity(workspace: Workspace): Check {
  const type = workspace.identity?.type;
  const hasSystem = (type ?? '').split(',').some((t) => t.trim().toLowerCase() === 'systemassigned');
  const actual = type ?? 'not set (None)';
  return hasSystem
    ? make('AML-system-assigned-identity', 'pass', actual, 'includes SystemAssigned', `identity.type is ${type}.`)
    : make('AML-system-assigned-identity', 'fail', actual, 'includes SystemAssigned',
        `identity.type is ${actual}; it should include SystemAssigned.`);
}

export function checkCustomerManagedKey(workspace: Workspace): Check {
  const status = workspace.properties.encryption?.status;
  const actual = status ?? 'not set (Microsoft-managed keys)';
  return status === 'Enabled'
    ? make('AML-customer-managed-key', 'pass', actual, 'Enabled', 'encryption.status is Enabled (customer-managed key).')
    : make('AML-customer-managed-key', 'fail', actual, 'Enabled',
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
    return make(rule, 'unknown', 'could not be read', expected,
      `Diagnostic settings could not be read: ${code}${http}: ${oneSentence(message)}`);
  }
  const settings = observation.settings;
  const good = settings.find(isLoggingSetting);
  if (good) {
    return make(rule, 'pass', describeSettings(settings), expected,
      `Diagnostic setting ${good.name} sends enabled logs to a destination.`);
  }
  const reason =
    settings.length === 0
      ? 'The workspace has no diagnostic settings; at least one should send enabled logs to a destination.'
      : `None of the ${settings.length} diagnostic settings both enables a log category and has a destination.`;
  return make(rule, 'fail', describeSettings(settings), expected, reason);
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

function make(rule: RuleId, status: CheckStatus, actual: string, expected: string, reason: string): Check {
  const def = ruleById(rule)!;
  const check: Check = { rule, title: def.title, status, actual, expected, reason, severity: def.severity };
  if (status === 'fail') check.remediation = def.help;
  return check;
}
