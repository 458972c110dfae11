import type { AuditReport, Check, CheckStatus, WorkspaceResult } from '../report.js';
import { RULES, ruleById } from '../rule-catalog.js';
import { fitColumns, truncate, wrap } from './text-layout.js';

export interface TableOptions {
  /** ANSI colours. The caller decides (TTY, NO_COLOR, --no-color); this module never looks at the environment. */
  color: boolean;
  /** Terminal width in columns; every line of the output fits in it (minimum 40). */
  width: number;
}

const SEP = '  ';
const HEADERS = ['WORKSPACE', 'KIND', 'RESOURCE GROUP', 'SUBSCRIPTION', 'LOCATION', 'ML-005', 'ISSUES'];
/** Columns that may shrink, and how far: the verdict column never does. */
const MINIMUMS = [8, 4, 6, 8, 6, 6, 6];
const VERDICT = HEADERS.indexOf('ML-005');

/**
 * For a terminal: one row per workspace with the MachineLearning-005 verdict and the labels of every check that
 * did not pass ("?" = could not be decided), a legend, then why each check failed, then the read errors, then a
 * summary line.
 */
export function formatTable(report: AuditReport, options: TableOptions): string {
  return `${[...tableLines(report, options)].join('\n')}\n`;
}

/** The lines of formatTable one by one (no line breaks), so a large report can be written without one big string. */
export function* tableLines(report: AuditReport, options: TableOptions): Generator<string> {
  const width = Math.max(40, Math.floor(options.width));
  const paint = painter(options.color);
  if (report.workspaces.length === 0) yield 'No workspaces found.';
  else {
    yield* workspaceRows(report.workspaces, width, paint);
    const legend = `${RULES.map((r) => `${r.label} ${r.topic}`).join(', ')}; ? = could not be checked.`;
    yield* ['', ...wrap(`Issues: ${legend}`, width, '', '  ')];
    yield* whySection(report.workspaces, width, paint);
  }
  yield* errorSection(report, width, paint);
  yield* ['', ...wrap(summaryLine(report), width, '').map((l) => paint.bold(l))];
}

function* workspaceRows(workspaces: WorkspaceResult[], width: number, paint: Painter): Generator<string> {
  // Column widths need every row first; the cells are measured here and rendered again row by row below.
  const cellsOf = (w: WorkspaceResult) => [w.name, w.kind, w.resourceGroup, w.subscriptionId.slice(0, 8), w.location, w.compliant ? 'PASS' : 'FAIL', issues(w.checks)];
  const natural = HEADERS.map((h) => h.length);
  for (const w of workspaces) cellsOf(w).forEach((cell, i) => (natural[i] = Math.max(natural[i]!, cell.length)));
  const widths = fitColumns(natural, MINIMUMS, SEP.length, width);
  const line = (cells: string[], colorize: (cell: string, i: number) => string) => renderRow(cells, widths, width, colorize);
  yield line(HEADERS, (c) => paint.bold(c));
  for (const w of workspaces) yield line(cellsOf(w), (c, i) => (i === VERDICT ? (c.startsWith('PASS') ? paint.green(c) : paint.red(c)) : c));
}

/**
 * One row, each cell truncated to its column and the whole to `width`. Colour is applied to the visible text after
 * layout, so escape codes never count towards the width.
 */
function renderRow(cells: string[], widths: number[], width: number, colorize: (cell: string, i: number) => string): string {
  let out = '';
  let used = 0;
  for (let i = 0; i < cells.length; i++) {
    const sep = i === 0 ? '' : SEP;
    const room = Math.min(widths[i]!, width - used - sep.length);
    if (room <= 0) break;
    const text = truncate(cells[i]!, room);
    const pad = i === cells.length - 1 ? '' : ' '.repeat(room - text.length);
    out += sep + colorize(text, i) + pad;
    used += sep.length + room;
  }
  return out.trimEnd();
}

function issues(checks: Check[]): string {
  const bad = checks.filter((c) => c.status !== 'pass');
  if (bad.length === 0) return '-';
  return bad.map((c) => `${ruleById(c.rule)?.label ?? c.rule}${c.status === 'unknown' ? '?' : ''}`).join(' ');
}

function* whySection(workspaces: WorkspaceResult[], width: number, paint: Painter): Generator<string> {
  let first = true;
  for (const w of workspaces) {
    const bad = w.checks.filter((c) => c.status !== 'pass');
    if (bad.length === 0) continue;
    if (first) yield* ['', paint.bold('Why:')];
    first = false;
    const hub = w.inheritedFrom ? `; project of hub ${w.inheritedFrom}, whose network settings decide ML-005` : '';
    yield* wrap(`${w.name} (${w.resourceGroup}, ${w.subscriptionId}${hub})`, width, '  ', '    ').map((l) => paint.bold(l));
    for (const c of bad) {
      const tag = statusTag(c.status);
      const [head, ...rest] = wrap(`${tag} ${c.rule}: ${c.reason}`, width, '    ', '      ');
      yield* [head!.replace(tag, c.status === 'fail' ? paint.red(tag) : paint.yellow(tag)), ...rest];
    }
  }
}

function errorSection(report: AuditReport, width: number, paint: Painter): string[] {
  if (report.errors.length === 0) return [];
  const out = ['', paint.bold(paint.red('Errors (these scopes could not be read):'))];
  for (const e of report.errors) {
    const where = e.workspaceId ? `${e.subscriptionId} ${e.workspaceId}` : e.subscriptionId;
    const http = [e.statusCode === undefined ? '' : `HTTP ${e.statusCode}`, e.requestId ? `x-ms-request-id ${e.requestId}` : '']
      .filter(Boolean).join(', ');
    out.push(...wrap(`${where}: ${e.code}${http ? ` (${http})` : ''}: ${e.message}`, width, '  ', '    '));
  }
  return out;
}

function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const subs = s.subscriptionsScanned + s.subscriptionsFailed;
  let text = `${plural(s.workspaces, 'workspace')} in ${plural(subs, 'subscription')}: ${s.compliant} compliant, ${s.nonCompliant} non-compliant with MachineLearning-005.`;
  if (report.resourceGraph) {
    const g = report.resourceGraph;
    text += ` Resource Graph: ${g.decidedFromRows} judged from its rows, ${g.confirmedWithArm} confirmed with an ARM GET.`;
  }
  if (s.subscriptionsFailed > 0) text += ` ${plural(s.subscriptionsFailed, 'subscription')} could not be read completely; the result is partial.`;
  return text;
}

function statusTag(status: CheckStatus): string {
  return status === 'fail' ? 'FAIL' : status === 'unknown' ? 'UNKNOWN' : 'PASS';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Painter {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

function painter(enabled: boolean): Painter {
  const sgr = (open: number, close: number) => (s: string) => (enabled && s ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: sgr(1, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39) };
}
