import { canonicalJson, sha256Hex } from './canonical-json.js';
import type { CarriedAuth, ContentKind } from './carry-over.js';

type Json = Record<string, unknown>;

/**
 * The body a copy PUTs, from the source item as read: only what a client may set (read-only and service-managed
 * fields removed, traffic left to its own step), never a secret. Pure.
 */
export function copyBodyOf(kind: ContentKind, raw: Json): { body: Json; auth?: CarriedAuth } {
  const props = { ...((raw.properties ?? {}) as Json) };
  const top: Json = {};
  for (const k of ['location', 'kind', 'sku', 'tags']) if (raw[k] !== undefined) top[k] = raw[k];
  const identity = identityOf(raw.identity);
  if (identity) top.identity = identity;
  for (const k of ['provisioningState', 'latestVersion', 'nextVersion', 'environmentType', 'isDefault', 'createdOn', 'modifiedOn', 'createdBy', 'isAttachedCompute', 'provisioningErrors', 'scoringUri', 'swaggerUri', 'expiryTime', 'createdByWorkspaceArmId']) delete props[k];
  switch (kind) {
    case 'datastores': {
      const credentials = (props.credentials ?? {}) as Json;
      delete props.credentials;
      const type = typeof credentials.credentialsType === 'string' ? credentials.credentialsType : 'None';
      if (type === 'None') return { body: { properties: props } };
      const { credentialsType: _t, secrets: _s, ...settings } = credentials;
      return { body: { properties: props }, auth: { type, mode: 'identity', ...(Object.keys(settings).length ? { settings } : {}) } };
    }
    case 'connections': {
      delete props.credentials;
      const type = typeof props.authType === 'string' ? props.authType : 'None';
      return { body: { ...top, properties: props }, ...(NO_SECRET_AUTH.has(type) ? {} : { auth: { type, mode: 'identity' as const } }) };
    }
    case 'computeClusters':
    case 'computeInstances': {
      const inner = { ...((props.properties ?? {}) as Json) };
      for (const k of COMPUTE_STATE) delete inner[k];
      return { body: { ...top, properties: { ...props, properties: inner } } };
    }
    case 'onlineEndpoints':
      delete props.mirrorTraffic;
      return { body: { ...top, properties: { ...props, traffic: {} } } };
    case 'traffic':
      return { body: { ...top, properties: { ...props } } };
    case 'roleAssignments': {
      const keep: Json = {};
      for (const k of ['roleDefinitionId', 'principalId', 'principalType', 'description', 'condition', 'conditionVersion']) if (props[k] !== undefined && props[k] !== null) keep[k] = props[k];
      return { body: { properties: keep } };
    }
    default:
      return { body: { ...top, properties: props } };
  }
}

const NO_SECRET_AUTH = new Set(['None', 'AAD', 'ManagedIdentity']);

/** Compute fields the service sets (state, nodes, endpoints), never sent on create. */
const COMPUTE_STATE = ['state', 'allocationState', 'allocationStateTransitionTime', 'currentNodeCount', 'targetNodeCount', 'nodeStateCounts', 'connectivityEndpoints', 'lastOperation', 'osImageMetadata', 'errors', 'applications', 'createdBy', 'dataMounts', 'versions', 'schedules', 'lastOperation'];

/** Only the type and the user-assigned identity ids: principal and tenant ids are the service's. */
function identityOf(identity: unknown): Json | undefined {
  if (!identity || typeof identity !== 'object') return undefined;
  const i = identity as Json;
  if (typeof i.type !== 'string') return undefined;
  const uai = i.userAssignedIdentities as Json | undefined;
  return uai ? { type: i.type, userAssignedIdentities: Object.fromEntries(Object.keys(uai).map((k) => [k, {}])) } : { type: i.type };
}

/** The fingerprint of a copy body (canonical JSON, sha256): equal when nothing a copy carries has changed. */
export function fingerprintBody(body: Json): string {
  return sha256Hex(canonicalJson(body));
}

/**
 * A role assignment's name in the target: a GUID derived from the target workspace and the source assignment, so a
 * resumed copy finds the one it made instead of adding a second (role assignment names are GUIDs, not chosen names).
 */
export function derivedAssignmentName(targetId: string, sourceName: string): string {
  const h = sha256Hex(`${targetId.toLowerCase()}|${sourceName.toLowerCase()}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
