import { describe, expect, it } from 'vitest';
import { assembleReport } from '../../src/audit/assemble-report.js';
import { auditExitCode, auditReportJsonSchema, auditReportSchema, type AuditReport } from '../../src/audit/report.js';
import { evaluateWorkspace } from '../../src/audit/rules.js';
import { ExitCode } from '../../src/exit-codes.js';
import { aWorkspace, SUB_A, SUB_B } from './builders.js';
import { aReport } from './report-fixture.js';

const compliant = evaluateWorkspace(aWorkspace({ name: 'ok' }), { kind: 'skipped' });
const nonCompliant = evaluateWorkspace(aWorkspace({ name: 'open', properties: { publicNetworkAccess: 'Enabled' } }), { kind: 'skipped' });
const error = { subscriptionId: SUB_B, code: 'AuthorizationFailed', statusCode: 403, message: 'denied' };

function report(workspaces: AuditReport['workspaces'], errors: AuditReport['errors']): AuditReport {
  return assembleReport({ tool: { name: 'aml-isolate', version: '1' }, generatedAt: new Date(0), scope: { subscriptions: [SUB_A, SUB_B], discovery: 'arm' }, workspaces, errors });
}

describe('auditExitCode (documented mapping)', () => {
  it.each([
    ['no workspaces, everything read', [], [], ExitCode.ok],
    ['all compliant, everything read', [compliant], [], ExitCode.ok],
    ['a non-compliant workspace, everything read', [compliant, nonCompliant], [], ExitCode.nonCompliant],
    ['partial read, all found compliant', [compliant], [error], ExitCode.partial],
    ['partial read wins over non-compliant', [nonCompliant], [error], ExitCode.partial],
    ['partial read, nothing found', [], [error], ExitCode.partial],
  ] as const)('%s -> %i', (_, workspaces, errors, code) => {
    expect(auditExitCode(report([...workspaces], [...errors]))).toBe(code);
  });

  it('uses the shared exit code values 0, 1 and 4', () => {
    expect([ExitCode.ok, ExitCode.nonCompliant, ExitCode.partial]).toEqual([0, 1, 4]);
  });

  it('ignores related-rule failures', () => {
    const related = evaluateWorkspace(aWorkspace({ properties: { hbiWorkspace: false, encryption: undefined }, identity: undefined }), { kind: 'read', settings: [] });
    expect(related.compliant).toBe(true);
    expect(auditExitCode(report([related], []))).toBe(0);
  });
});

describe('assembleReport', () => {
  it('sorts workspaces case-insensitively by id and errors by subscription, and keeps the summary invariants', () => {
    const r = aReport({
      errors: [
        { subscriptionId: SUB_B, code: 'X', message: 'b' },
        { subscriptionId: SUB_A, code: 'Y', message: 'a' },
      ],
    });
    const ids = r.workspaces.map((w) => w.id.toLowerCase());
    expect(ids).toEqual([...ids].sort());
    expect(r.errors.map((e) => e.subscriptionId)).toEqual([SUB_A, SUB_B]);
    expect(r.summary.subscriptionsScanned + r.summary.subscriptionsFailed).toBe(r.scope.subscriptions.length);
    expect(r.summary.compliant + r.summary.nonCompliant).toBe(r.summary.workspaces);
    expect(r.summary).toEqual({ subscriptionsScanned: 1, subscriptionsFailed: 2, workspaces: 3, compliant: 2, nonCompliant: 1 });
  });
});

describe('report schema', () => {
  it('accepts a real report and rejects a wrong schemaVersion or status', () => {
    const r = aReport();
    expect(auditReportSchema.parse(r)).toEqual(r);
    expect(auditReportSchema.safeParse({ ...r, schemaVersion: 1 }).success).toBe(false);
    const badStatus = structuredClone(r);
    (badStatus.workspaces[0]!.checks[0] as { status: string }).status = 'maybe';
    expect(auditReportSchema.safeParse(badStatus).success).toBe(false);
  });

  it('exports a JSON Schema describing the report', () => {
    const schema = auditReportJsonSchema() as { type: string; required: string[]; properties: Record<string, { const?: unknown }> };
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'tool', 'generatedAt', 'scope', 'summary', 'workspaces', 'errors']));
    expect(schema.properties['schemaVersion']?.const).toBe(2);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
