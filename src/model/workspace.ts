/**
 * Azure Machine Learning workspace as the ARM REST API returns it at api-version 2025-06-01
 * (spec: workspaceRP.json). Only the fields this tool reasons about are named; every other field the
 * service sends is kept untouched (the index signatures), so a read → write round trip loses nothing.
 */

export type IsolationMode = 'Disabled' | 'AllowInternetOutbound' | 'AllowOnlyApprovedOutbound';
export type PublicNetworkAccess = 'Enabled' | 'Disabled';
export type RuleType = 'PrivateEndpoint' | 'ServiceTag' | 'FQDN';
/** FACTS (Hubs, projects): a free string in the 2025-06-01 spec; these are the kinds the service knows. */
export type WorkspaceKind = 'Default' | 'Hub' | 'Project' | 'FeatureStore';
export type RuleCategory = 'Required' | 'Recommended' | 'UserDefined' | 'Dependency';

export interface PrivateEndpointDestination {
  serviceResourceId?: string;
  subresourceTarget?: string;
  sparkEnabled?: boolean;
  /** Service-set. */
  sparkStatus?: string;
  [extra: string]: unknown;
}

export interface OutboundRule {
  type: RuleType;
  /** Service-set for Required/Recommended/Dependency rules; clients send UserDefined only. */
  category?: RuleCategory;
  /** Service-set. */
  status?: string;
  destination?: PrivateEndpointDestination | Record<string, unknown> | string;
  [extra: string]: unknown;
}

export interface OutboundRuleResource {
  id?: string;
  name?: string;
  type?: string;
  properties: OutboundRule;
}

export interface ManagedNetworkSettings {
  isolationMode?: IsolationMode;
  /** Map from rule name to rule. */
  outboundRules?: Record<string, OutboundRule>;
  status?: { status?: 'Inactive' | 'Active'; sparkReady?: boolean };
  networkId?: string;
  firewallSku?: 'Standard' | 'Basic';
  [extra: string]: unknown;
}

export interface EncryptionProperty {
  status: 'Enabled' | 'Disabled';
  keyVaultProperties: { keyVaultArmId: string; keyIdentifier: string; identityClientId?: string };
  identity?: { userAssignedIdentity?: string };
  [extra: string]: unknown;
}

export interface ManagedServiceIdentity {
  type: 'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned,UserAssigned';
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, unknown>;
}

export interface WorkspaceProperties {
  friendlyName?: string;
  description?: string;
  storageAccount?: string;
  keyVault?: string;
  applicationInsights?: string;
  containerRegistry?: string;
  hbiWorkspace?: boolean;
  publicNetworkAccess?: PublicNetworkAccess;
  managedNetwork?: ManagedNetworkSettings;
  encryption?: EncryptionProperty;
  provisioningState?: string;
  /** kind Project: the hub it belongs to, whose network settings it uses. */
  hubResourceId?: string;
  /** kind Hub: its projects (service-set). */
  associatedWorkspaces?: string[];
  [extra: string]: unknown;
}

export interface Workspace {
  id: string;
  name: string;
  type?: string;
  location: string;
  /** WorkspaceKind as sent; absent means Default. Kept a string: an unknown kind must not fail parsing. */
  kind?: string;
  tags?: Record<string, string>;
  identity?: ManagedServiceIdentity;
  sku?: { name: string; tier?: string };
  properties: WorkspaceProperties;
  systemData?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Subscription {
  subscriptionId: string;
  displayName?: string;
  state?: string;
  tenantId?: string;
}

export interface DiagnosticSetting {
  id: string;
  name: string;
  properties: {
    workspaceId?: string;
    storageAccountId?: string;
    eventHubAuthorizationRuleId?: string;
    logs?: { category?: string; categoryGroup?: string; enabled: boolean }[];
    metrics?: { category?: string; enabled: boolean }[];
    [extra: string]: unknown;
  };
}
