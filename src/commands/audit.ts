import { CancelledError } from '../errors.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { validateScope } from './scope.js';
import { openAzureSession } from '../azure/session.js';
import { createAuditProgress } from '../cli/audit-progress.js';
import { runAudit } from '../audit/run-audit.js';
import { auditExitCode, auditReportJsonSchema } from '../audit/report.js';
import { ExitCode } from '../exit-codes.js';
import { writeAuditReport } from '../audit/format/stream.js';
import { useColor } from '../cli/option-parsers.js';
import { checkAuditOutput, renderAuditOutput, type AuditOutput } from './audit-output.js';
import type { OutputOptions } from '../cli/output-sink.js';

export interface AuditCommandOptions extends GlobalOptions, OutputOptions {
  subscription?: string[];
  resourceGroup?: string;
  output: AuditOutput;
  sarifArtifact?: string;
  discovery: 'arm' | 'resource-graph';
  concurrency: number;
  diagnosticSettings: boolean;
  jsonSchema?: boolean;
}

/** The formats written piece by piece (the others need the whole report: a query, a document, a page). */
const STREAMED = ['table', 'csv', 'json'] as const satisfies readonly AuditOutput[];

/** `aml-isolate audit`: data to stdout, progress and warnings to stderr, exit code from the report. */
export async function auditCommand(options: AuditCommandOptions): Promise<number> {
  if (options.jsonSchema) {
    process.stdout.write(`${JSON.stringify(auditReportJsonSchema(), null, 2)}\n`);
    return ExitCode.ok;
  }
  validateScope(options);
  const output = { ...options, color: useColor(options), width: process.stdout.columns ?? 120 };
  checkAuditOutput(output);

  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const session = await openAzureSession(options);
  const progress = createAuditProgress(process.stderr);
  try {
    const report = await runAudit(
      session.clients.fleetReader,
      {
        ...(options.subscription ? { subscriptions: [...new Set(options.subscription.map((s) => s.toLowerCase()))] } : {}),
        ...(options.resourceGroup ? { resourceGroup: options.resourceGroup } : {}),
        discovery: options.discovery,
        concurrency: options.concurrency,
        checkDiagnostics: options.diagnosticSettings,
        abortSignal: abort.signal,
      },
      progress.events,
    );
    progress.finish();
    if ((STREAMED as readonly string[]).includes(output.output) && output.query === undefined && output.outputFile === undefined) {
      // Streamed with backpressure: a 100,000-workspace report is never held as one string.
      await writeAuditReport(report, output.output as (typeof STREAMED)[number], { color: output.color, width: output.width }, process.stdout);
    } else {
      process.stdout.write(await renderAuditOutput(report, output));
    }
    return auditExitCode(report);
  } catch (error) {
    progress.finish();
    if (abort.signal.aborted) throw new CancelledError('Audit interrupted; nothing was written.');
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    await session.close();
  }
}
