import type { AuditReport } from '../report.js';
import { formatCsv } from './csv.js';
import { formatJson } from './json.js';
import { DEFAULT_SARIF_ARTIFACT, formatSarif } from './sarif.js';
import { formatTable, type TableOptions } from './table.js';

export type OutputFormat = 'table' | 'json' | 'sarif' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif', 'csv'];

export { DEFAULT_SARIF_ARTIFACT, formatCsv, formatJson, formatSarif, formatTable, type TableOptions };

/** Renders the report in one of the output formats; only 'table' uses the options. */
export function formatAuditReport(report: AuditReport, format: OutputFormat, options: TableOptions): string {
  switch (format) {
    case 'table':
      return formatTable(report, options);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'csv':
      return formatCsv(report);
  }
}
