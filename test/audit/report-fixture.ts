import { assembleReport } from '../../src/audit/assemble-report.js';
import type { AuditError, AuditReport } from '../../src/audit/report.js';
import { evaluateWorkspace } from '../../src/audit/rules.js';
import { aDiagnosticSetting, aWorkspace, SUB_A, SUB_B, SUB_C } from './builders.js';

/**
 * A small report with one compliant workspace, one failing several rules, one with unreadable diagnostics, and a
 * subscription error; names chosen to stress the formats (comma, quote, newline, formula prefix).
 */
export function aReport(overrides: { errors?: AuditError[] } = {}): AuditReport {
  const good = evaluateWorkspace(aWorkspace({ name: 'good-ws', resourceGroup: 'rg-prod' }), { kind: 'read', settings: [aDiagnosticSetting()] });
  const bad = evaluateWorkspace(
    aWorkspace({
      subscriptionId: SUB_B,
      name: 'bad-ws',
      resourceGroup: 'rg-dev',
      location: 'eastus',
      properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined, hbiWorkspace: false },
    }),
    { kind: 'read', settings: [] },
  );
  const unknown = evaluateWorkspace(aWorkspace({ name: 'diag-403', resourceGroup: 'rg-prod' }), {
    kind: 'failed',
    error: { code: 'AuthorizationFailed', statusCode: 403, message: 'Access denied, "insights", no\nread' },
  });
  return assembleReport({
    tool: { name: 'aml-isolate', version: '1.2.3' },
    generatedAt: new Date('2026-11-02T10:00:00Z'),
    scope: { subscriptions: [SUB_A, SUB_B, SUB_C], discovery: 'arm' },
    workspaces: [bad, unknown, good],
    errors: overrides.errors ?? [
      { subscriptionId: SUB_C, code: 'AuthorizationFailed', statusCode: 403, requestId: 'req-c', message: 'The client has no access to subscription C.' },
    ],
  });
}
