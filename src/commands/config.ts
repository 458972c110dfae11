import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../errors.js';
import { openAzureSession } from '../azure/session.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { PolicyCliOptions } from '../cli/policy-options.js';
import { inboundCommands, renderWorkspaceConfig, writeConfigFile } from '../config/index.js';
import { readPlanFile, renderPlan, type Plan, type PlanWorkspace } from '../plan/index.js';
import { sameResourceId } from '../model/resource-id.js';
import { observeAndPlan } from '../observe/observe-and-plan.js';
import { resolvePolicy } from './plan-support.js';
import { resolveWorkspaceRefs } from './resolve-workspace.js';
import { validateScope } from './scope.js';

export interface ConfigCommandOptions extends GlobalOptions, PolicyCliOptions {
  plan?: string;
  workspace?: string;
  name?: string;
  resourceGroup?: string;
  subscription?: string[];
  out: string;
  force?: boolean;
}

/**
 * `aml-isolate config WORKSPACE_ID` (the target computed as `plan` would) or `config --plan PLAN`: writes only the
 * `az ml workspace create --file` YAML. `--out -` prints it instead. On stderr: the az commands for the inbound private
 * endpoint and private DNS the YAML cannot carry (inbound-commands.ts).
 */
export async function configCommand(given: string | undefined, options: ConfigCommandOptions): Promise<number> {
  if (given !== undefined && options.name !== undefined) throw new UsageError('Give the workspace as an argument or with --name, not both.');
  const id = given ?? options.name;
  if ((id === undefined) === (options.plan === undefined)) {
    throw new UsageError('Give a workspace (id, or name with -n NAME [-g GROUP]) or --plan PLAN (one of them): aml-isolate config -n NAME -g GROUP.');
  }
  const chosen = options.plan ? pickFromPlan(await readPlanFile(options.plan), options.workspace) : await planOne(id!, options);
  if (!chosen) return ExitCode.ok;
  const text = renderWorkspaceConfig(chosen.target!);
  if (options.out === '-') {
    process.stdout.write(text);
  } else {
    await writeConfigFile(options.out, text, { force: options.force === true });
    process.stderr.write(`aml-isolate: wrote ${options.out} for ${chosen.target!.name} (use: az ml workspace create --file ${options.out})\n`);
  }
  // The YAML cannot carry inbound endpoints: the commands that complete it go to stderr, never into the YAML.
  process.stderr.write(inboundCommands(chosen.target!).map((line) => `${line.startsWith('  az ') ? line : `aml-isolate: ${line}`}\n`).join(''));
  return ExitCode.ok;
}

async function planOne(id: string, options: ConfigCommandOptions): Promise<PlanWorkspace | undefined> {
  validateScope(options);
  const policy = await resolvePolicy(options);
  const session = await openAzureSession(options);
  let plan: Plan;
  try {
    const [workspaceId] = await resolveWorkspaceRefs(session.clients.fleetReader, [id], options);
    ({ plan } = await observeAndPlan(session, [workspaceId!], policy));
  } finally {
    await session.close();
  }
  if (plan.errorCount > 0) {
    process.stderr.write(renderPlan(plan, { color: false }));
    throw new UsageError(`No workspace-config.yml written: the target cannot be reached (${plan.errorCount} error${plan.errorCount === 1 ? '' : 's'} above).`);
  }
  const [workspace] = plan.workspaces;
  if (!workspace?.target) {
    process.stderr.write(`aml-isolate: ${id} already matches the target: no workspace-config.yml written.\n`);
    return undefined;
  }
  return workspace;
}

function pickFromPlan(plan: Plan, workspace: string | undefined): PlanWorkspace {
  const candidates = plan.workspaces.filter((w) => w.target !== undefined);
  if (workspace !== undefined) {
    const found = candidates.find((w) => sameResourceId(w.sourceId, workspace) || w.target!.name.toLowerCase() === workspace.toLowerCase());
    if (!found) throw new UsageError(`The plan has no change for workspace ${workspace}; it has: ${candidates.map((w) => w.sourceId).join(', ') || 'none'}.`);
    return found;
  }
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new UsageError('The plan changes no workspace: there is no target to write.');
  throw new UsageError(`The plan changes ${candidates.length} workspaces: choose one with --workspace (${candidates.map((w) => w.sourceId).join(', ')}).`);
}
