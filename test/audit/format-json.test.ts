import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/audit/format/json.js';
import { auditReportSchema, type AuditReport } from '../../src/audit/report.js';
import { aReport } from './report-fixture.js';

describe('formatJson', () => {
  it('is pretty JSON that validates against the report schema', () => {
    const text = formatJson(aReport());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 2,');
    const parsed = auditReportSchema.safeParse(JSON.parse(text));
    expect(parsed.success).toBe(true);
    expect(JSON.parse(text)).toEqual(aReport());
  });

  it('has a stable key order whatever order the report was built in', () => {
    const report = aReport();
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as AuditReport;
    shuffled.workspaces = report.workspaces.map((w) => ({ ...Object.fromEntries(Object.entries(w).reverse()) }) as AuditReport['workspaces'][number]);
    expect(formatJson(shuffled)).toBe(formatJson(report));
    expect(Object.keys(JSON.parse(formatJson(shuffled)))).toEqual(['schemaVersion', 'tool', 'generatedAt', 'scope', 'summary', 'workspaces', 'errors']);
  });

  it('refuses an invalid report rather than writing it', () => {
    const report = aReport();
    (report as { schemaVersion: number }).schemaVersion = 7;
    expect(() => formatJson(report)).toThrow();
  });
});
