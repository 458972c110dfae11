import type { AuditReport, WorkspaceResult } from '../audit/report.js';
import { RULES } from '../audit/rule-catalog.js';
import { html, type SafeHtml } from './html.js';

/** Workspace fields shown in their own columns; any other scalar field the report carries gets a column too. */
const KNOWN = new Set(['id', 'name', 'subscriptionId', 'resourceGroup', 'location', 'compliant', 'checks']);

/** The audit part of the HTML report: summary, counts per rule and per subscription, workspaces, their checks. */
export function renderAuditSection(report: AuditReport): SafeHtml {
  const s = report.summary;
  return html`<section id="audit">
<h2>Audit</h2>
<p class="meta">Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version}; discovery ${report.scope.discovery}${report.scope.resourceGroup ? html`; resource group <code>${report.scope.resourceGroup}</code>` : ''}.</p>
<div class="cards">
${card('Workspaces', s.workspaces)}${card('Compliant', s.compliant, 'ok')}${card('Non-compliant', s.nonCompliant, s.nonCompliant > 0 ? 'bad' : 'ok')}${card('Subscriptions read', s.subscriptionsScanned)}${card('Subscriptions failed', s.subscriptionsFailed, s.subscriptionsFailed > 0 ? 'bad' : 'ok')}
</div>
<h3>Per rule</h3>
${ruleTable(report)}
<h3>Per subscription</h3>
${subscriptionTable(report)}
${report.errors.length > 0 ? errorTable(report) : ''}
<h3>Workspaces</h3>
<input type="search" data-filter="workspaces" placeholder="Filter workspaces (name, group, rule, ...)" aria-label="Filter workspaces">
${workspaceTable(report.workspaces)}
<h3>Checks and reasons</h3>
${report.workspaces.map(workspaceDetails)}
</section>`;
}

function card(label: string, value: number, look = ''): SafeHtml {
  return html`<div class="card"><b class="${look}">${value}</b>${label}</div>`;
}

function ruleTable(report: AuditReport): SafeHtml {
  const count = (rule: string, status: string) => report.workspaces.filter((w) => w.checks.some((c) => c.rule === rule && c.status === status)).length;
  const ids = [...new Set([...RULES.map((r) => r.id), ...report.workspaces.flatMap((w) => w.checks.map((c) => c.rule))])];
  const title = (id: string) => RULES.find((r) => r.id === id)?.title ?? report.workspaces.flatMap((w) => w.checks).find((c) => c.rule === id)?.title ?? '';
  const link = (id: string) => RULES.find((r) => r.id === id)?.helpUri;
  return html`<table class="sortable" id="rules"><thead><tr><th>Rule</th><th>Title</th><th>Fail</th><th>Unknown</th><th>Pass</th></tr></thead><tbody>
${ids.map((id) => html`<tr><td><code>${id}</code></td><td>${link(id) ? html`<a href="${link(id)}">${title(id)}</a>` : title(id)}</td><td class="${count(id, 'fail') ? 'fail' : ''}">${count(id, 'fail')}</td><td>${count(id, 'unknown')}</td><td>${count(id, 'pass')}</td></tr>
`)}</tbody></table>`;
}

function subscriptionTable(report: AuditReport): SafeHtml {
  const subs = [...new Set([...report.scope.subscriptions, ...report.workspaces.map((w) => w.subscriptionId)].map((s) => s.toLowerCase()))];
  return html`<table class="sortable" id="subscriptions"><thead><tr><th>Subscription</th><th>Workspaces</th><th>Compliant</th><th>Non-compliant</th><th>Read</th></tr></thead><tbody>
${subs.map((sub) => {
    const ws = report.workspaces.filter((w) => w.subscriptionId.toLowerCase() === sub);
    const failed = report.errors.some((e) => e.subscriptionId.toLowerCase() === sub);
    return html`<tr><td><code>${sub}</code></td><td>${ws.length}</td><td>${ws.filter((w) => w.compliant).length}</td><td>${ws.filter((w) => !w.compliant).length}</td><td class="${failed ? 'bad' : 'ok'}">${failed ? 'with errors' : 'yes'}</td></tr>
`;
  })}</tbody></table>`;
}

function errorTable(report: AuditReport): SafeHtml {
  return html`<h3>Could not be read</h3><table id="errors"><thead><tr><th>Subscription</th><th>Workspace</th><th>Code</th><th>HTTP</th><th>Request id</th><th>Message</th></tr></thead><tbody>
${report.errors.map((e) => html`<tr><td><code>${e.subscriptionId}</code></td><td>${e.workspaceId ? html`<code>${e.workspaceId}</code>` : ''}</td><td>${e.code}</td><td>${e.statusCode}</td><td>${e.requestId}</td><td>${e.message}</td></tr>
`)}</tbody></table>`;
}

function workspaceTable(workspaces: readonly WorkspaceResult[]): SafeHtml {
  const extra = [...new Set(workspaces.flatMap((w) => Object.entries(w).filter(([k, v]) => !KNOWN.has(k) && (v === null || typeof v !== 'object')).map(([k]) => k)))];
  return html`<table class="sortable" id="workspaces"><thead><tr><th>Name</th><th>Resource group</th><th>Subscription</th><th>Location</th>${extra.map((k) => html`<th>${k}</th>`)}<th>MachineLearning-005</th><th>Failing rules</th></tr></thead><tbody>
${workspaces.map((w) => {
    const failing = w.checks.filter((c) => c.status === 'fail').map((c) => c.rule);
    return html`<tr><td><a href="#ws-${anchor(w.id)}">${w.name}</a></td><td>${w.resourceGroup}</td><td><code>${w.subscriptionId}</code></td><td>${w.location}</td>${extra.map((k) => html`<td>${String((w as Record<string, unknown>)[k] ?? '')}</td>`)}<td class="${w.compliant ? 'pass' : 'fail'}">${w.compliant ? 'compliant' : 'non-compliant'}</td><td data-sort="${failing.length}">${failing.join(', ')}</td></tr>
`;
  })}</tbody></table>`;
}

function workspaceDetails(w: WorkspaceResult): SafeHtml {
  return html`<details id="ws-${anchor(w.id)}"${w.compliant ? '' : html` open`}><summary>${w.name} <span class="${w.compliant ? 'pass' : 'fail'}">${w.compliant ? 'compliant' : 'non-compliant'}</span></summary>
<p><code>${w.id}</code></p>
<table><thead><tr><th>Rule</th><th>Status</th><th>Actual</th><th>Expected</th><th>Reason</th><th>What to do</th></tr></thead><tbody>
${w.checks.map((c) => html`<tr><td><code>${c.rule}</code></td><td class="${c.status}">${c.status}</td><td>${c.actual}</td><td>${c.expected}</td><td>${c.reason}</td><td>${c.remediation}</td></tr>
`)}</tbody></table></details>
`;
}

/** A fragment id from an ARM id: only characters that need no escaping anywhere. */
export function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
