import type { Plan, PlanWorkspace } from './plan.js';
import type { PlanStep, StepAction } from './steps.js';
import type { Diagnostic } from './diagnostics.js';
import { painter, type Paint } from '../paint.js';
import { renderRollout } from './rollout-render.js';

export interface RenderPlanOptions {
  /** ANSI colours (default off; the CLI turns them on for a TTY without NO_COLOR). */
  color?: boolean;
}

const SYMBOL: Record<StepAction, string> = { create: '+', update: '~', replace: '-/+', delete: '-', action: '>', read: '<=' };
const VERB: Record<StepAction, string> = { create: 'create', update: 'update in-place', replace: 'replace', delete: 'destroy', action: 'run', read: 'verify' };

/** Human rendering in the manner of `terraform plan`. Display only: nothing here is read back. */
export function renderPlan(plan: Plan, options: RenderPlanOptions = {}): string {
  const paint = painter(options.color);
  const out: string[] = [];
  out.push(paint('bold', `${plan.tool.name} plan ${plan.planId}`) + ` (created ${plan.createdAt} by ${plan.tool.name} ${plan.tool.version})`, '');
  for (const ws of plan.workspaces) out.push(...renderWorkspace(ws, paint), '');
  const s = summarise(plan);
  if (s.create + s.update + s.replace + s.destroy === 0 && !plan.workspaces.some((w) => w.steps.length > 0)) {
    out.push(paint('green', 'No changes. Every workspace is compliant and matches the policy.'));
  }
  out.push(paint('bold', `Plan: ${s.create} to create, ${s.update} to update in place, ${s.replace} to replace, ${s.destroy} to destroy.`));
  if (plan.rollout) out.push(...renderRollout(plan.rollout));
  if (plan.errorCount > 0) out.push(paint('red', `${plan.errorCount} error${plan.errorCount === 1 ? '' : 's'}: this plan cannot be applied until ${plan.errorCount === 1 ? 'it is' : 'they are'} fixed.`));
  return `${out.join('\n')}\n`;
}


function renderWorkspace(ws: PlanWorkspace, paint: Paint): string[] {
  const lines = [paint('bold', `# workspace ${ws.sourceId}`), `  strategy: ${ws.strategy}${ws.blocked ? paint('red', ' (BLOCKED)') : ''}`, `  ${paint('dim', `# ${ws.strategyReason}`)}`];
  if (ws.projects) lines.push(`  projects (${ws.projects.length}, become compliant with this hub; never written to):`, ...ws.projects.map((p) => `    - ${p}`));
  if (ws.target && ws.strategy !== 'in-place') lines.push(`  new workspace: ${ws.target.name} in ${ws.target.resourceGroup} (${ws.target.location})`);
  for (const step of ws.steps) lines.push('', ...renderStep(step, paint));
  const h = ws.holds;
  const count = (label: string, names: string[] | null) => (names === null ? `${label}: could not be listed` : `${label}: ${names.length}${names.length ? ` (${names.join(', ')})` : ''}`);
  lines.push('', '  holds:',
    `    ${count('computes', h.computes.map((c) => `${c.name} ${c.computeType}`))}`,
    `    ${count('online endpoints', h.onlineEndpoints.map((e) => e.name))}`,
    `    ${count('datastores', h.datastores.map((s) => s.name))}`,
    `    ${count('models', h.models)}`, `    ${count('environments', h.environments)}`, `    ${count('data assets', h.dataAssets)}`,
    `    ${count('outbound rules', h.outboundRules.map((r) => `${r.name} ${r.category}`))}`);
  if (ws.notCarriedOver.length) lines.push('  not carried over:', ...ws.notCarriedOver.map((l) => `    - ${l}`));
  for (const d of ws.diagnostics) lines.push(...renderDiagnostic(d, paint));
  return lines;
}

function renderStep(step: PlanStep, paint: Paint): string[] {
  const colour = ({ create: 'green', update: 'yellow', replace: 'magenta', delete: 'red', action: 'cyan', read: 'dim' } as const)[step.action];
  const lines = [`  ${paint(colour, `${SYMBOL[step.action]} ${VERB[step.action]}`)} [${step.id}] ${step.kind} ${step.target}`];
  const reasons = step.reason.split('; ');
  for (const r of reasons) lines.push(`      ${paint('dim', `# ${r}`)}`);
  lines.push(...attributeLines(step, paint));
  if (step.undo.irreversible) lines.push(`      ${paint('red', `! IRREVERSIBLE: ${step.undo.reason}`)}`);
  return lines;
}

function attributeLines(step: PlanStep, paint: Paint): string[] {
  const before = flatten(step.before ?? {});
  const after = flatten(step.after ?? {});
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const lines: string[] = [];
  for (const k of keys) {
    const b = before[k];
    const a = after[k];
    if (step.before === null) lines.push(`      ${paint('green', '+')} ${k}: ${a}`);
    else if (step.after === null) lines.push(`      ${paint('red', '-')} ${k}: ${b}`);
    else if (b !== a) lines.push(`      ${paint('yellow', '~')} ${k}: ${b ?? 'null'} -> ${a ?? 'null'}`);
  }
  return lines;
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    // Objects become dotted leaves; an empty object has no leaves, so `{}` -> `{a: 1}` reads as `+ a`.
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = JSON.stringify(v);
  }
  return out;
}

function renderDiagnostic(d: Diagnostic, paint: Paint): string[] {
  const head = d.severity === 'error' ? paint('red', 'Error:') : paint('yellow', 'Warning:');
  return [`  ${head} [${d.code}] ${d.summary}`, `    on ${d.subject}`, `    what to do: ${d.remedy}`];
}

export interface PlanSummary { create: number; update: number; replace: number; destroy: number }

/** Counts distinct resources, Terraform-style: a replaced workspace counts once, as a replace. */
export function summarise(plan: Plan): PlanSummary {
  const by = (action: StepAction) => new Set(plan.workspaces.flatMap((w) => w.steps.filter((s) => s.action === action).map((s) => s.target.toLowerCase())));
  const replaced = by('replace');
  const created = by('create');
  const minus = (set: Set<string>, ...others: Set<string>[]) => [...set].filter((x) => !others.some((o) => o.has(x))).length;
  return { create: created.size, update: minus(by('update'), created, replaced), replace: replaced.size, destroy: minus(by('delete'), replaced) };
}

/**
 * Exit code of `plan`: without --detailed-exitcode 0 (success) or 1 (errors); with it 0 nothing to do, 1 errors,
 * 2 changes planned (as terraform plan -detailed-exitcode).
 */
export function planExitCode(plan: Plan, options: { detailedExitcode: boolean }): 0 | 1 | 2 {
  if (plan.errorCount > 0) return 1;
  if (!options.detailedExitcode) return 0;
  return plan.workspaces.some((w) => w.steps.length > 0) ? 2 : 0;
}
