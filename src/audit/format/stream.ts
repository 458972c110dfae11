import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { auditReportSchema, workspaceResultSchema, type AuditReport } from '../report.js';
import { csvLines } from './csv.js';
import { formatAuditReport, type OutputFormat } from './index.js';
import { tableLines, type TableOptions } from './table.js';

/** Chunks are gathered up to this size before a write: fewer syscalls, bounded memory. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes the report in `format` to `out` piece by piece, waiting for 'drain', so a 100,000-workspace report never
 * exists as one string. Byte-for-byte the same as formatAuditReport (tested). SARIF is written whole: its document
 * is built as one object.
 */
export async function writeAuditReport(report: AuditReport, format: OutputFormat, options: TableOptions, out: Writable): Promise<void> {
  let buffer = '';
  for (const piece of auditReportPieces(report, format, options)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      const ok = out.write(buffer);
      buffer = '';
      if (!ok) await once(out, 'drain');
    }
  }
  if (buffer && !out.write(buffer)) await once(out, 'drain');
}

/** The output of formatAuditReport as a sequence of strings whose concatenation is exactly that output. */
export function* auditReportPieces(report: AuditReport, format: OutputFormat, options: TableOptions): Generator<string> {
  switch (format) {
    case 'json':
      yield* jsonPieces(report);
      return;
    case 'csv':
      yield* csvLines(report);
      return;
    case 'table': {
      for (const line of tableLines(report, options)) yield `${line}\n`;
      return;
    }
    case 'sarif':
      yield formatAuditReport(report, format, options);
  }
}

/**
 * formatJson, element by element: the report without its workspaces goes through the schema (validation and key
 * order) and is printed with an empty array, which is then filled in with each workspace printed on its own at the
 * array's indentation. JSON.stringify(x, null, 2) of the whole is exactly that.
 */
function* jsonPieces(report: AuditReport): Generator<string> {
  const head = JSON.stringify(auditReportSchema.parse({ ...report, workspaces: [] }), null, 2);
  // Validate every workspace before the first piece leaves, so an invalid report writes nothing (like formatJson).
  for (const workspace of report.workspaces) workspaceResultSchema.parse(workspace);
  const marker = '\n  "workspaces": []';
  const at = head.indexOf(marker);
  if (at < 0) throw new Error('internal: the report JSON has no top-level workspaces array');
  if (report.workspaces.length === 0) {
    yield `${head}\n`;
    return;
  }
  yield `${head.slice(0, at)}\n  "workspaces": [`;
  let first = true;
  for (const workspace of report.workspaces) {
    const text = JSON.stringify(workspaceResultSchema.parse(workspace), null, 2).replace(/\n/g, '\n    ');
    yield `${first ? '' : ','}\n    ${text}`;
    first = false;
  }
  yield `\n  ]${head.slice(at + marker.length)}\n`;
}
