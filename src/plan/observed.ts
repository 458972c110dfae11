import type { OutboundRule, Workspace } from '../model/workspace.js';

/**
 * What `plan` read of the world for one workspace: the input of the pure planner. Produced only by
 * src/observe/ (the read side); the planner never reads anything else. Every resource read is fingerprinted so
 * `apply` can refuse a stale plan and say what changed.
 */
export interface ObservedWorkspace {
  /** GET at api-version 2025-06-01. */
  workspace: Workspace;
  /** From the outbound rules list (includes service-added Required rules). Empty when isolation is Disabled. */
  outboundRules: Record<string, OutboundRule>;
  /** Linked resources named by the workspace (storageAccount, keyVault, containerRegistry, applicationInsights). */
  storageAccount?: ObservedResource;
  keyVault?: ObservedVault;
  containerRegistry?: ObservedResource;
  applicationInsights?: ObservedResource;
  /** What the workspace holds: a re-creation does not carry these over. */
  computes: { id: string; name: string; computeType: string; state?: string }[];
  onlineEndpoints: { id: string; name: string }[];
  datastores: { id: string; name: string; datastoreType: string; isDefault: boolean }[];
  /** Registered assets (names of containers). undefined = could not be listed (the plan says so). */
  models?: string[];
  environments?: string[];
  dataAssets?: string[];
  /**
   * Added by src/observe for workspaces that re-create: every item of the workspace's contents (datastores, asset
   * containers and versions, computes, endpoints, deployments, connections, role assignments, schedules), all pages,
   * secrets removed. Absent when not read.
   */
  contents?: ObservedContents;
  /** Diagnostic settings on the workspace (names), for carrying them over to a re-created workspace. */
  diagnosticSettings: { id: string; name: string; body: Record<string, unknown> }[];
  /**
   * Fingerprint of every resource read above, by lower-cased ARM id: the etag when the service sends one, else a
   * sha256 of the normalised JSON (keys sorted, volatile fields removed). The plan's basis.
   */
  fingerprints: Record<string, Fingerprint>;
  /**
   * Added by src/observe: what could not be read for this workspace (a linked resource that is gone or forbidden, an
   * asset list the service would not give). The planner surfaces each as a diagnostic ("could not check …").
   * Absent or empty = everything above was read.
   */
  readProblems?: ReadProblem[];
  /**
   * Added by src/observe (hubs-plan): per private-endpoint target (lower-cased ARM id) whether the workspace identity
   * holds "Azure AI Enterprise Network Connection Approver" at or above it. Absent target = not checked (could not
   * be read, or no identity); the planner warns only on a definite `false`.
   */
  approverRoles?: Record<string, boolean>;
}

export interface ObservedContents {
  /** properties.workspaceId (GUID) of the workspace. */
  workspaceGuid?: string;
  /** Path relative to the workspace id (`models/m/versions/1`) and the body as read (redacted). */
  items: { path: string; body: Record<string, unknown> }[];
  /** Lists that could not be read (one line each). */
  unreadable: string[];
}

/** Something `plan` tried to read and could not. Display data: says what the plan could not check and why. */
export interface ReadProblem {
  /** What was being read. */
  subject:
    | 'storageAccount'
    | 'keyVault'
    | 'containerRegistry'
    | 'applicationInsights'
    | 'models'
    | 'environments'
    | 'dataAssets'
    | 'cmkVault'
    | 'cmkKey'
    | 'roleAssignments'
    | 'peTarget'
    | 'candidateName'
    | 'hub'
    | 'project'
    | 'approverRole'
    | 'inbound';
  /** ARM id (or list path) that was read. */
  id: string;
  /** not-found: 404 (a linked resource that is gone); forbidden: 403; unsupported: no such API there; failed: other. */
  reason: 'not-found' | 'forbidden' | 'unsupported' | 'failed';
  /** ARM error code, HTTP status and x-ms-request-id, for quoting to Azure support. */
  code?: string;
  statusCode?: number;
  requestId?: string;
  /** One line. */
  message: string;
}

export interface Fingerprint {
  /** ARM id as read. */
  id: string;
  kind: 'etag' | 'sha256';
  value: string;
  /** The normalised JSON the hash was computed over, so a later diff can say what changed. */
  normalised?: unknown;
}

export interface ObservedResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  /** 'Enabled' | 'Disabled' when the resource has the property. */
  publicNetworkAccess?: string;
  /** Raw properties as read, for diagnostics. */
  properties?: Record<string, unknown>;
}

export interface ObservedVault extends ObservedResource {
  subscriptionId: string;
  enableSoftDelete: boolean;
  enablePurgeProtection: boolean;
  enableRbacAuthorization: boolean;
  /** Access-policy object ids with their key permissions (lower-cased). */
  accessPolicies: { objectId: string; keyPermissions: string[] }[];
  /** Role assignments at (or above) the vault scope: principal and role definition GUID. */
  roleAssignments?: { principalId: string; roleDefinitionId: string }[];
}

export interface ObservedKey {
  /** ARM id of the key (…/vaults/{v}/keys/{k}). */
  id: string;
  name: string;
  vaultId: string;
  /** https://{vault}.vault.azure.net/keys/{name}[/{version}] */
  keyUri: string;
  keyUriWithVersion?: string;
  kty: string;
  keySize?: number;
  enabled: boolean;
}

/** What is known about a candidate workspace name in a resource group. */
export type NameState = 'free' | 'taken' | 'soft-deleted' | 'unknown';

/** Everything one `plan` run read, beyond the workspaces themselves. */
export interface ObservedContext {
  workspaces: ObservedWorkspace[];
  /** CMK vault and key named by the policy, when any (by lower-cased id). */
  vaults: Record<string, ObservedVault | 'not-found'>;
  keys: Record<string, ObservedKey | 'not-found'>;
  /** Extra private-endpoint targets named by the policy (by lower-cased id). */
  peTargets: Record<string, ObservedResource | 'not-found'>;
  /** State of the candidate names for re-created workspaces, by lower-cased workspace ARM id. */
  names: Record<string, NameState>;
  /** Cosmos DB first-party principal of the cloud (CMK access check); undefined when unknown for the cloud. */
  cosmosDbPrincipalId: string | undefined;
  /**
   * Added by src/observe: fingerprints of the context resources read (CMK vault, key, vault role assignments, PE
   * targets), by lower-cased ARM id, like ObservedWorkspace.fingerprints.
   */
  fingerprints?: Record<string, Fingerprint>;
  /**
   * Added by src/observe: context reads that failed. A CMK vault/key or PE target that was forbidden is absent from
   * `vaults`/`keys`/`peTargets` and listed here; a candidate name whose state could not be read is 'unknown' and listed.
   */
  readProblems?: ReadProblem[];
  /**
   * Added by src/observe: the hubs of requested projects and the projects of requested hubs that were not requested
   * themselves (plan never targets a project: a project is remediated through its hub; hub-family.ts).
   */
  hubFamily?: HubFamily;
  /** Added by src/observe (issue 10); absent: only the workspaces' own privateEndpointConnections are known. */
  inbound?: ObservedInbound;
}

/** A private endpoint to a workspace, as read (issue 10: inbound access). */
export interface ObservedEndpoint {
  id: string;
  location: string;
  subnetId: string;
  /** Zones of its private DNS zone groups (ARM ids). */
  zoneIds: string[];
  /** What users resolve: FQDNs and private IPs (customDnsConfigs). */
  fqdns: { fqdn: string; ipAddresses: string[] }[];
}

export interface ObservedSubnet {
  id: string;
  vnetId: string;
  /** The virtual network's region (a private endpoint must be in it). */
  location: string;
  /** Service names the subnet is delegated to (a delegated subnet takes no private endpoint). */
  delegations: string[];
}

export interface ObservedDnsZone {
  id: string;
  name: string;
  /** Virtual networks linked to the zone (ARM ids). */
  linkedVnetIds: string[];
}

/** Added by src/observe: what inbound access needs beyond the workspaces. */
export interface ObservedInbound {
  /** The cloud's zone names (src/model/private-link-zones.ts); undefined: unknown for the cloud. */
  zoneNames?: { api: string; notebooks: string; verified: boolean } | undefined;
  /** By lower-cased workspace id: its private endpoints that could be read. */
  endpoints: Record<string, ObservedEndpoint[]>;
  /** By lower-cased subnet id: the policy's subnet and the subnets of the endpoints above. */
  subnets: Record<string, ObservedSubnet | 'not-found'>;
  /** By lower-cased zone id: the zones the plan may use. */
  zones: Record<string, ObservedDnsZone | 'not-found'>;
  /** By lower-cased storage account id (public access Disabled only): subnets of its private endpoints. */
  storageEndpointSubnets: Record<string, string[]>;
}

/** What was read around hubs and projects, by lower-cased workspace ARM id. */
export interface HubFamily {
  /** Hubs read because a requested project names them. */
  hubs: Record<string, ObservedWorkspace>;
  /** Projects read because a requested hub lists them (their computes count when the hub's change is blocked). */
  projects: Record<string, ObservedWorkspace>;
  /** Hubs or projects that could not be read: why, one line. */
  unread: Record<string, ReadProblem>;
}
