/**
 * The az ml workspace YAML (`az ml workspace create --file workspace-config.yml`), as the azure-ai-ml SDK's
 * marshmallow schemas read it (sdk/ml/azure-ai-ml/azure/ai/ml/_schema/workspace/{workspace,networking,identity,
 * customer_managed_key}.py). Spellings are the YAML's snake_case ones, not the REST API's PascalCase.
 *
 * Every object type keeps keys it does not name (index signature): a file round-trips through parse and write without
 * losing settings this tool does not know about (image_build_compute, private_endpoints, pe_fqdn, ...).
 */

export const WORKSPACE_SCHEMA_URL = 'https://azuremlschemas.azureedge.net/latest/workspace.schema.json';

export const ISOLATION_MODES = ['disabled', 'allow_internet_outbound', 'allow_only_approved_outbound'] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];

export const OUTBOUND_RULE_TYPES = ['private_endpoint', 'service_tag', 'fqdn'] as const;
export type OutboundRuleType = (typeof OUTBOUND_RULE_TYPES)[number];

export const PUBLIC_NETWORK_ACCESS_VALUES = ['enabled', 'disabled'] as const;
export type PublicNetworkAccess = (typeof PUBLIC_NETWORK_ACCESS_VALUES)[number];

/** camel_to_snake of the SDK's ManagedServiceIdentityType values. */
export const IDENTITY_TYPES = ['system_assigned', 'user_assigned', 'system_assigned,user_assigned', 'none'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** Seen in the SDK's test config workspace_mvnet_with_firewallsku.yaml ("basic"); "standard" is the service default. */
export const FIREWALL_SKUS = ['basic', 'standard'] as const;
export type FirewallSku = (typeof FIREWALL_SKUS)[number];

export interface PrivateEndpointDestination {
  service_resource_id: string;
  subresource_target: string;
  /** Always written, even when false: the SDK schema requires all three keys. */
  spark_enabled: boolean;
  [key: string]: unknown;
}

export interface ServiceTagDestination {
  service_tag: string;
  protocol: string;
  /** A string such as "80, 8080-8089", never a number (the SDK reads it with fields.Str). */
  port_ranges: string;
  address_prefixes?: string[];
  [key: string]: unknown;
}

interface OutboundRuleBase {
  /** Unique within the workspace: it is the rule's key in the REST outboundRules dictionary. */
  name: string;
  [key: string]: unknown;
}
export interface PrivateEndpointOutboundRule extends OutboundRuleBase {
  type: 'private_endpoint';
  destination: PrivateEndpointDestination;
}
export interface ServiceTagOutboundRule extends OutboundRuleBase {
  type: 'service_tag';
  destination: ServiceTagDestination;
}
export interface FqdnOutboundRule extends OutboundRuleBase {
  type: 'fqdn';
  destination: string;
}
export type OutboundRule = PrivateEndpointOutboundRule | ServiceTagOutboundRule | FqdnOutboundRule;

export interface ManagedNetworkYaml {
  isolation_mode?: IsolationMode;
  firewall_sku?: FirewallSku;
  /** Always the list form once parsed; the older map form (rule name → rule) is normalised to it. */
  outbound_rules?: OutboundRule[];
  [key: string]: unknown;
}

export interface CustomerManagedKeyYaml {
  /** ARM id of the key vault. */
  key_vault: string;
  /** Key identifier URL, https://<vault>.vault.azure.net/keys/<name>/<version>. */
  key_uri: string;
  [key: string]: unknown;
}

export interface IdentityYaml {
  type: IdentityType;
  /** ARM id of the identity → {client_id?, principal_id?} (or null). */
  user_assigned_identities?: Record<string, Record<string, unknown> | null>;
  [key: string]: unknown;
}

export interface WorkspaceYaml {
  $schema?: string;
  name: string;
  location?: string;
  resource_group?: string;
  display_name?: string;
  description?: string;
  tags?: Record<string, string>;
  /** Create-only. */
  hbi_workspace?: boolean;
  /** ARM ids. storage_account and key_vault are create-only. */
  storage_account?: string;
  key_vault?: string;
  application_insights?: string;
  container_registry?: string;
  /** Create-only. */
  customer_managed_key?: CustomerManagedKeyYaml;
  public_network_access?: PublicNetworkAccess;
  identity?: IdentityYaml;
  primary_user_assigned_identity?: string;
  enable_data_isolation?: boolean;
  serverless_compute?: Record<string, unknown>;
  managed_network?: ManagedNetworkYaml;
  [key: string]: unknown;
}

/**
 * The order keys are written in; templates/workspace-config.yml lists the top-level keys in the same order (a test
 * holds them together). Keys not named here follow, in the order the model has them.
 */
export const KEY_ORDER = {
  workspace: [
    '$schema', 'name', 'location', 'resource_group', 'display_name', 'description', 'tags', 'hbi_workspace',
    'storage_account', 'key_vault', 'application_insights', 'container_registry', 'customer_managed_key', 'identity',
    'primary_user_assigned_identity', 'public_network_access', 'enable_data_isolation', 'serverless_compute',
    'managed_network',
  ],
  customerManagedKey: ['key_vault', 'key_uri'],
  identity: ['type', 'user_assigned_identities'],
  managedNetwork: ['isolation_mode', 'firewall_sku', 'outbound_rules'],
  outboundRule: ['name', 'type', 'destination'],
  privateEndpointDestination: ['service_resource_id', 'subresource_target', 'spark_enabled'],
  serviceTagDestination: ['service_tag', 'protocol', 'port_ranges', 'address_prefixes'],
} as const satisfies Record<string, readonly string[]>;
