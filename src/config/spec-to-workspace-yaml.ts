import type { TargetPrivateEndpointRule, TargetWorkspaceSpec } from '../plan/target-spec.js';
import {
  WORKSPACE_SCHEMA_URL,
  type IdentityType,
  type IsolationMode,
  type PrivateEndpointOutboundRule,
  type PublicNetworkAccess,
  type WorkspaceYaml,
} from './workspace-yaml-model.js';

// REST spelling → YAML spelling. Typed by the contract's unions, so widening TargetWorkspaceSpec fails to compile here.
const PUBLIC_NETWORK_ACCESS: Record<TargetWorkspaceSpec['publicNetworkAccess'], PublicNetworkAccess> = { Disabled: 'disabled' };
const ISOLATION_MODE: Record<TargetWorkspaceSpec['managedNetwork']['isolationMode'], IsolationMode> = {
  AllowInternetOutbound: 'allow_internet_outbound',
};
const IDENTITY_TYPE: Record<TargetWorkspaceSpec['identity']['type'], IdentityType> = { SystemAssigned: 'system_assigned' };
const RULE_TYPE: Record<TargetPrivateEndpointRule['type'], PrivateEndpointOutboundRule['type']> = { PrivateEndpoint: 'private_endpoint' };

/**
 * The az ml YAML for a target workspace: REST spellings (Disabled, AllowInternetOutbound, PrivateEndpoint,
 * SystemAssigned) become YAML ones. Pure. Tags and rules are sorted by name so the output does not depend on the
 * order the planner happened to build them in.
 */
export function specToWorkspaceYaml(spec: TargetWorkspaceSpec): WorkspaceYaml {
  const outboundRules = Object.keys(spec.managedNetwork.outboundRules)
    .sort(byCodePoint)
    .map((name): PrivateEndpointOutboundRule => {
      const { type, destination } = spec.managedNetwork.outboundRules[name]!;
      return {
        name,
        type: RULE_TYPE[type],
        destination: {
          service_resource_id: destination.serviceResourceId,
          subresource_target: destination.subresourceTarget,
          spark_enabled: destination.sparkEnabled,
        },
      };
    });
  const tags: Record<string, string> = {};
  for (const key of Object.keys(spec.tags).sort(byCodePoint)) tags[key] = spec.tags[key]!;

  return {
    $schema: WORKSPACE_SCHEMA_URL,
    name: spec.name,
    location: spec.location,
    resource_group: spec.resourceGroup,
    ...(spec.displayName !== undefined && { display_name: spec.displayName }),
    ...(spec.description !== undefined && { description: spec.description }),
    tags,
    hbi_workspace: spec.hbiWorkspace,
    storage_account: spec.storageAccount,
    key_vault: spec.keyVault,
    ...(spec.applicationInsights !== undefined && { application_insights: spec.applicationInsights }),
    ...(spec.containerRegistry !== undefined && { container_registry: spec.containerRegistry }),
    ...(spec.encryption && {
      customer_managed_key: { key_vault: spec.encryption.keyVaultArmId, key_uri: spec.encryption.keyIdentifier },
    }),
    identity: { type: IDENTITY_TYPE[spec.identity.type] },
    public_network_access: PUBLIC_NETWORK_ACCESS[spec.publicNetworkAccess],
    managed_network: { isolation_mode: ISOLATION_MODE[spec.managedNetwork.isolationMode], outbound_rules: outboundRules },
  };
}

/** Locale-independent, so output is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
