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
  /** How users reach the workspace once public access is Disabled (inbound-target.ts); absent in older plans. */
  inbound?: TargetInbound | undefined;
}

/**
 * Inbound access of the target (issue 10). The request guard derives every inbound step's request from this: the
 * endpoints, zones and links the plan creates, nothing else.
 */
export interface TargetInbound {
  /** existing: an Approved connection already there; create: endpoints below; none: acknowledged, users lose access. */
  mode: 'existing' | 'create' | 'none';
  /** Private endpoints (group id amlworkspace) the plan creates to the target workspace. */
  endpoints: TargetInboundEndpoint[];
  /** Private DNS zones the plan creates (absent at plan time). */
  createZones: string[];
  /** Virtual network links the plan creates. */
  links: { id: string; zoneId: string; vnetId: string }[];
}

export interface TargetInboundEndpoint {
  id: string;
  location: string;
  subnetId: string;
  /** Its zone group `{id}/privateDnsZoneGroups/default` holds these zones. */
  zoneIds: string[];
}

export interface TargetPrivateEndpointRule {
  type: 'PrivateEndpoint';
  destination: { serviceResourceId: string; subresourceTarget: string; sparkEnabled: boolean };
}
