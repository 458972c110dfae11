import { createHash } from 'node:crypto';
import { isLockTag } from '../model/lock-tag.js';
import type { Fingerprint } from '../plan/observed.js';
import { redactSecrets } from './redact.js';

/**
 * Fingerprints of what `plan` read, so that `apply` can refuse a stale plan and say what changed.
 *
 * value: the resource's etag when the service sends one (ETag header or body `etag`), else sha256 over the normalised
 * JSON. `normalised` is always kept, so a later diff can explain a changed fingerprint in either case.
 *
 * Normalisation: secrets removed (redact.ts), `undefined` dropped, object keys sorted recursively (arrays keep their
 * order: ARM arrays are ordered), and the volatile fields below removed. A field is volatile only when the service
 * changes it without any user action; anything a user can set, and any state that tells an operation is in flight
 * (provisioningState, managedNetwork.status, outbound rule status), is kept, so a real change is never hidden.
 */
export const volatileFields: readonly { type: string; path: string }[] = [
  // Service bookkeeping, changed by the service on its own writes too.
  { type: '*', path: 'systemData' },
  { type: '*', path: 'etag' },
  // Compute clusters scale and compute instances stop on idle schedules without a user touching them.
  ...['allocationState', 'allocationStateTransitionTime', 'currentNodeCount', 'targetNodeCount', 'nodeStateCounts', 'state', 'lastOperation', 'connectivityEndpoints', 'osImageMetadata'].map(
    (f) => ({ type: 'microsoft.machinelearningservices/workspaces/computes', path: `properties.properties.${f}` }),
  ),
  { type: 'microsoft.machinelearningservices/workspaces/computes', path: 'properties.modifiedOn' },
  // Storage replication status and key rotation time move with no configuration change.
  ...['lastGeoFailoverTime', 'geoReplicationStats', 'statusOfPrimary', 'statusOfSecondary', 'keyCreationTime'].map((f) => ({
    type: 'microsoft.storage/storageaccounts',
    path: `properties.${f}`,
  })),
];

/** The normalised form of one resource body (see the module comment). `type` defaults to body.type. */
export function normaliseResource(body: unknown, type?: string): unknown {
  const resourceType = (type ?? typeOf(body) ?? '').toLowerCase();
  const copy = sortKeys(redactSecrets(body));
  for (const field of volatileFields) {
    if (field.type === '*' || field.type === resourceType) removePath(copy, field.path.split('.'));
  }
  if (resourceType === 'microsoft.machinelearningservices/workspaces') removeLockTag(copy);
  return copy;
}

/** Fingerprint of one resource as read: etag when present, else sha256 of the normalised body. */
export function fingerprintResource(id: string, body: unknown, etag?: string): Fingerprint {
  const normalised = normaliseResource(body);
  const tag = etag ?? (typeof (body as { etag?: unknown } | undefined)?.etag === 'string' ? (body as { etag: string }).etag : undefined);
  if (tag) return { id, kind: 'etag', value: tag, normalised };
  return { id, kind: 'sha256', value: sha256(normalised), normalised };
}

/**
 * Fingerprint of a list (computes, datastores, outbound rules …): sha256 over the normalised items keyed by name, so
 * an item added or removed changes it and a diff names the item. `id` is the list's path (e.g. `<workspace>/computes`).
 */
export function fingerprintCollection(id: string, items: readonly { name: string; body: unknown }[]): Fingerprint {
  const byName: Record<string, unknown> = {};
  for (const item of items) byName[item.name] = normaliseResource(item.body);
  const normalised = sortKeys(byName);
  return { id, kind: 'sha256', value: sha256(normalised), normalised };
}

/** Same fingerprint: same kind and value (the etag or the hash). */
export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.kind === b.kind && a.value === b.value;
}

/**
 * What changed between two normalised values, one human line per changed leaf, sorted by path:
 * `properties.publicNetworkAccess: Disabled -> Enabled`, `computes.ci-bob: (absent) -> {…}`.
 * Arrays of scalars are compared whole; arrays holding objects element by element (`accessPolicies[0].objectId`).
 */
export function diffNormalised(before: unknown, after: unknown): string[] {
  const lines: string[] = [];
  diff(before, after, '', lines);
  return lines;
}

function diff(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diff(a[k], b[k], join(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].some((x) => x !== null && typeof x === 'object')) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (stableJson(a) !== stableJson(b)) out.push(`${path || '(root)'}: ${show(a)} -> ${show(b)}`);
}

function join(path: string, key: string): string {
  const safe = /^[^.[\]"\s]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!path) return safe;
  return safe.startsWith('[') ? `${path}${safe}` : `${path}.${safe}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (typeof value === 'string') return value;
  const text = stableJson(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sha256(normalised: unknown): string {
  return createHash('sha256').update(stableJson(normalised)).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    if (value[k] !== undefined) out[k] = sortKeys(value[k]);
  }
  return out;
}

/**
 * A workspace's lock tag (model/lock-tag.ts) is written by apply itself, from another machine too: never a change. An
 * empty tag map is the same as none (the service may answer either once the last tag is removed), so both go.
 */
function removeLockTag(value: unknown): void {
  if (!isPlainObject(value) || !isPlainObject(value.tags)) return;
  for (const name of Object.keys(value.tags)) if (isLockTag(name)) delete value.tags[name];
  if (Object.keys(value.tags).length === 0) delete value.tags;
}

function removePath(value: unknown, path: string[]): void {
  if (!isPlainObject(value) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  const keys = head === '*' ? Object.keys(value) : Object.keys(value).filter((k) => k.toLowerCase() === head.toLowerCase());
  for (const k of keys) {
    if (rest.length === 0) delete value[k];
    else removePath(value[k], rest);
  }
}

function typeOf(body: unknown): string | undefined {
  return isPlainObject(body) && typeof body.type === 'string' ? body.type : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
