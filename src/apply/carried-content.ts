import pLimit from 'p-limit';
import type { ArmReader } from '../azure/arm-requester.js';
import { ArmError } from '../errors.js';
import { workspaceApiVersion } from '../model/api-versions.js';
import { workspaceId } from '../model/resource-id.js';
import type { PlanWorkspace } from '../plan/index.js';
import type { ContentKind } from '../plan/carry-over.js';
import { carryRequests, type CarryRequest, type RewriteIds } from '../plan/carry-over-requests.js';
import { matchesSubset } from './execute/arm-state.js';

type Json = Record<string, unknown>;

/** Lists in flight at once when reading a target's collections. */
const READ_CONCURRENCY = 16;

/** The ids a workspace's carry-over maps, with the target's GUID read now (null when the target does not exist). */
export async function rewriteIdsOf(ws: PlanWorkspace, arm: ArmReader): Promise<RewriteIds | null> {
  const t = ws.target!;
  const targetId = workspaceId(t.subscriptionId, t.resourceGroup, t.name);
  const target = await getOrNull(arm, targetId, workspaceApiVersion);
  if (target === null) return null;
  const targetGuid = (target.properties as Json | undefined)?.workspaceId;
  return { sourceId: ws.sourceId, targetId, sourceGuid: ws.carryOver?.sourceGuid, targetGuid: typeof targetGuid === 'string' ? targetGuid : undefined };
}

/**
 * What exists now under the parents of `requests`, by lower-cased ARM id: one list per parent collection (all pages),
 * not one GET per item, so checking thousands of versions costs a few hundred reads.
 */
export async function readTargetItems(arm: ArmReader, requests: readonly CarryRequest[]): Promise<Map<string, Json>> {
  const parents = new Map<string, string>();
  for (const r of requests) parents.set(r.path.slice(0, r.path.lastIndexOf('/')).toLowerCase(), r.apiVersion);
  const found = new Map<string, Json>();
  // Bounded: hundreds of lists at once only queue on the connection pool and the CPU (2.6x slower in bench/carry-over).
  const limit = pLimit(READ_CONCURRENCY);
  await Promise.all([...parents].map(([parent, apiVersion]) => limit(async () => {
    const query = /\/roleassignments$/.test(parent) ? '?$filter=atScope()' : '';
    for (const item of await listOrEmpty(arm, `${parent}${query}`, apiVersion)) {
      if (typeof item.id === 'string') found.set(item.id.toLowerCase(), item);
    }
  })));
  return found;
}

/** The item in the target holds everything the copy sends (secrets aside: the service never returns them). */
export function holdsCopy(actual: Json | undefined, request: CarryRequest): boolean {
  if (!actual) return false;
  const props = { ...((request.body.properties ?? {}) as Json) };
  if (props.credentials && typeof props.credentials === 'object') {
    const { secrets: _s, ...rest } = props.credentials as Json;
    props.credentials = rest;
  }
  if (request.kind === 'connections') delete props.credentials;
  const location = request.body.location;
  const sameLocation = typeof location !== 'string' || String(actual.location ?? '').toLowerCase().replace(/\s/g, '') === location.toLowerCase().replace(/\s/g, '');
  return sameLocation && matchesSubset(actual.properties, props);
}

/**
 * Problems of a re-created workspace's carried contents: one line per item the plan copies that is missing in the
 * target or differs from the recorded copy; empty = every copied item is present and identical now. Only reads.
 */
export async function carriedContentProblems(ws: PlanWorkspace, arm: ArmReader): Promise<string[]> {
  if (!ws.carryOver || !ws.target) return [];
  const ids = await rewriteIdsOf(ws, arm);
  if (ids === null) return [`the target workspace ${ws.target.name} does not exist`];
  const problems: string[] = [];
  for (const group of ws.carryOver.groups) {
    const requests = carryRequests(ws.carryOver, group.kind, ids);
    if (!requests.length) continue;
    const found = await readTargetItems(arm, requests);
    for (const r of requests) {
      const actual = found.get(r.path.toLowerCase());
      if (!actual) problems.push(`${group.kind}: ${r.item.path} is missing in the target`);
      else if (!holdsCopy(actual, r)) problems.push(`${group.kind}: ${r.item.path} differs from the copy the plan recorded`);
    }
  }
  return problems;
}

export async function listOrEmpty(arm: ArmReader, path: string, apiVersion: string): Promise<Json[]> {
  try {
    return await arm.listAll<Json>(path, apiVersion);
  } catch (error) {
    if (error instanceof ArmError && error.statusCode === 404) return [];
    throw error;
  }
}

async function getOrNull(arm: ArmReader, id: string, apiVersion: string): Promise<Json | null> {
  try {
    return (await arm.get<Json>(id, apiVersion)).body;
  } catch (error) {
    if (error instanceof ArmError && error.statusCode === 404) return null;
    throw error;
  }
}

export type { ContentKind };
