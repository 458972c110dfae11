/**
 * The workspace a plan aims for. Computed by the planner from what was read and the policy; rendered by `config`
 * as az ml YAML and by `apply` as ARM request bodies. Values are ARM ids and REST enum spellings.
 */
export interface TargetWorkspaceSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  displayName?: string;
  description?: string;
  tags: Record<string, string>;
  /** Create-only. */
  hbiWorkspace: boolean;
  /** ARM ids; create-only for storage and key vault. */
  storageAccount: string;
  keyVault: string;
  applicationInsights?: string;
  containerRegistry?: string;
  identity: { type: 'SystemAssigned' };
  publicNetworkAccess: 'Disabled';
  managedNetwork: {
    isolationMode: 'AllowInternetOutbound';
    /** User-defined PrivateEndpoint rules only (the service adds Required rules itself). */
    outboundRules: Record<string, TargetPrivateEndpointRule>;
  };
  /** Customer-managed key; create-only. */
  encryption?: { keyVaultArmId: string; keyIdentifier: string };
  /** provisionManagedNetwork after the update/creation. */
  provision: { includeSpark: boolean };
}

export interface TargetPrivateEndpointRule {
  type: 'PrivateEndpoint';
  destination: { serviceResourceId: string; subresourceTarget: string; sparkEnabled: boolean };
}
