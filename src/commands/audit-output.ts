import { isAbsolute, relative, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { UsageError } from '../errors.js';
import type { AuditReport } from '../audit/report.js';
import { DEFAULT_SARIF_ARTIFACT, formatAuditReport, formatJson, formatSarif } from '../audit/format/index.js';
import { checkRows } from '../audit/format/rows.js';
import { compileJsonQuery } from '../output/json-query.js';
import { formatTsv } from '../output/tsv.js';
import { OUTPUT_FILE, writeFileAtomic } from '../atomic-write.js';
import { renderHtmlReport } from '../report/render-html.js';

export const AUDIT_OUTPUTS = ['table', 'json', 'yaml', 'tsv', 'sarif', 'csv', 'html', 'none'] as const;
export type AuditOutput = (typeof AUDIT_OUTPUTS)[number];
const QUERYABLE: readonly AuditOutput[] = ['json', 'yaml', 'tsv', 'sarif'];

export interface AuditOutputOptions {
  output: AuditOutput;
  query?: string;
  outputFile?: string;
  sarifArtifact?: string;
  color: boolean;
  width: number;
}

/** Checks the output flags before anything is read, so a bad combination costs no Azure call. */
export function checkAuditOutput(options: AuditOutputOptions): void {
  if (options.query !== undefined && !QUERYABLE.includes(options.output)) {
    throw new UsageError(`--query applies to -o ${QUERYABLE.join(', ')}; not to -o ${options.output}.`);
  }
  if (options.output === 'sarif') sarifArtifactPath(options);
}

/**
 * The text `audit` prints. json, yaml and tsv share the JSON field names: --query runs on the JSON report and the
 * result is rendered in the chosen format (as az does). For sarif, the JSON report the results point at is written
 * (atomically) first; --query then runs on the SARIF log.
 */
export async function renderAuditOutput(report: AuditReport, options: AuditOutputOptions): Promise<string> {
  const query = options.query === undefined ? undefined : compileJsonQuery(options.query);
  const asJson = () => JSON.parse(formatJson(report)) as unknown;
  switch (options.output) {
    case 'json':
      return query ? `${JSON.stringify(query.apply(asJson()), null, 2)}\n` : formatJson(report);
    case 'yaml':
      return toYaml(query ? query.apply(asJson()) : asJson(), { lineWidth: 0 });
    case 'tsv':
      return formatTsv(query ? query.apply(asJson()) : checkRows(report));
    case 'sarif': {
      const artifact = sarifArtifactPath(options);
      await writeFileAtomic(resolve(artifact), formatJson(report), OUTPUT_FILE);
      process.stderr.write(`aml-isolate: wrote the JSON report ${artifact} that the SARIF results point at (commit or upload it with the SARIF)\n`);
      const text = formatSarif(report, { artifactPath: artifact });
      return query ? `${JSON.stringify(query.apply(JSON.parse(text)), null, 2)}\n` : text;
    }
    case 'html':
      return renderHtmlReport({ audit: report });
    case 'none':
      return '';
    default:
      return formatAuditReport(report, options.output, { color: options.color, width: options.width });
  }
}

/**
 * The JSON report beside the SARIF: --sarif-artifact, else the --output-file with .json for its extension, else
 * aml-isolate-audit.json. Relative to the working directory, which must be the repository root for GitHub to
 * resolve it, so a path outside it is refused.
 */
function sarifArtifactPath(options: AuditOutputOptions): string {
  const chosen = options.sarifArtifact
    ?? (options.outputFile ? options.outputFile.replace(/(\.sarif)?(\.json)?$/i, '') + '.json' : DEFAULT_SARIF_ARTIFACT);
  const rel = relative(process.cwd(), resolve(chosen));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`The SARIF artifact ${chosen} must be a file inside the current directory (the repository root): give --sarif-artifact PATH.`);
  }
  if (options.outputFile && resolve(options.outputFile) === resolve(chosen)) {
    throw new UsageError(`--sarif-artifact ${chosen} would overwrite the SARIF itself: choose another path.`);
  }
  return rel.split('\\').join('/');
}
