import { join, relative, resolve } from 'node:path';
import { readSigningKey, signPlan, type SigningKey } from '../apply/plan-signature.js';
import { ExitCode } from '../exit-codes.js';
import { oneLine } from '../errors.js';
import { openAzureSession, type AzureSession } from '../azure/session.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { PolicyCliOptions } from '../cli/policy-options.js';
import { runAudit } from '../audit/run-audit.js';
import { planExitCode, renderPlan, rolloutWorkspaces, summarise, withRollout, writePlanFile, type Plan } from '../plan/index.js';
import { observeAndPlan } from '../observe/observe-and-plan.js';
import { resolvePolicy } from './plan-support.js';
import { resolveWorkspaceRefs } from './resolve-workspace.js';
import { validateScope } from './scope.js';
import { useColor } from '../cli/option-parsers.js';
import { rolloutOverrides, type RolloutCliOptions } from '../cli/rollout-options.js';
import { resolveRollout } from '../apply/rollout-choice.js';

export interface PlanCommandOptions extends GlobalOptions, PolicyCliOptions, RolloutCliOptions {
  subscription?: string[];
  resourceGroup?: string;
  name?: string;
  outDir: string;
  output: 'text' | 'json';
  detailedExitcode?: boolean;
  skipBlocked?: boolean;
  rollout?: boolean;
  /** Sign the plan written (plan.sig), e.g. in a trusted pipeline; the reviewed-then-signed flow is `aml-isolate sign`. */
  signingKey?: string;
}

/**
 * `aml-isolate plan [WORKSPACE_ID...]`: read → plan (pure) → write the plan file. Nothing is written when the planner
 * reports an error; the plan (with its diagnostics) is still shown so every problem can be fixed in one go.
 */
export async function planCommand(ids: string[], options: PlanCommandOptions): Promise<number> {
  const refs = [...ids, ...(options.name !== undefined ? [options.name] : [])];
  validateScope(options);
  const policy = await resolvePolicy(options);
  const key = options.signingKey !== undefined ? await readSigningKey(options.signingKey, resolve(options.outDir)) : undefined;
  const session = await openAzureSession(options);
  try {
    const workspaceIds = await resolveWorkspaceRefs(session.clients.fleetReader, refs, options);
    const selected = workspaceIds.length > 0 ? workspaceIds : await nonCompliantWorkspaces(session, options);
    if (selected.length === 0) {
      process.stderr.write('aml-isolate: no non-compliant workspace in scope: nothing to plan.\n');
      return ExitCode.ok;
    }
    process.stderr.write(`aml-isolate: reading ${selected.length} workspace${selected.length === 1 ? '' : 's'} and what they link to...\n`);
    const { plan, skipped } = await observeAndPlan(session, selected, policy, { skipBlocked: options.skipBlocked === true });
    for (const ws of skipped) {
      const first = ws.diagnostics.find((d) => d.severity === 'error')!;
      process.stderr.write(`aml-isolate: warning: left out of the plan (--skip-blocked): ${ws.sourceId}: [${first.code}] ${first.summary}\n`);
    }
    return await finish(withChosenRollout(plan, options), options, key);
  } finally {
    await session.close();
  }
}

async function finish(plan: Plan, options: PlanCommandOptions, key: SigningKey | undefined): Promise<number> {
  const color = useColor(options);
  process.stdout.write(options.output === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, { color }));
  const code = planExitCode(plan, { detailedExitcode: options.detailedExitcode === true });
  if (plan.errorCount > 0) {
    process.stderr.write(`aml-isolate: no plan written: ${plan.errorCount} error${plan.errorCount === 1 ? '' : 's'} (listed with the plan); fix them, or leave those workspaces out with --skip-blocked, and run plan again.\n`);
    return code;
  }
  const changes = summarise(plan);
  if (changes.create + changes.update + changes.replace + changes.destroy === 0) {
    process.stderr.write('aml-isolate: no changes: every selected workspace already matches the target; no plan written.\n');
    return code;
  }
  const path = join(options.outDir, plan.planId, 'plan.json');
  await writePlanFile(path, plan);
  const shown = relative(process.cwd(), path) || path;
  process.stderr.write(`aml-isolate: plan saved to ${shown} (review it with: aml-isolate show ${shown})\n`);
  if (key) {
    await signPlan(path, plan, key);
    process.stderr.write(`aml-isolate: plan signed with key ${key.keyId} (plan.sig beside it)\n`);
  }
  return code;
}

/** Without ids: the workspaces of the scope that fail MachineLearning-005 (one audit pass, no diagnostic settings). */
async function nonCompliantWorkspaces(session: AzureSession, options: PlanCommandOptions): Promise<string[]> {
  const report = await runAudit(session.clients.fleetReader, {
    ...(options.subscription ? { subscriptions: options.subscription } : {}),
    ...(options.resourceGroup ? { resourceGroup: options.resourceGroup } : {}),
    discovery: 'arm',
    concurrency: 32,
    checkDiagnostics: false,
  });
  for (const error of report.errors) {
    process.stderr.write(`aml-isolate: warning: ${error.subscriptionId} could not be read, its workspaces are not planned: ${error.code}: ${oneLine(error.message)}\n`);
  }
  return report.workspaces.filter((w) => !w.compliant).map((w) => w.id);
}

/** With --rollout or any rollout flag, the waves are chosen now and saved in the plan (shown by plan and show). */
function withChosenRollout(plan: Plan, options: PlanCommandOptions): Plan {
  const overrides = rolloutOverrides(options);
  if (options.rollout !== true && Object.keys(overrides).length === 0) return plan;
  if (plan.errorCount > 0 || rolloutWorkspaces(plan).length === 0) return plan;
  return withRollout(plan, resolveRollout(plan, overrides));
}
