import type { ObservedContext, ObservedWorkspace, Fingerprint } from './observed.js';
import type { Policy } from './policy-schema.js';
import type { Plan, PlanWorkspace } from './plan.js';
import { PLAN_FORMAT_VERSION } from './plan.js';
import { DiagnosticCollector, hasErrors, type Diagnostic } from './diagnostics.js';
import { planRules } from './pe-rules.js';
import { chooseStrategy } from './strategy.js';
import { checkComputesBlock, checkImpossibleRequests, checkNewName, movesToManagedNetwork, resolveCustomerManagedKey } from './constraints.js';
import { buildTargetSpec } from './target.js';
import { buildInPlaceSteps } from './in-place-steps.js';
import { buildRecreateSteps } from './recreate-steps.js';
import { holdingsOf, inPlaceLosses, recreateLosses } from './holdings.js';
import { deriveWorkspaceName } from './naming.js';
import { workspaceId } from '../model/resource-id.js';
import { scrubSecrets } from './scrub.js';
import { decideInbound } from './inbound-decide.js';
import { warnStorageUnreachable } from './inbound-storage.js';
import { computeContentHash } from './canonical-json.js';
import { arrangePlanUnits, type HubProject, type PlanUnit } from './hub-family.js';
import { checkHubRecreate, checkOrphanProject, checkProjectComputes, projectsLine } from './hub-checks.js';
import { checkApproverRoles } from './approver-roles.js';
import { planCarryOver } from './carry-over-plan.js';
import { checkEndpointNames } from './endpoint-name-checks.js';
import { DEFAULT_ENDPOINT_NAME_RULE, renamesEndpoints } from './endpoint-names.js';

export interface PlanRemediationOptions {
  now: Date;
  newId: () => string;
  toolVersion: string;
  toolName?: string;
}

/**
 * The planner: what was read + the policy → a plan. Pure: no I/O, no clock, no randomness (both injected), so the
 * same inputs give byte-identical plans.
 */
export function planRemediation(ctx: ObservedContext, policy: Policy, options: PlanRemediationOptions): { plan: Plan; diagnostics: Diagnostic[] } {
  const claimed = new Map<string, string>();
  // Never a project: a project is planned as its hub (hub-family.ts), or blocked saying why it cannot be.
  const units = arrangePlanUnits(ctx);
  const workspaces = units.map((unit, i) => planUnit(unit, ctx, policy, `w${i + 1}`, claimed));
  const diagnostics = workspaces.flatMap((w) => w.diagnostics);
  // Everything read: each workspace and what hangs off it, plus the CMK vault, key and private-endpoint targets the
  // policy named (a key rotated or a vault changed between plan and apply makes the plan stale too).
  const basis: Record<string, Fingerprint> = {};
  const family = ctx.hubFamily ? [...Object.values(ctx.hubFamily.hubs), ...Object.values(ctx.hubFamily.projects)] : [];
  for (const fingerprints of [...ctx.workspaces.map((ws) => ws.fingerprints), ...family.map((ws) => ws.fingerprints), ctx.fingerprints ?? {}]) {
    for (const key of Object.keys(fingerprints).sort()) basis[key.toLowerCase()] = scrubSecrets(fingerprints[key]) as Fingerprint;
  }
  const body: Omit<Plan, 'contentHash'> = {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: options.toolName ?? 'aml-isolate', version: options.toolVersion },
    planId: options.newId(),
    createdAt: options.now.toISOString(),
    policy,
    basis,
    workspaces,
    errorCount: diagnostics.filter((d) => d.severity === 'error').length,
  };
  const plan: Plan = { ...body, contentHash: computeContentHash(body as unknown as Record<string, unknown>) };
  return { plan, diagnostics };
}

function planUnit(unit: PlanUnit, ctx: ObservedContext, policy: Policy, prefix: string, claimed: Map<string, string>): PlanWorkspace {
  if (unit.kind !== 'orphan-project') return planWorkspace(unit.ws, ctx, policy, prefix, claimed, unit.kind === 'hub' ? unit.projects : undefined);
  const d = new DiagnosticCollector();
  checkOrphanProject(unit, d);
  return { sourceId: unit.ws.workspace.id, strategy: 'none', strategyReason: 'a project is remediated through its hub; this tool never writes to a project', target: undefined,
    holds: holdingsOf(unit.ws), notCarriedOver: [], steps: [], diagnostics: d.items, blocked: true };
}

function planWorkspace(ws: ObservedWorkspace, ctx: ObservedContext, policy: Policy, prefix: string, claimed: Map<string, string>, projects?: HubProject[]): PlanWorkspace {
  const d = new DiagnosticCollector();
  const sourceId = ws.workspace.id;
  checkImpossibleRequests(ws, policy, d);
  const rules = planRules(ws, ctx, policy, d);
  const choice = chooseStrategy(ws, policy, rules.toPut.length);
  const entry: PlanWorkspace = {
    sourceId, strategy: choice.strategy, strategyReason: choice.reason, target: undefined, holds: holdingsOf(ws),
    notCarriedOver: [], steps: [], diagnostics: d.items, blocked: false,
    ...(projects ? { projects: projects.map((p) => p.id) } : {}),
  };
  if (projects) {
    if (choice.strategy !== 'none') entry.strategyReason = `${choice.reason}; ${projectsLine(projects)}`;
    checkHubRecreate(ws, projects, choice.strategy, choice.forcing, d);
    if (choice.strategy === 'in-place') checkProjectComputes(ws, projects, d);
  }
  if (choice.strategy === 'in-place') checkApproverRoles(ws, rules, d);
  if (choice.strategy === 'in-place') {
    checkComputesBlock(ws, policy, d);
    const key = resolveCustomerManagedKey(ws, ctx, policy, d);
    entry.target = buildTargetSpec(ws, policy, ws.workspace.name, rules.desired, key);
    entry.target.inbound = decideInbound(ws, ctx, policy.inbound, { id: sourceId, location: ws.workspace.location, recreated: false }, d);
    warnStorageUnreachable(ws, ctx, entry.target.inbound, d);
    entry.steps = buildInPlaceSteps(ws, policy, entry.target, rules, prefix);
    entry.notCarriedOver = inPlaceLosses(ws, movesToManagedNetwork(ws) && policy.allowRemovingComputes);
  } else if (choice.strategy !== 'none') {
    const sameName = choice.strategy === 'recreate-same-name';
    const name = deriveWorkspaceName(ws.workspace.name, policy.recreate.nameTemplate);
    const key = resolveCustomerManagedKey(ws, ctx, policy, d);
    const target = buildTargetSpec(ws, policy, name, rules.desired, key);
    const newId = workspaceId(target.subscriptionId, target.resourceGroup, name);
    if (!sameName && name.toLowerCase() === ws.workspace.name.toLowerCase()) {
      d.error('name-same-as-source', newId, `The derived name ${name} is the source's own name.`, 'Change recreate.nameTemplate, or set recreate.allowSameName: true to delete and purge the source first.');
    } else checkNewName(newId, name, sameName, ctx, d);
    const other = claimed.get(newId.toLowerCase());
    if (other) d.error('name-collision', newId, `${name} is also the new name planned for ${other}.`, 'Change recreate.nameTemplate so the names differ.');
    claimed.set(newId.toLowerCase(), sourceId);
    target.inbound = decideInbound(ws, ctx, policy.inbound, { id: newId, location: target.location, recreated: true }, d);
    warnStorageUnreachable(ws, ctx, target.inbound, d);
    entry.target = target;
    const endpointRule = renamesEndpoints(ws.workspace.location, target.location, sameName) ? policy.carryOver.endpointName ?? DEFAULT_ENDPOINT_NAME_RULE : undefined;
    const carry = ws.contents ? planCarryOver(ws.contents, policy, sourceId, newId, sameName, endpointRule) : undefined;
    if (carry) {
      entry.carryOver = carry;
      checkEndpointNames(carry, newId, d);
      if (sameName && policy.carryOver.copySecrets) d.warning('secrets-not-copied', newId, 'carryOver.copySecrets cannot apply: the source is purged before its secrets could be read at execution.', 'Datastores are re-created identity-based; add their credentials again after apply, or re-create under a new name.');
    }
    entry.steps = buildRecreateSteps(ws, policy, target, choice.forcing, sameName, prefix, key?.createKeyId, carry);
    entry.notCarriedOver = carry
      ? [...carry.notCarried, ...carry.warnings.map((w) => `note: ${w}`), ...recreateLosses(ws, name, sameName, policy, rules.notCarried, true)]
      : recreateLosses(ws, name, sameName, policy, rules.notCarried);
  }
  entry.blocked = hasErrors(d.items);
  return entry;
}
