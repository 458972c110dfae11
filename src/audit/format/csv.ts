import type { AuditReport } from '../report.js';

/**
 * RFC 4180 CSV, one row per workspace x check, CRLF line endings, header first. Subscription errors are not rows
 * (they have no check); use JSON or SARIF to get them. Columns added later go at the end, so existing column
 * positions never move: kind (report v2) and inheritedFrom (the hub that decided a project's ML005 check).
 */
export const CSV_COLUMNS = [
  'id', 'name', 'subscriptionId', 'resourceGroup', 'location', 'compliant', 'rule', 'status', 'actual', 'expected', 'reason', 'kind', 'inheritedFrom',
] as const;

export function formatCsv(report: AuditReport): string {
  return [...csvLines(report)].join('');
}

/** The CSV one line at a time (each ending CRLF): the header, then one line per workspace x check. */
export function* csvLines(report: AuditReport): Generator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for (const w of report.workspaces) {
    for (const c of w.checks) {
      yield csvLine([w.id, w.name, w.subscriptionId, w.resourceGroup, w.location, String(w.compliant), c.rule, c.status, c.actual, c.expected, c.reason, w.kind, c.inheritedFrom ?? '']);
    }
  }
}

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * One field: neutralised against formula injection (a spreadsheet would evaluate a cell starting with = + - @,
 * or tab / carriage return, as OWASP lists), then quoted when it holds a comma, quote or line break.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
