import type { IsolationMode } from '../../model/workspace.js';
import type { ArmObject } from '../state.js';
import { badRequest } from './rule-error.js';

type Rule = Record<string, unknown>;
const SERVICE_CATEGORIES = new Set(['Required', 'Recommended', 'Dependency']);

/**
 * FACTS (Managed network): clients must not send Required/Recommended rules back ("would result in bad request").
 * Dependency is service-set too.
 */
export function assertNoServiceRules(rules: Record<string, Rule>): void {
  for (const [name, rule] of Object.entries(rules)) {
    if (SERVICE_CATEGORIES.has(String(rule.category))) {
      throw badRequest(`Outbound rule '${name}' has category ${String(rule.category)}; only UserDefined rules may be sent, the service manages the others.`);
    }
  }
}

export function isServiceRule(rule: Rule): boolean {
  return SERVICE_CATEGORIES.has(String(rule.category));
}

/**
 * FACTS (Managed network; Hubs, projects and outbound rules): the service adds Required PrivateEndpoint rules for the
 * linked storage (blob, file), key vault and registry "if they're configured as private" (publicNetworkAccess
 * Disabled as stored here), and always in AllowOnlyApprovedOutbound, where nothing else could reach them. In
 * AllowInternetOutbound with public linked resources there are none. `lookup` resolves a linked resource id in state.
 */
export function systemRules(mode: IsolationMode, props: Record<string, unknown>, lookup: (id: string) => ArmObject | undefined): Record<string, Rule> {
  if (mode === 'Disabled') return {};
  const out: Record<string, Rule> = {};
  const add = (resourceId: unknown, targets: string[]) => {
    if (typeof resourceId !== 'string' || !resourceId) return;
    const linked = lookup(resourceId);
    const pna = (linked?.properties as { publicNetworkAccess?: string } | undefined)?.publicNetworkAccess;
    if (mode !== 'AllowOnlyApprovedOutbound' && (!linked || pna !== 'Disabled')) return;
    const name = resourceId.split('/').pop()!;
    for (const target of targets) {
      out[`__SYS_PE_${name}_${target}`] = {
        type: 'PrivateEndpoint',
        category: 'Required',
        status: 'Active',
        destination: { serviceResourceId: resourceId, subresourceTarget: target, sparkEnabled: false, sparkStatus: 'Inactive' },
      };
    }
  };
  add(props.storageAccount, ['blob', 'file']);
  add(props.keyVault, ['vault']);
  add(props.containerRegistry, ['registry']);
  return out;
}
