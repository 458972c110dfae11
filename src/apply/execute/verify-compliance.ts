import { describeViolation, ml005Violations } from '../../model/ml005.js';
import type { Workspace } from '../../model/workspace.js';
import { matchesSubset, readWorkspace } from './arm-state.js';
import type { StepContext, StepHandler } from './step-context.js';
import type { PlanStep } from '../../plan/index.js';
import { StepRefusedError } from './step-errors.js';
import { describeInactiveRule, inactivePrivateEndpointRules } from './rule-approval.js';
import { acknowledgedNoInbound, approvedConnectionNames, zoneRecordProblems } from './inbound-checks.js';

/**
 * Reads the workspace back and fails unless MachineLearning-005 holds (src/audit/rules.ts) and every target field of
 * the policy (step.after) holds. Never "already done": it is the check itself, and it writes nothing.
 */
export const verifyCompliance: StepHandler = {
  isAlreadyDone: async () => ({ done: false }),
  async run(step, ctx) {
    const problems = await replacementProblems(step, ctx);
    if (problems.length) throw new StepRefusedError('VerificationFailed', `${step.target.split('/').pop()} ${problems.join('; ')}`);
  },
  undoRecord: () => ({ kind: 'none', reason: 'read-only' }),
};

/**
 * Everything verify checks, read live; empty when the workspace passes. The source guard runs it again right before a
 * source is retired, so whatever verify learns to check (inbound access, carried contents, rules Active) protects
 * the source too.
 */
export async function replacementProblems(verify: PlanStep, ctx: StepContext): Promise<string[]> {
  const ws = await readWorkspace(ctx.arm, verify.target);
  if (ws === null) return ['does not exist'];
  const problems = complianceProblems(ws, verify.after ?? {});
  // Outbound rules become Active, or the tool says why (FACTS: Hubs, projects and outbound rules).
  if ((ws.properties.managedNetwork?.isolationMode ?? 'Disabled') !== 'Disabled') {
    for (const rule of await inactivePrivateEndpointRules(ctx.arm, ws.id)) problems.push(describeInactiveRule(ws, rule));
  }
  // Issue 10: compliant but unreachable is a failure, unless the plan acknowledged inbound none.
  if (!acknowledgedNoInbound(ctx.workspace) && approvedConnectionNames(ws).length === 0) problems.push('it has no Approved private endpoint connection: its users cannot reach it (would-lock-out)');
  problems.push(...(await zoneRecordProblems(ctx.arm, ctx.workspace)));
  return problems.length ? [`is not as planned: ${problems.join('; ')}`] : [];
}

/** Why the workspace fails MachineLearning-005 or the policy's target fields; empty when it passes. */
export function complianceProblems(ws: Workspace, after: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const v of ml005Violations(ws)) problems.push(describeViolation(v));
  const p = ws.properties;
  const mn = p.managedNetwork;
  const want = after as {
    publicNetworkAccess?: string;
    managedNetwork?: { isolationMode?: string; status?: string };
    sparkReady?: boolean;
    hbiWorkspace?: boolean;
    encryption?: Record<string, unknown>;
  };
  const differs = (field: string, actual: unknown, expected: unknown) => {
    if (expected !== undefined && !matchesSubset(actual, expected)) problems.push(`${field} is ${JSON.stringify(actual ?? null)}, expected ${JSON.stringify(expected)}`);
  };
  differs('publicNetworkAccess', p.publicNetworkAccess, want.publicNetworkAccess);
  differs('managedNetwork.isolationMode', mn?.isolationMode, want.managedNetwork?.isolationMode);
  differs('managedNetwork.status.status', mn?.status?.status, want.managedNetwork?.status);
  differs('managedNetwork.status.sparkReady', mn?.status?.sparkReady, want.sparkReady);
  differs('hbiWorkspace', p.hbiWorkspace, want.hbiWorkspace);
  differs('encryption', p.encryption, want.encryption);
  return [...new Set(problems)];
}
