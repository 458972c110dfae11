import { REPORT_SCHEMA_VERSION, type AuditError, type AuditReport, type Discovery, type WorkspaceResult } from './report.js';

export interface ReportInput {
  tool: { name: string; version: string };
  generatedAt: Date;
  scope: { subscriptions: string[]; resourceGroup?: string | undefined; discovery: Discovery };
  workspaces: WorkspaceResult[];
  errors: AuditError[];
  resourceGraph?: { decidedFromRows: number; confirmedWithArm: number } | undefined;
}

/** Pure: orders everything deterministically and derives the summary, so two runs over the same fleet are byte-equal. */
export function assembleReport(input: ReportInput): AuditReport {
  const workspaces = [...input.workspaces].sort((a, b) => compareInsensitive(a.id, b.id));
  const errors = [...input.errors].sort(
    (a, b) =>
      compareInsensitive(a.subscriptionId, b.subscriptionId) ||
      compareInsensitive(a.workspaceId ?? '', b.workspaceId ?? '') ||
      compareInsensitive(a.code, b.code),
  );
  const subscriptions = [...input.scope.subscriptions].sort(compareInsensitive);
  const failed = new Set(errors.map((e) => e.subscriptionId.toLowerCase()));
  const compliant = workspaces.filter((w) => w.compliant).length;
  const scope: AuditReport['scope'] = { subscriptions, discovery: input.scope.discovery };
  if (input.scope.resourceGroup !== undefined) scope.resourceGroup = input.scope.resourceGroup;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: input.tool.name, version: input.tool.version },
    generatedAt: input.generatedAt.toISOString(),
    scope,
    summary: {
      subscriptionsScanned: subscriptions.filter((s) => !failed.has(s.toLowerCase())).length,
      subscriptionsFailed: subscriptions.filter((s) => failed.has(s.toLowerCase())).length,
      workspaces: workspaces.length,
      compliant,
      nonCompliant: workspaces.length - compliant,
    },
    ...(input.resourceGraph ? { resourceGraph: { ...input.resourceGraph } } : {}),
    workspaces,
    errors,
  };
}

export function compareInsensitive(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
