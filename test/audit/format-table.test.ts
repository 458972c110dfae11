import { describe, expect, it } from 'vitest';
import { formatAuditReport } from '../../src/audit/format/index.js';
import { formatTable } from '../../src/audit/format/table.js';
import { aReport } from './report-fixture.js';

const ESC = '\u001b[';
const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '');

describe('formatTable', () => {
  it('has one row per workspace with the ML-005 verdict and the failing rules', () => {
    const text = formatTable(aReport(), { color: false, width: 160 });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^WORKSPACE\s+KIND\s+RESOURCE GROUP\s+SUBSCRIPTION\s+LOCATION\s+ML-005\s+ISSUES$/);
    // report order: by ARM id, so subscription 1111... first
    expect(lines[1]).toMatch(/^diag-403\s+Default\s+rg-prod\s+11111111\s+westeurope\s+PASS\s+LOG\?$/);
    expect(lines[2]).toMatch(/^good-ws\s+Default\s+rg-prod\s+11111111\s+westeurope\s+PASS\s+-$/);
    expect(lines[3]).toMatch(/^bad-ws\s+Default\s+rg-dev\s+22222222\s+eastus\s+FAIL\s+PNA MVN HBI LOG$/);
  });

  it('explains each failing check, lists errors and ends with a summary', () => {
    const text = formatTable(aReport(), { color: false, width: 200 });
    expect(text).toContain('Why:');
    expect(text).toContain('FAIL ML005-public-network-access: publicNetworkAccess is Enabled; it must be Disabled.');
    expect(text).toMatch(/FAIL ML005-managed-network-isolation: managedNetwork is not set/);
    expect(text).toMatch(/UNKNOWN AML-diagnostic-logs: Diagnostic settings could not be read/);
    expect(text).not.toMatch(/good-ws \(/); // nothing to explain for a clean workspace
    expect(text).toMatch(/33333333-3333-3333-3333-333333333333: AuthorizationFailed \(HTTP 403, x-ms-request-id req-c\): The client has no access/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '3 workspaces in 3 subscriptions: 2 compliant, 1 non-compliant with MachineLearning-005. 1 subscription could not be read completely; the result is partial.',
    );
  });

  it.each([40, 60, 80])('fits every line into %i columns, truncating cells with an ellipsis', (width) => {
    const report = aReport();
    report.workspaces[0]!.name = 'a-very-long-workspace-name-that-does-not-fit-anywhere';
    const lines = formatTable(report, { color: false, width }).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    expect(lines.some((l) => l.includes('…'))).toBe(true);
    // reasons are wrapped, not cut
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('publicNetworkAccess is Enabled; it must be Disabled.');
  });

  it('adds ANSI colours only when asked, without changing the layout', () => {
    const plain = formatTable(aReport(), { color: false, width: 100 });
    const coloured = formatTable(aReport(), { color: true, width: 100 });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}31mFAIL${ESC}39m`);
    expect(coloured).toContain(`${ESC}32mPASS${ESC}39m`);
    expect(strip(coloured)).toBe(plain);
  });

  it('says so when no workspace was found', () => {
    const report = aReport({ errors: [] });
    report.workspaces = [];
    report.summary = { ...report.summary, workspaces: 0, compliant: 0, nonCompliant: 0 };
    expect(formatTable(report, { color: false, width: 80 })).toMatch(/^No workspaces found\.\n/);
  });
});

describe('formatAuditReport', () => {
  it('dispatches on the output format', () => {
    const report = aReport();
    const options = { color: false, width: 100 };
    expect(formatAuditReport(report, 'json', options)).toMatch(/^\{\n {2}"schemaVersion": 2/);
    expect(formatAuditReport(report, 'csv', options)).toMatch(/^id,name,/);
    expect(formatAuditReport(report, 'sarif', options)).toContain('"version": "2.1.0"');
    expect(formatAuditReport(report, 'table', options)).toMatch(/^WORKSPACE/);
  });
});
