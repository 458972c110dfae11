import { auditReportSchema, type AuditReport } from '../report.js';

/**
 * The report as pretty JSON. Parsing through the zod schema both validates it and rebuilds every object in schema
 * key order, so the key order is stable whatever order the report was built in.
 */
export function formatJson(report: AuditReport): string {
  return `${JSON.stringify(auditReportSchema.parse(report), null, 2)}\n`;
}
