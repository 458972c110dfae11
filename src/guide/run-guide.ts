import type { RunResult } from '../apply/contract.js';
import { formatTable } from '../audit/format/table.js';
import { parseResourceId } from '../model/resource-id.js';
import { askInbound } from './inbound-question.js';
import { defaultPolicy, mergePolicy, planRemediation, renderPlan, summarise, type Plan, type Policy } from '../plan/index.js';
import type { ObservedContext } from '../plan/observed.js';
import { explainWorkspace } from './explain.js';
import { askNewNames } from './names.js';
import { askPolicy } from './policy-questions.js';
import { askRollout } from './rollout-question.js';
import { checkboxQuestion, confirmQuestion, GuideCancelled, type GuideHost } from './question.js';
import type { GuideWorld } from './world.js';

export interface RunGuideOptions {
  now: () => Date;
  newId: () => string;
  toolVersion: string;
  toolName?: string;
  /** Aborted on Ctrl-C outside a prompt: the guide stops at the next boundary (an apply at a step boundary). */
  abortSignal?: AbortSignal;
}

export interface GuideOutcome {
  /** The plan as shown (absent when there was nothing to plan). */
  plan?: Plan;
  /** Where the plan was saved; absent when the user did not save it. */
  planPath?: string;
  /** The apply run, when the user applied the plan from the guide. */
  result?: RunResult;
}

/**
 * The interactive remediation as a conversation over the same engine as audit → plan → apply. Talks only through the
 * host; reads and writes only through the world. Nothing is written before the user confirms saving the plan, and
 * nothing is written to Azure except by applying it (a new CMK key is a step of the plan).
 */
export async function runGuide(world: GuideWorld, host: GuideHost, options: RunGuideOptions): Promise<GuideOutcome> {
  const outcome: GuideOutcome = {};
  let applyStarted = false;
  const left = () => ({
    ...(outcome.planPath ? { savedPlan: outcome.planPath } : {}),
    ...(applyStarted ? { applyStarted } : {}),
  });
  try {
    return await converse(world, host, options, outcome, () => (applyStarted = true));
  } catch (error) {
    if (error instanceof GuideCancelled) throw new GuideCancelled(left());
    throw error;
  }
}

async function converse(world: GuideWorld, host: GuideHost, options: RunGuideOptions, outcome: GuideOutcome, startingApply: () => void): Promise<GuideOutcome> {
  const checkpoint = () => {
    if (options.abortSignal?.aborted) throw new GuideCancelled();
  };
  const subscriptions = await world.listSubscriptions();
  if (subscriptions.length === 0) return done(host, outcome, 'No subscription is visible to this credential: nothing to audit.');
  const chosen = await host.ask(checkboxQuestion('subscriptions', 'Subscriptions to audit:',
    subscriptions.map((s) => ({ value: s.id, name: `${s.displayName} (${s.id})` })), subscriptions.map((s) => s.id),
    (v) => (v.length > 0 ? true : 'pick at least one subscription')));
  checkpoint();
  host.show(`Auditing ${chosen.length} subscription${chosen.length === 1 ? '' : 's'}...`);
  const report = await world.audit(chosen);
  host.show(formatTable(report, host.display));
  const failing = report.workspaces.filter((w) => !w.compliant);
  if (failing.length === 0) return done(host, outcome, 'Every workspace found is compliant with MachineLearning-005: nothing to remediate.');
  const selected = await host.ask(checkboxQuestion('workspaces', 'Non-compliant workspaces to remediate:',
    failing.map((w) => ({ value: w.id, name: `${w.name} (${w.resourceGroup})`, description: w.id })), failing.map((w) => w.id),
    (v) => (v.length > 0 ? true : 'pick at least one workspace')));
  checkpoint();

  host.show('Reading the workspaces and what they link to...');
  let policy = defaultPolicy();
  let ctx = await world.observe(selected, policy);
  const plan = (c: ObservedContext, p: Policy) => planRemediation(c, p, { now: options.now(), newId: options.newId, toolVersion: options.toolVersion, ...(options.toolName ? { toolName: options.toolName } : {}) }).plan;
  const byId = new Map(report.workspaces.map((w) => [w.id.toLowerCase(), w]));
  for (const ws of plan(ctx, policy).workspaces) host.show(explainWorkspace(byId.get(ws.sourceId.toLowerCase()), ws));
  checkpoint();

  const answers = await askPolicy(world, host, ctx);
  policy = mergePolicy(policy, answers.input);
  checkpoint();
  ctx = await world.observe(selected, policy);
  let current = plan(ctx, policy);
  const newlyRecreated = current.workspaces.filter((w) => w.strategy.startsWith('recreate'));
  if (newlyRecreated.length) {
    host.show(`With these answers ${newlyRecreated.length === 1 ? 'this workspace is' : 'these workspaces are'} re-created:`);
    for (const ws of newlyRecreated) host.show(explainWorkspace(byId.get(ws.sourceId.toLowerCase()), ws));
  }
  const names = await askNewNames(world, host, current);
  if (names.template !== undefined && names.template !== policy.recreate.nameTemplate) {
    policy = mergePolicy(policy, { recreate: { nameTemplate: names.template } });
    ctx = await world.observe(selected, policy);
  }
  ctx = withoutWorkspaces(ctx, names.unnamable);
  checkpoint();

  current = plan(ctx, policy);
  const blockedByComputes = current.workspaces.filter((w) => w.diagnostics.some((d) => d.code === 'computes-block-in-place'));
  if (blockedByComputes.length) {
    const what = blockedByComputes.map((w) => `${w.sourceId.split('/').pop()}: ${[...w.holds.computes.map((c) => c.name), ...w.holds.onlineEndpoints.map((e) => e.name)].join(', ')}`);
    const remove = await host.ask(confirmQuestion('allowRemovingComputes',
      `A managed network can be enabled in place only without computes and online endpoints (${what.join('; ')}). Delete them as part of the plan? This cannot be undone; otherwise these workspaces are left out.`, false));
    if (remove) {
      policy = mergePolicy(policy, { allowRemovingComputes: true });
      current = plan(ctx, policy);
    }
  }
  const inbound = await askInbound(world, host, current);
  if (inbound) {
    policy = mergePolicy(policy, inbound);
    ctx = await world.observe(ctx.workspaces.map((w) => w.workspace.id), policy);
    current = plan(ctx, policy);
  }
  const blocked = current.workspaces.filter((w) => w.blocked);
  if (blocked.length) {
    for (const ws of blocked) {
      const errors = ws.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary} What to do: ${d.remedy}`);
      host.show(`Left out of the plan: ${ws.sourceId.split('/').pop()}: ${errors.join(' ')}`);
    }
    if (blocked.length === current.workspaces.length) return done(host, outcome, 'Nothing is left to plan.');
    current = plan(withoutWorkspaces(ctx, blocked.map((w) => w.sourceId)), policy);
  }
  current = await askRollout(host, current);
  outcome.plan = current;
  host.show(renderPlan(current, { color: host.display.color }));
  const s = summarise(current);
  if (s.create + s.update + s.replace + s.destroy === 0) return done(host, outcome, 'No changes: nothing to save.');
  checkpoint();

  const save = await host.ask(confirmQuestion('save', 'Save this plan under plans/?', true));
  if (!save) return done(host, outcome, 'The plan was not saved; nothing was written.');
  outcome.planPath = await world.savePlan(current);
  host.show(`Plan saved to ${outcome.planPath} (review it with: aml-isolate show ${outcome.planPath}).`);
  checkpoint();

  if (!world.apply) return done(host, outcome, `Apply it with: aml-isolate apply ${outcome.planPath}`);
  const applyNow = await host.ask(confirmQuestion('apply', 'Apply the plan now?', false));
  if (!applyNow) return done(host, outcome, `Apply it later with: aml-isolate apply ${outcome.planPath}`);
  checkpoint();
  startingApply();
  outcome.result = await world.apply(current, outcome.planPath, { abortSignal: options.abortSignal ?? new AbortController().signal });
  if (outcome.result.outcome === 'interrupted') throw new GuideCancelled();
  host.show(await describeResult(world, current, outcome.result, outcome.planPath));
  return outcome;
}

async function describeResult(world: GuideWorld, plan: Plan, result: RunResult, path: string): Promise<string> {
  const lines = [`Apply ${result.outcome}.`];
  for (const [id, state] of Object.entries(result.workspaces)) lines.push(`  ${id.split('/').pop()}: ${state}`);
  if (world.verify) {
    const targets = plan.workspaces.flatMap((w) => (w.target ? [`/subscriptions/${w.target.subscriptionId}/resourceGroups/${w.target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${w.target.name}`] : []));
    for (const v of await world.verify(targets)) lines.push(`  ${parseResourceId(v.id)?.name ?? v.id} is ${v.compliant ? 'now compliant' : 'NOT compliant'} with MachineLearning-005`);
  }
  lines.push(`Roll back with: aml-isolate rollback ${path}`);
  if (result.outcome === 'failed') lines.push(`Resume with: aml-isolate apply ${path}`);
  return lines.join('\n');
}

function withoutWorkspaces(ctx: ObservedContext, ids: readonly string[]): ObservedContext {
  if (ids.length === 0) return ctx;
  const out = new Set(ids.map((i) => i.toLowerCase()));
  return { ...ctx, workspaces: ctx.workspaces.filter((w) => !out.has(w.workspace.id.toLowerCase())) };
}

function done(host: GuideHost, outcome: GuideOutcome, message: string): GuideOutcome {
  host.show(message);
  return outcome;
}
