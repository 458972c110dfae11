import { workspaceId } from '../../src/model/resource-id.js';
import type { ObservedContext } from '../../src/plan/observed.js';
import type { Policy } from '../../src/plan/policy-schema.js';
import { aCompute, aContext, anObservedKey, anObservedVault, anObservedWorkspace, anOnlineEndpoint, aPolicy, cmkPolicy, RG, SUB } from './builders.js';

const free = (name: string) => ({ [workspaceId(SUB, RG, name)]: 'free' as const });
const approved = { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } };
const holding = { computes: [aCompute('ws-1', 'ci-1'), aCompute('ws-1', 'gpu-cluster', 'AmlCompute')], onlineEndpoints: [anOnlineEndpoint('ws-1', 'scoring')] };

/** The golden cases: one observed world + policy each. */
export const CASES: Record<string, () => { ctx: ObservedContext; policy: Policy }> = {
  'compliant-none': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace()] }), policy: aPolicy() }),
  'public-enabled-in-place': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } })] }), policy: aPolicy() }),
  'isolation-disabled-in-place': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled', managedNetwork: undefined } })] }), policy: aPolicy({ serverlessSpark: true }) }),
  'approved-outbound-recreate': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace({ properties: approved, models: ['churn'], outboundRules: { pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org' } } })], names: free('ws-1-iso') }), policy: aPolicy({ recreate: { retireSource: 'soft-delete' } }) }),
  'cmk-recreate': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace()], vaults: [anObservedVault()], keys: [anObservedKey()], names: free('ws-1-iso') }), policy: cmkPolicy({ hbi: true }) }),
  'computes-blocked': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace({ properties: { managedNetwork: undefined }, ...holding })] }), policy: aPolicy() }),
  'computes-removed': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace({ properties: { managedNetwork: undefined }, ...holding })] }), policy: aPolicy({ allowRemovingComputes: true }) }),
  'same-name-recreate': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace({ properties: approved })] }), policy: aPolicy({ recreate: { nameTemplate: '{name}', allowSameName: true } }) }),
  'cmk-problems': () => ({ ctx: aContext({ workspaces: [anObservedWorkspace()], vaults: [anObservedVault({ enablePurgeProtection: false, accessPolicies: [] })], keys: [anObservedKey({ kty: 'EC' })], names: { [workspaceId(SUB, RG, 'ws-1-iso')]: 'soft-deleted' } }), policy: cmkPolicy() }),
};
