import { apiVersions } from '../model/api-versions.js';
import type { CarriedItem, CarryGroup, CarryOver, ContentKind } from './carry-over.js';

type Json = Record<string, unknown>;

/** The ids a rewrite maps: the source workspace to the target (GUIDs only once the target exists). */
export interface RewriteIds {
  sourceId: string;
  targetId: string;
  sourceGuid?: string | undefined;
  targetGuid?: string | undefined;
}

/**
 * Every string naming the source workspace is rewritten to the target: ARM ids under the source
 * (`…/workspaces/<source>/models/m/versions/1`), long-form asset URIs (`azureml://subscriptions/…/workspaces/<source>/…`)
 * and the GUID forms (`azureml://locations/<region>/workspaces/<guid>/…`). Relative URIs (`azureml://datastores/…`,
 * `azureml:name:version`) name no workspace and stay. Pure.
 */
export function rewriteUris<T>(value: T, ids: RewriteIds): T {
  if (typeof value === 'string') return rewriteString(value, ids) as T;
  if (Array.isArray(value)) return value.map((v) => rewriteUris(v, ids)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, rewriteUris(v, ids)])) as T;
}

function rewriteString(s: string, ids: RewriteIds): string {
  const lower = s.toLowerCase();
  if (lower === ids.sourceId.toLowerCase() || lower.startsWith(`${ids.sourceId.toLowerCase()}/`)) return ids.targetId + s.slice(ids.sourceId.length);
  if (!lower.startsWith('azureml://')) return s;
  const [, , sSub, , sRg, , , , sName] = ids.sourceId.split('/');
  const [, , tSub, , tRg, , , , tName] = ids.targetId.split('/');
  const long = new RegExp(`^azureml://subscriptions/${esc(sSub!)}/resourcegroups/${esc(sRg!)}/(?:providers/microsoft\\.machinelearningservices/)?workspaces/${esc(sName!)}/`, 'i');
  const m = long.exec(s);
  if (m) return `azureml://subscriptions/${tSub}/resourcegroups/${tRg}/workspaces/${tName}/${s.slice(m[0].length)}`;
  if (ids.sourceGuid && ids.targetGuid) {
    const guid = new RegExp(`/workspaces/${esc(ids.sourceGuid)}/`, 'i');
    if (guid.test(s)) return s.replace(guid, `/workspaces/${ids.targetGuid}/`);
  }
  return s;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One write of a carry-over step, derived from the plan's recorded inventory only. */
export interface CarryRequest {
  kind: ContentKind;
  item: CarriedItem;
  /** `<target>/<item.path>` */
  path: string;
  apiVersion: string;
  /** The recorded body with URIs rewritten (and, for a credential-bearing item, its credentials: see withAuth). */
  body: Json;
}

export function apiVersionOf(kind: ContentKind): string {
  return kind === 'roleAssignments' ? apiVersions.roleAssignments : apiVersions.machineLearning;
}

/** The group of `kind` in the carry-over, when it is copied. */
export function copyGroup(carry: CarryOver | undefined, kind: ContentKind): CarryGroup | undefined {
  const g = carry?.groups.find((x) => x.kind === kind);
  return g?.decision === 'copy' ? g : undefined;
}

/**
 * The writes a carry-over step of `kind` sends, in order, from the plan alone. `secrets` supplies an item's secrets at
 * execution (read with listSecrets); without it (plan, guard, compare) the credentials hold a placeholder.
 */
export function carryRequests(carry: CarryOver | undefined, kind: ContentKind, ids: RewriteIds, secrets?: (item: CarriedItem) => Json | undefined): CarryRequest[] {
  const group = copyGroup(carry, kind);
  if (!group) return [];
  return group.items.map((item) => ({
    kind, item, path: `${ids.targetId}/${item.path}`, apiVersion: apiVersionOf(kind),
    body: withAuth(kind, rewriteUris(item.body, ids), item, secrets?.(item)),
  }));
}

/**
 * Credentials of the copy: identity-based ones (credentialsType None) by default; with the secrets opt-in, the
 * source's type, its non-secret settings and the secrets read at execution. A secret never comes from the plan.
 */
export function withAuth(kind: ContentKind, body: Json, item: CarriedItem, secrets: Json | undefined): Json {
  if (!item.auth && kind !== 'datastores') return body;
  const props = { ...((body.properties ?? {}) as Json) };
  if (kind === 'datastores') {
    props.credentials = item.auth?.mode === 'secrets' ? { credentialsType: item.auth.type, ...(item.auth.settings ?? {}), secrets: secrets ?? {} } : { credentialsType: 'None' };
  } else if (kind === 'connections' && item.auth?.mode === 'secrets') {
    props.credentials = secrets ?? {};
  }
  return { ...body, properties: props };
}
