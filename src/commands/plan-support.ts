import { UsageError } from '../errors.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import { parseResourceId } from '../model/resource-id.js';
import type { PolicyCliOptions } from '../cli/policy-options.js';
import { defaultPolicy, loadPolicy, mergePolicy, policyFromFlags, type Policy, type PolicyFlags } from '../plan/index.js';

/** The policy from --policy FILE (if any) with the flags on top. Every problem of both is reported at once. */
export async function resolvePolicy(options: PolicyCliOptions): Promise<Policy> {
  let base = defaultPolicy();
  if (options.policy) {
    const text = await readInputFile(options.policy, 'policy file', INPUT_LIMITS.policy);
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

/** The options that pass to PolicyFlags unchanged (commander names them alike). */
const PASS_THROUGH = [
  'privateEndpoint', 'requireCmk', 'cmkKeyVault', 'cmkKeyName', 'cmkKeyUri', 'hbi', 'serverlessSpark',
  'nameSuffix', 'nameTemplate', 'allowSameName', 'retireSource', 'allowRemovingComputes',
  'inbound', 'inboundSubnet', 'privateDnsZoneRg', 'privateDnsZoneId', 'allowNoInbound',
  'carryOver', 'copySecrets',
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
