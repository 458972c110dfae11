import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { parseResourceId } from '../azure/resource-id.js';
import type { AzureSession } from '../cli/azure-session.js';
import type { PolicyCliOptions } from '../cli/policy-options.js';
import { observeContext } from '../observe/index.js';
import {
  defaultPolicy,
  loadPolicy,
  mergePolicy,
  planRemediation,
  policyFromFlags,
  type Plan,
  type PlanWorkspace,
  type Policy,
  type PolicyFlags,
} from '../plan/index.js';
import { deriveWorkspaceName } from '../plan/naming.js';
import type { ObservedContext } from '../plan/observed.js';
import { KEY_URI } from '../plan/policy-schema.js';
import { toolName, toolVersion } from '../version.js';

/** The policy from --policy FILE (if any) with the flags on top. Every problem of both is reported at once. */
export async function resolvePolicy(options: PolicyCliOptions): Promise<Policy> {
  let base = defaultPolicy();
  if (options.policy) {
    let text: string;
    try {
      text = await readFile(options.policy, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`Cannot read --policy ${options.policy}: ${code === 'ENOENT' ? 'no such file' : String(code)}.`);
    }
    base = loadPolicy(text, options.policy).policy;
  }
  const { tag, defaultStoragePe } = options;
  const flags: PolicyFlags = {
    ...pickFlags(options),
    ...(typeof tag === 'string' ? { tag } : tag === false ? { noTag: true } : {}),
    ...(defaultStoragePe !== undefined
      ? { defaultStoragePrivateEndpoints: defaultStoragePe === 'none' ? [] : defaultStoragePe.split(',').map((s) => s.trim()) }
      : {}),
  };
  return mergePolicy(base, policyFromFlags(flags));
}

/** Reads the workspaces and whatever the policy names (CMK vault and key, extra private-endpoint targets, new names). */
export async function observeForPolicy(clients: AzureSession['clients'], workspaceIds: string[], policy: Policy): Promise<ObservedContext> {
  const cmk = policy.customerManagedKey;
  const keyName = cmk.keyName ?? (cmk.keyUri ? KEY_URI.exec(cmk.keyUri)?.[2] : undefined);
  return observeContext(
    clients,
    workspaceIds,
    {
      ...(cmk.keyVaultId && keyName ? { cmk: { keyVaultId: cmk.keyVaultId, keyName } } : {}),
      peTargetIds: policy.privateEndpoints.map((pe) => pe.serviceResourceId),
      candidateNames: workspaceIds.map((sourceId) => ({ sourceId, name: deriveWorkspaceName(parseResourceId(sourceId)!.name, policy.recreate.nameTemplate) })),
    },
    clients.cloud.cosmosDbPrincipalId,
  );
}

/** The options that pass to PolicyFlags unchanged (commander names them alike). */
const PASS_THROUGH = [
  'privateEndpoint', 'requireCmk', 'cmkKeyVault', 'cmkKeyName', 'cmkKeyUri', 'hbi', 'serverlessSpark',
  'nameSuffix', 'nameTemplate', 'allowSameName', 'retireSource', 'allowRemovingComputes',
] as const satisfies readonly (keyof PolicyCliOptions & keyof PolicyFlags)[];

function pickFlags(options: PolicyCliOptions): PolicyFlags {
  return Object.fromEntries(PASS_THROUGH.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

/** Refuses anything that is not a Machine Learning workspace ARM id, naming the bad value. */
export function parseWorkspaceIds(values: readonly string[]): string[] {
  return values.map((value) => {
    const id = parseResourceId(value);
    if (!id || id.provider.toLowerCase() !== 'microsoft.machinelearningservices' || id.type.toLowerCase() !== 'workspaces') {
      throw new UsageError(
        `"${value}" is not a workspace id: give /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{name}.`,
      );
    }
    return value;
  });
}

export interface PlanOutcome {
  plan: Plan;
  /** Workspaces left out because they had errors (only with skipBlocked), as first planned: their diagnostics say why. */
  skipped: PlanWorkspace[];
}

/**
 * Reads what the policy needs for the given workspaces and plans them: the read → decide part of `plan`/`config`.
 * With skipBlocked, workspaces with errors are planned out: the planner runs again on what was read for the others,
 * so the saved plan (and its basis) covers only what apply may change.
 */
export async function observeAndPlan(
  session: AzureSession,
  workspaceIds: string[],
  policy: Policy,
  options: { skipBlocked?: boolean } = {},
): Promise<PlanOutcome> {
  const context = await observeForPolicy(session.clients, workspaceIds, policy);
  const plan = (ctx: typeof context) => planRemediation(ctx, policy, { now: new Date(), newId: randomUUID, toolVersion, toolName }).plan;
  const first = plan(context);
  const skipped = first.workspaces.filter((w) => w.blocked);
  if (!options.skipBlocked || skipped.length === 0 || skipped.length === first.workspaces.length) return { plan: first, skipped: [] };
  const blocked = new Set(skipped.map((w) => w.sourceId.toLowerCase()));
  const rest = { ...context, workspaces: context.workspaces.filter((w) => !blocked.has(w.workspace.id.toLowerCase())) };
  return { plan: plan(rest), skipped };
}
