import type { AuditReport } from '../audit/report.js';
import type { Plan } from '../plan/plan.js';
import { renderAuditSection } from './audit-section.js';
import { html, trusted } from './html.js';
import { PAGE_CSS, PAGE_SCRIPT } from './page-assets.js';
import { renderPlanSection, type RunStatusInput } from './plan-section.js';

export interface HtmlReportInput {
  audit?: AuditReport;
  plan?: Plan;
  /** The journal's view of the plan's runs (status -o json); only with plan. */
  status?: RunStatusInput;
  /** Title of the page. */
  title?: string;
}

/**
 * One self-contained HTML page (inline CSS and script, no external reference, so it opens from disk with no
 * network). A Content-Security-Policy forbids loading anything, which also keeps a hostile name inert if escaping
 * ever failed. Pure: the same input gives the same bytes.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const title = input.title ?? (input.plan && !input.audit ? `aml-isolate plan ${input.plan.planId}` : 'aml-isolate audit report');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trusted(PAGE_CSS)}</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">Trend Micro Cloud Conformity MachineLearning-005: public network access disabled and managed virtual network isolation with internet outbound.</p>
${input.audit ? renderAuditSection(input.audit) : ''}
${input.plan ? renderPlanSection(input.plan, input.status) : ''}
<script>${trusted(PAGE_SCRIPT)}</script>
</body>
</html>
`.text;
}
