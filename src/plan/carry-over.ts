/**
 * Carry-over of a re-created workspace's contents: what the plan records of the source's inventory and what `apply`
 * copies from it. Plain data, stored in the plan (PlanWorkspace.carryOver); never holds a secret.
 */

/** Kinds of contents, in the order they are copied (a kind only refers to kinds before it). */
export const CONTENT_KINDS = [
  'datastores', 'environments', 'data', 'models', 'computeClusters', 'computeInstances',
  'onlineEndpoints', 'deployments', 'traffic', 'connections', 'roleAssignments', 'schedules', 'other',
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** What the policy does with a kind: copy it, list it in the plan and report only, or leave it out of both. */
export type CarryDecision = 'copy' | 'list' | 'skip';

/** The policy keys (carryOver.<key>); deployments and the traffic split follow onlineEndpoints. */
export const CARRY_POLICY_KEYS = ['datastores', 'environments', 'data', 'models', 'computeClusters', 'computeInstances', 'onlineEndpoints', 'connections', 'roleAssignments', 'schedules'] as const;
export type CarryPolicyKey = (typeof CARRY_POLICY_KEYS)[number];

/** Kinds this version can copy; the others are listed at most. */
export const COPYABLE: ReadonlySet<ContentKind> = new Set(['datastores', 'environments', 'data', 'models', 'computeClusters', 'computeInstances', 'onlineEndpoints', 'deployments', 'traffic', 'connections', 'roleAssignments']);

/** How a credential-bearing datastore or connection is re-created. */
export interface CarriedAuth {
  /** The source's credentialsType / authType (AccountKey, Sas, ServicePrincipal, PAT …). */
  type: string;
  /** identity: re-created identity-based (no secret); secrets: its secrets are read with listSecrets at execution. */
  mode: 'identity' | 'secrets';
  /** Non-secret fields of the source's credentials (clientId, tenantId, authorityUrl …), kept for the secrets mode. */
  settings?: Record<string, unknown>;
}

export interface CarriedItem {
  /** Path relative to the workspace: `models/{name}/versions/{v}`, `computes/{name}`, `providers/Microsoft.Authorization/roleAssignments/{guid}`. */
  path: string;
  /**
   * For role assignments, the source's path (the copy gets a new, derived GUID); for renamed endpoints, deployments and
   * traffic, the source's path (`path` holds the new endpoint name); otherwise absent (same as path).
   */
  sourcePath?: string;
  /** The body a copy PUTs before URIs are rewritten (read-only fields and secrets removed). {} for list-only kinds. */
  body: Record<string, unknown>;
  /** sha256 of the canonical JSON of body at plan time: a changed source item is refused, not copied. */
  fingerprint: string;
  auth?: CarriedAuth;
}

export interface CarryGroup {
  kind: ContentKind;
  decision: CarryDecision;
  /** Display-only: why this decision (policy key, or why this version cannot copy the kind). */
  reason: string;
  /** In copy order: containers before their versions. */
  items: CarriedItem[];
  /** Items of a copied kind that are not copied, with why (e.g. a connection whose secrets may not be copied). */
  skipped?: { path: string; reason: string }[];
}

export interface CarryOver {
  /** properties.workspaceId (GUID) of the source: URIs carrying it are rewritten to the target's at execution. */
  sourceGuid?: string;
  /**
   * carryOver.endpointName when copied endpoints are renamed (target in the source's region, source kept): each
   * endpoint item's path is `onlineEndpoints/<rule applied to sourcePath's name>` (the request guard re-derives it).
   */
  endpointNameRule?: string;
  /** Every kind read, in CONTENT_KINDS order (empty kinds included, so compare can show 0 / 0). */
  groups: CarryGroup[];
  /** Human lines: what is not carried and why (also in PlanWorkspace.notCarriedOver). */
  notCarried: string[];
  /** Human lines: what a copy changes (identity-based datastores, new scoring URIs …). */
  warnings: string[];
}

/** The ARM collection a kind's step is named after (`<target>/<segment>`). */
export function segmentOf(kind: ContentKind): string {
  switch (kind) {
    case 'computeClusters':
    case 'computeInstances':
      return 'computes';
    case 'deployments':
    case 'traffic':
      return 'onlineEndpoints';
    case 'roleAssignments':
      return 'providers/Microsoft.Authorization/roleAssignments';
    default:
      return kind;
  }
}
