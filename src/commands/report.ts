import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../errors.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import { auditReportSchema, type AuditReport } from '../audit/report.js';
import { statusView } from '../apply/step-states.js';
import { runLooksAlive } from '../apply/locks.js';
import { loadPlanOnDisk } from '../apply/plan-on-disk.js';
import { renderHtmlReport, type HtmlReportInput } from '../report/render-html.js';

export interface ReportCommandOptions {
  audit?: string;
  plan?: string;
}

/**
 * `aml-isolate report --audit REPORT.json [--plan PLAN]`: one self-contained HTML page from files already written
 * (no Azure call): the audit's summary and checks, and a plan's steps with the journal's outcome when it was applied.
 */
export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  if (options.audit === undefined && options.plan === undefined) {
    throw new UsageError('Give --audit REPORT.json (from audit -o json), --plan PLAN, or both.');
  }
  const input: HtmlReportInput = {};
  if (options.audit !== undefined) input.audit = await readAuditReport(options.audit);
  if (options.plan !== undefined) Object.assign(input, await planInput(options.plan));
  process.stdout.write(renderHtmlReport(input));
  return ExitCode.ok;
}

/** A plan and, when it has a journal, the journal's view of its runs (as `status -o json` shows it). */
export async function planInput(path: string): Promise<Pick<HtmlReportInput, 'plan' | 'status'>> {
  const { plan, entries } = await loadPlanOnDisk(path);
  return entries && entries.length > 0 ? { plan, status: statusView(plan, entries, { isRunLive: runLooksAlive }) } : { plan };
}

async function readAuditReport(path: string): Promise<AuditReport> {
  const text = await readInputFile(path, 'audit report', INPUT_LIMITS.auditReport);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--audit ${path} is not JSON: give the output of aml-isolate audit -o json.`);
  }
  const result = auditReportSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`--audit ${path} is not an audit report (at ${issue.path.join('.') || 'top level'}: ${issue.message}): give the output of aml-isolate audit -o json.`);
  }
  return result.data;
}
