import type { IsolationMode } from '../../model/workspace.js';
import { isServiceRule, systemRules } from '../rules/system-rules.js';
import type { ArmObject } from '../state.js';
import type { Store } from '../store.js';

export const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';
type Rule = Record<string, unknown>;
type Props = Record<string, unknown>;

export function propsOf(ws: ArmObject): Props {
  return (ws.properties ?? {}) as Props;
}

export function managedNetworkOf(ws: ArmObject): Props {
  return (propsOf(ws).managedNetwork ?? {}) as Props;
}

/** FACTS (The rule): a missing managedNetwork counts as Disabled. */
export function isolationModeOf(ws: ArmObject | undefined): IsolationMode {
  return ((ws && (managedNetworkOf(ws).isolationMode as IsolationMode | undefined)) ?? 'Disabled');
}

export function rulesOf(ws: ArmObject): Record<string, Rule> {
  return (managedNetworkOf(ws).outboundRules ?? {}) as Record<string, Rule>;
}

export function userRulesOf(ws: ArmObject): Record<string, Rule> {
  return Object.fromEntries(Object.entries(rulesOf(ws)).filter(([, r]) => !isServiceRule(r)));
}

export function networkActive(ws: ArmObject | undefined): boolean {
  return ws !== undefined && (managedNetworkOf(ws).status as { status?: string } | undefined)?.status === 'Active';
}

/**
 * User rules as the service stores them: category UserDefined, status Inactive until the network is provisioned
 * (Active afterwards). A rule already present keeps its status.
 */
export function normaliseUserRules(incoming: Record<string, Rule>, existing: Record<string, Rule>, active: boolean): Record<string, Rule> {
  const out: Record<string, Rule> = {};
  for (const [name, rule] of Object.entries(incoming)) {
    const status = (existing[name]?.status as string | undefined) ?? (active ? 'Active' : 'Inactive');
    out[name] = { ...rule, category: 'UserDefined', status };
  }
  return out;
}

/**
 * Rebuilds the service-owned parts of a workspace's managed network: Required rules from the linked resources, a
 * status object (Inactive until provisioned) and a network id. User rules are kept as they are.
 */
export function finaliseManagedNetwork(store: Store, ws: ArmObject, newId: () => string): ArmObject {
  const props = propsOf(ws);
  const mn = managedNetworkOf(ws);
  const mode = isolationModeOf(ws);
  const rules = { ...systemRules(mode, props, (id) => store.get(id)), ...userRulesOf(ws) };
  const status = (mn.status as Props | undefined) ?? { status: 'Inactive', sparkReady: false };
  const managedNetwork: Props = { ...mn, isolationMode: mode, outboundRules: rules, status };
  if (mode !== 'Disabled' && !mn.networkId) managedNetwork.networkId = newId();
  return { ...ws, properties: { ...props, managedNetwork } };
}

export function withProvisioningState(ws: ArmObject, state: string): ArmObject {
  return { ...ws, properties: { ...propsOf(ws), provisioningState: state } };
}

export function ruleResource(workspaceId: string, name: string, rule: Rule): ArmObject {
  return { id: `${workspaceId}/outboundRules/${name}`, name, type: `${WORKSPACE_TYPE}/outboundRules`, properties: rule };
}

/** Counts what blocks Disabled → managed (FACTS: includes/managed-vnet-update.md). */
export function blockingChildren(store: Store, workspaceId: string): { computes: number; endpoints: number } {
  return {
    computes: store.page(`${workspaceId}/computes`, 0, 0).total,
    endpoints: store.page(`${workspaceId}/onlineEndpoints`, 0, 0).total,
  };
}
