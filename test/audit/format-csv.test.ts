import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, formatCsv } from '../../src/audit/format/csv.js';
import { aReport } from './report-fixture.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. Throws on anything malformed. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') { i++; continue; }
    if (text.startsWith('\r\n', i)) { rows.push(row); row = []; i += 2; continue; }
    throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('formatCsv', () => {
  it('writes a header and one row per workspace x check, CRLF terminated', () => {
    const report = aReport();
    const text = formatCsv(report);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const checks = report.workspaces.reduce((n, w) => n + w.checks.length, 0);
    expect(rows).toHaveLength(1 + checks);
    const bad = rows.find((r) => r[1] === 'bad-ws' && r[6] === 'ML005-public-network-access')!;
    expect(bad).toEqual([
      report.workspaces.find((w) => w.name === 'bad-ws')!.id, 'bad-ws', '22222222-2222-2222-2222-222222222222', 'rg-dev', 'eastus', 'false',
      'ML005-public-network-access', 'fail', 'Enabled', 'Disabled', 'publicNetworkAccess is Enabled; it must be Disabled.', 'Default', '',
    ]);
  });

  it('round-trips commas, quotes and newlines', () => {
    const report = aReport();
    const check = report.workspaces[0]!.checks[0]!;
    check.actual = 'a, "quoted"\nsecond line';
    check.reason = 'plain';
    const rows = parseCsv(formatCsv(report));
    expect(rows[1]![8]).toBe('a, "quoted"\nsecond line');
    expect(formatCsv(report)).toContain('"a, ""quoted""\nsecond line"');
    // the reason from the fixture has a comma and quotes too
    const unknown = rows.find((r) => r[1] === 'diag-403' && r[7] === 'unknown')!;
    expect(unknown[10]).toBe('Diagnostic settings could not be read: AuthorizationFailed (HTTP 403): Access denied, "insights", no read.');
  });

  it.each(['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd'])('neutralises a cell starting with a formula character: %j', (evil) => {
    const report = aReport();
    report.workspaces[0]!.name = evil;
    const rows = parseCsv(formatCsv(report));
    expect(rows[1]![1]).toBe(`'${evil}`);
  });

  it('leaves ordinary cells alone', () => {
    expect(csvCell('westeurope')).toBe('westeurope');
    expect(csvCell('/subscriptions/x')).toBe('/subscriptions/x');
    expect(csvCell('')).toBe('');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
  });

  it('writes only the header for an empty report', () => {
    const report = aReport();
    report.workspaces = [];
    expect(formatCsv(report)).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
