import type { Plan, PlanWorkspace } from '../plan/plan.js';
import { html, type SafeHtml } from './html.js';
import { anchor } from './audit-section.js';

/**
 * What the report needs of a run's journal: the shape of `status -o json` (apply's statusView), narrowed to the
 * fields shown, so the page does not depend on how apply computes it.
 */
export interface RunStatusInput {
  lastRun?: { runId: string; mode: string; at?: string; outcome: string };
  workspaces: {
    workspaceId: string;
    state: string;
    stepStatuses: { stepId: string; state: string; at?: string; skipped?: boolean; error?: { code?: string; message?: string } }[];
  }[];
}

/** The plan part: per workspace its strategy, diagnostics and steps (irreversible ones marked), with the journal's state when given. */
export function renderPlanSection(plan: Plan, status?: RunStatusInput): SafeHtml {
  const irreversible = plan.workspaces.reduce((n, w) => n + w.steps.filter((s) => s.undo.irreversible).length, 0);
  return html`<section id="plan">
<h2>Plan <code>${plan.planId}</code></h2>
<p class="meta">Created ${plan.createdAt} by ${plan.tool.name} ${plan.tool.version}; ${plan.workspaces.length} workspace(s), ${plan.workspaces.reduce((n, w) => n + w.steps.length, 0)} step(s), <span class="${irreversible > 0 ? 'irreversible' : ''}">${irreversible} irreversible</span>, ${plan.errorCount} error(s).</p>
${status ? outcome(status) : html`<p class="meta">Not applied (no journal given).</p>`}
${plan.workspaces.map((w, i) => workspacePlan(w, status?.workspaces[i]))}
</section>`;
}

function outcome(status: RunStatusInput): SafeHtml {
  const run = status.lastRun;
  return html`<p id="outcome">Journal: ${run ? html`last run <code>${run.runId}</code> (${run.mode}${run.at ? `, ${run.at}` : ''}): <span class="${run.outcome}">${run.outcome}</span>` : 'no run recorded'}.</p>`;
}

function workspacePlan(w: PlanWorkspace, status: RunStatusInput['workspaces'][number] | undefined): SafeHtml {
  const byStep = new Map((status?.stepStatuses ?? []).map((s) => [s.stepId, s]));
  return html`<details open id="plan-${anchor(w.sourceId)}"><summary>${w.target?.name ?? w.sourceId.split('/').pop()} &mdash; ${w.strategy}${status ? html` &mdash; <span class="${status.state.replace(/\s+/g, '-')}">${status.state}</span>` : ''}</summary>
<p><code>${w.sourceId}</code><br>${w.strategyReason}</p>
${w.diagnostics.length > 0 ? html`<ul>${w.diagnostics.map((d) => html`<li class="${d.severity === 'error' ? 'fail' : 'unknown'}">[${d.code}] ${d.summary} ${d.remedy}</li>`)}</ul>` : ''}
${w.notCarriedOver.length > 0 ? html`<p>Not carried over:</p><ul>${w.notCarriedOver.map((line) => html`<li>${line}</li>`)}</ul>` : ''}
${w.steps.length > 0 ? html`<input type="search" data-filter="steps-${anchor(w.sourceId)}" placeholder="Filter steps" aria-label="Filter steps">
<table class="sortable" id="steps-${anchor(w.sourceId)}"><thead><tr><th>Step</th><th>Action</th><th>Kind</th><th>Target</th><th>Why</th><th>Undo</th>${status ? html`<th>State</th>` : ''}</tr></thead><tbody>
${w.steps.map((step) => {
    const s = byStep.get(step.id);
    return html`<tr><td data-sort="${step.id.split('.').pop()}">${step.id}</td><td>${step.action}</td><td>${step.kind}</td><td><code>${step.target}</code></td><td>${step.reason}</td><td class="${step.undo.irreversible ? 'irreversible' : ''}">${step.undo.irreversible ? `irreversible: ${step.undo.reason}` : step.undo.description}</td>${status ? html`<td class="${s?.state ?? ''}">${s?.state ?? ''}${s?.skipped ? ' (already there)' : ''}${s?.error ? html`<br>${s.error.code}: ${s.error.message}` : ''}</td>` : ''}</tr>
`;
  })}</tbody></table>` : html`<p>No steps.</p>`}
</details>
`;
}
