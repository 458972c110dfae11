import { peTargetApiVersions, workspaceApiVersion } from '../../model/api-versions.js';
import type { PlanStep, Precondition } from '../../plan/index.js';
import { getOrNull, lastSegment, readWorkspace } from './arm-state.js';
import { stepView } from '../step-states.js';
import type { StepContext } from './step-context.js';
import { StepRefusedError } from './step-errors.js';
import { disablesPublicAccess, inboundAccessProblem, subnetProblem } from './inbound-checks.js';

/**
 * Checks a step's preconditions against real state right before it runs; the first that fails throws
 * StepRefusedError('PreconditionFailed'). fingerprint-matches is the caller's (checked once before apply starts).
 *
 * In a dry run, earlier steps did not really run, so a condition that an earlier step of the same workspace would
 * establish (`wouldBeMet`) counts as met.
 */
export async function checkPreconditions(step: PlanStep, ctx: StepContext, wouldBeMet: (p: Precondition) => boolean = () => false): Promise<void> {
  // Disabling public access always re-checks the users' way in, whether or not the plan lists the condition.
  const implicit: Precondition[] = disablesPublicAccess(step) && !step.preconditions.some((p) => p.kind === 'inbound-access') ? [{ kind: 'inbound-access', id: step.target }] : [];
  for (const p of [...step.preconditions, ...implicit]) {
    if (p.kind === 'fingerprint-matches') continue;
    const problem = await check(p, ctx);
    if (problem !== undefined && !(ctx.dryRun && wouldBeMet(p))) {
      throw new StepRefusedError('PreconditionFailed', `precondition ${p.kind} of step ${step.id} does not hold: ${problem}`);
    }
  }
}

/** undefined: the condition holds; else why not. */
async function check(p: Exclude<Precondition, { kind: 'fingerprint-matches' }>, ctx: StepContext): Promise<string | undefined> {
  switch (p.kind) {
    case 'resource-exists': {
      const found = await getOrNull(ctx.arm, p.id, apiVersionFor(p.id));
      return found === null ? `${p.id} does not exist` : undefined;
    }
    case 'name-free': {
      const found = await readWorkspace(ctx.arm, p.id);
      if (found === null) return undefined;
      const state = found.properties?.provisioningState;
      return `the workspace name ${lastSegment(p.id)} is taken by an existing workspace${state ? ` (provisioningState ${state})` : ''}; ` +
        'if an earlier apply left it behind, run rollback';
    }
    case 'no-computes': {
      const [computes, endpoints] = await Promise.all([
        ctx.arm.listAll<{ name?: string }>(`${p.id}/computes`, workspaceApiVersion),
        ctx.arm.listAll<{ name?: string }>(`${p.id}/onlineEndpoints`, workspaceApiVersion),
      ]);
      const names = [...computes, ...endpoints].map((c) => c.name ?? '?');
      return names.length ? `the workspace still has computes or online endpoints (${names.join(', ')}), which block enabling a managed network` : undefined;
    }
    case 'public-access-disabled': {
      const ws = await readWorkspace(ctx.arm, p.id);
      if (ws === null) return `${p.id} does not exist`;
      const v = ws.properties?.publicNetworkAccess;
      return v === 'Disabled' ? undefined : `publicNetworkAccess is ${v ?? 'not set (Enabled)'}; it must be Disabled before the managed network is provisioned`;
    }
    case 'inbound-access':
      return inboundAccessProblem(ctx.arm, ctx.workspace, p.id);
    case 'subnet-ready':
      return subnetProblem(ctx.arm, p.id, p.location);
    case 'step-succeeded':
      return stepView(ctx.entries(), p.stepId).state === 'done' ? undefined : `step ${p.stepId} has not succeeded in this journal`;
  }
}

/** The api-version to read an arbitrary ARM id with (children of a workspace at the workspace's). */
export function apiVersionFor(id: string): string {
  const m = /\/providers\/([^/]+)\/([^/]+)\//i.exec(`${id}/`);
  if (!m) throw new StepRefusedError('PreconditionFailed', `cannot tell the resource type of ${id}`);
  const type = `${m[1]}/${m[2]}`.toLowerCase();
  if (type.startsWith('microsoft.machinelearningservices/')) return workspaceApiVersion;
  const v = peTargetApiVersions[type];
  if (!v) throw new StepRefusedError('PreconditionFailed', `no known api-version to read ${type} (${id})`);
  return v;
}
