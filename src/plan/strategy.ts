import { meetsMl005 } from '../model/ml005.js';
import type { ObservedWorkspace } from './observed.js';
import type { Policy } from './policy-schema.js';
import { SAME_NAME_TEMPLATE } from './policy-schema.js';
import { creationForcingReasons } from './constraints.js';

/**
 * How a workspace reaches the target, least destructive first:
 * - none: already MachineLearning-005 compliant and nothing the policy asks for is missing;
 * - in-place: PATCH + outbound rules + provisioning (no create-only setting must change);
 * - recreate: a new workspace under a new name, the source untouched until the new one is verified;
 * - recreate-same-name: delete and purge the source first, then create under its name (explicit opt-in only).
 */
export type Strategy = 'none' | 'in-place' | 'recreate' | 'recreate-same-name';

export interface StrategyChoice {
  strategy: Strategy;
  /** Display-only. */
  reason: string;
  /** The "forces re-creation: …" reasons; empty unless a recreate strategy was chosen. */
  forcing: string[];
}

/** `rulesToPut`: outbound rules an in-place update would write (from the rule plan). */
export function chooseStrategy(ws: ObservedWorkspace, policy: Policy, rulesToPut: number): StrategyChoice {
  const forcing = creationForcingReasons(ws, policy);
  if (forcing.length > 0) {
    const sameName = policy.recreate.nameTemplate === SAME_NAME_TEMPLATE && policy.recreate.allowSameName;
    return sameName
      ? { strategy: 'recreate-same-name', forcing, reason: `${forcing.join('; ')}; the policy asks to reuse the name, so the source is deleted and purged first` }
      : { strategy: 'recreate', forcing, reason: `${forcing.join('; ')}; a new workspace is created beside the source, reusing its storage account, key vault, registry and Application Insights (data stays where it is); the source stays untouched until the new one is verified` };
  }
  const compliant = meetsMl005(ws.workspace);
  const sparkMissing = policy.serverlessSpark && ws.workspace.properties.managedNetwork?.status?.sparkReady !== true;
  if (compliant && rulesToPut === 0 && !sparkMissing) {
    return { strategy: 'none', forcing, reason: 'already compliant with MachineLearning-005 and with the policy' };
  }
  const what: string[] = [];
  const p = ws.workspace.properties;
  if (p.publicNetworkAccess !== 'Disabled') what.push('publicNetworkAccess must become Disabled');
  if (p.managedNetwork?.isolationMode !== 'AllowInternetOutbound') what.push('isolation mode must become AllowInternetOutbound');
  if (rulesToPut > 0) what.push(`${rulesToPut} private endpoint rule${rulesToPut === 1 ? '' : 's'} to add`);
  if (sparkMissing) what.push('serverless Spark must be provisioned');
  return { strategy: 'in-place', forcing, reason: `${what.join('; ')}: no create-only setting has to change, so the workspace is updated in place` };
}
