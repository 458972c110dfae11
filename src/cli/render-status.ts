import type { JournalEntry, Plan, StepState } from '../apply/contract.js';
import { statusView, type OverallState, type RunOutcome, type RunSummaryOptions } from '../apply/step-states.js';
import { painter, type Colour } from '../paint.js';

export interface RenderStatusOptions extends RunSummaryOptions {
  /** ANSI colours (default off; the CLI turns them on for a TTY without NO_COLOR). */
  color?: boolean;
}

const LOOK: Record<StepState, { symbol: string; colour: Colour }> = {
  pending: { symbol: '.', colour: 'dim' },
  'in-progress': { symbol: '~', colour: 'yellow' },
  done: { symbol: '+', colour: 'green' },
  failed: { symbol: 'x', colour: 'red' },
  'rolled-back': { symbol: '<', colour: 'cyan' },
  'rollback-failed': { symbol: '!', colour: 'red' },
};
const STATE_COLOUR: Record<OverallState, Colour> = {
  'not started': 'dim', 'in progress': 'yellow', applied: 'green', failed: 'red', interrupted: 'yellow', 'rolled back': 'cyan', 'partially rolled back': 'magenta',
};

/** Human rendering of `aml-isolate status PLAN`: per workspace, per step. Display only. */
export function renderStatus(plan: Plan, entries: readonly JournalEntry[], options: RenderStatusOptions = {}): string {
  const paint = painter(options.color);
  const view = statusView(plan, entries, options);
  const out = [paint('bold', `${plan.tool.name} status of plan ${plan.planId}`) + ` (created ${plan.createdAt})`];
  out.push(view.lastRun ? `last run: ${describeRun(view.lastRun)}` : 'not applied yet: no journal entries', '');
  for (const ws of view.workspaces) {
    const c = ws.counts;
    const counts = [`${c.done} done`, `${c.failed} failed`, `${c.pending} pending`, c['in-progress'] ? `${c['in-progress']} in progress` : '', c['rolled-back'] ? `${c['rolled-back']} rolled back` : '', c['rollback-failed'] ? `${c['rollback-failed']} rollback failed` : '']
      .filter(Boolean)
      .join(', ');
    out.push(`${paint('bold', `# workspace ${ws.workspaceId}`)}: ${paint(STATE_COLOUR[ws.state], ws.state)}${ws.blocked ? paint('red', ' (BLOCKED: plan errors)') : ''}${ws.steps ? ` (${counts})` : ' (nothing to do)'}`);
    if (ws.lastRun) out.push(`  last run: ${describeRun(ws.lastRun)}`);
    const rows = ws.stepStatuses.map((s) => [s.state, s.stepId, s.kind, s.target.split('/').pop() ?? s.target, s.at ?? '']);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    ws.stepStatuses.forEach((s, i) => {
      const cells = rows[i]!.map((cell, j) => (j < 4 ? cell.padEnd(widths[j]!) : cell));
      const look = LOOK[s.state];
      let line = `  ${paint(look.colour, `${look.symbol} ${cells[0]}`)}  ${cells.slice(1).join('  ')}`.trimEnd();
      if (s.skipped) line += paint('dim', '  (already done)');
      out.push(line);
      if (s.error) out.push(`      ${paint('red', `error ${s.error.code}${s.error.statusCode ? ` (HTTP ${s.error.statusCode})` : ''}${s.error.requestId ? `, x-ms-request-id ${s.error.requestId}` : ''}: ${s.error.message}`)}`);
      if (s.irreversible) out.push(`      ${paint('red', `! IRREVERSIBLE: ${s.irreversible}`)}`);
    });
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function describeRun(run: RunOutcome): string {
  const where = run.pid !== undefined ? ` by pid ${run.pid} on ${run.host}` : '';
  return `${run.mode} ${run.runId}${run.at ? ` started ${run.at}` : ''}${where}: ${run.outcome}`;
}

