import type { ObservedContents } from './observed.js';
import type { Policy } from './policy-schema.js';
import { CONTENT_KINDS, COPYABLE, type CarriedItem, type CarryDecision, type CarryGroup, type CarryOver, type ContentKind } from './carry-over.js';
import { copyBodyOf, derivedAssignmentName, fingerprintBody } from './carry-over-bodies.js';
import { deriveEndpointName, renameEndpointPath } from './endpoint-names.js';

type Json = Record<string, unknown>;

/**
 * The carry-over of one re-created workspace: every item read, sorted into kinds, each kind copied, listed or skipped
 * by the policy, with what is not carried and why. With `endpointRule` (carryOver.endpointName, given when the target
 * shares the source's region), copied endpoints, their deployments and traffic get the name the rule derives, the
 * source's path kept as sourcePath. Pure.
 */
export function planCarryOver(contents: ObservedContents, policy: Policy, sourceId: string, targetId: string, sameName: boolean, endpointRule?: string): CarryOver {
  const targetName = targetId.split('/').pop()!;
  const renamed = (path: string) => renameEndpointPath(path, (n) => deriveEndpointName(n, endpointRule!, targetName));
  const byKind = new Map<ContentKind, { path: string; raw: Json }[]>(CONTENT_KINDS.map((k) => [k, []]));
  for (const item of contents.items) {
    const kind = kindOf(item.path, item.body);
    byKind.get(kind)!.push({ path: item.path, raw: item.body });
    const traffic = kind === 'onlineEndpoints' ? ((item.body.properties ?? {}) as Json).traffic : undefined;
    if (traffic && Object.keys(traffic as Json).length) byKind.get('traffic')!.push({ path: item.path, raw: item.body });
  }
  const warnings: string[] = [];
  const notCarried: string[] = [];
  const copySecrets = policy.carryOver.copySecrets && !sameName;
  const groups = CONTENT_KINDS.map((kind): CarryGroup => {
    const { decision, reason } = decisionOf(kind, policy);
    const raws = byKind.get(kind)!.sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : 1));
    const items: CarriedItem[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const { path, raw } of raws) {
      if (decision !== 'copy') {
        items.push({ path, body: {}, fingerprint: fingerprintBody(copyBodyOf(kind, raw).body) });
        continue;
      }
      const { body, auth } = copyBodyOf(kind, raw);
      const item: CarriedItem = { path, body, fingerprint: fingerprintBody(body) };
      if (kind === 'roleAssignments') {
        item.sourcePath = path;
        item.path = `providers/Microsoft.Authorization/roleAssignments/${derivedAssignmentName(targetId, path.split('/').pop()!)}`;
      } else if (endpointRule !== undefined && ENDPOINT_KINDS.has(kind)) {
        item.sourcePath = path;
        item.path = renamed(path);
        if (kind === 'onlineEndpoints') warnings.push(`online endpoint ${path.split('/').pop()} is copied as ${item.path.split('/').pop()}: endpoint names are unique per region and the source's still exists (carryOver.endpointName: ${endpointRule})`);
      }
      if (auth) {
        if (copySecrets) item.auth = { ...auth, mode: 'secrets' };
        else if (kind === 'connections') {
          skipped.push({ path, reason: `its ${auth.type} credentials are not copied without carryOver.copySecrets${sameName ? ' (impossible when the source is purged first)' : ''}; create it again in the target` });
          continue;
        } else {
          item.auth = auth;
          warnings.push(`datastore ${path.split('/').pop()} used ${auth.type} credentials: it is re-created identity-based, so the target workspace's managed identity (and each user) needs a data role (e.g. Storage Blob Data Reader) on its storage`);
        }
      }
      items.push(item);
    }
    if (skipped.length) notCarried.push(...skipped.map((s) => `${kind} ${s.path.split('/').pop()}: ${s.reason}`));
    if (decision !== 'copy' && raws.length) notCarried.push(`${kind} (${raws.length}): ${reason}`);
    return { kind, decision, reason, items, ...(skipped.length ? { skipped } : {}) };
  });
  if (byKind.get('computeInstances')!.length && decisionOf('computeInstances', policy).decision === 'copy') {
    notCarried.push('files on compute instances\' local disks are not carried: only the instance (same user, size and settings) is re-created');
  }
  if (byKind.get('onlineEndpoints')!.length && decisionOf('onlineEndpoints', policy).decision === 'copy') {
    warnings.push('copied online endpoints get new scoring URIs: callers must switch (apply prints old → new)');
  }
  notCarried.push('jobs and run history stay with the source workspace');
  for (const problem of contents.unreadable) notCarried.push(`could not be read, so not carried: ${problem}`);
  const renames = endpointRule !== undefined && groups.some((g) => g.kind === 'onlineEndpoints' && g.decision === 'copy' && g.items.length);
  return { ...(contents.workspaceGuid ? { sourceGuid: contents.workspaceGuid } : {}), ...(renames ? { endpointNameRule: endpointRule } : {}), groups, notCarried, warnings };
}

function decisionOf(kind: ContentKind, policy: Policy): { decision: CarryDecision; reason: string } {
  if (kind === 'other') return { decision: 'list', reason: 'this version does not know these kinds: listed, not copied' };
  const key = kind === 'deployments' || kind === 'traffic' ? 'onlineEndpoints' : kind;
  const decision = policy.carryOver[key];
  if (decision === 'copy' && !COPYABLE.has(kind)) return { decision: 'list', reason: `this version cannot copy ${kind}: listed only` };
  return { decision, reason: decision === 'copy' ? `carryOver.${key}: copy` : `carryOver.${key}: ${decision} (not copied)` };
}

function kindOf(path: string, body: Json): ContentKind {
  const parts = path.split('/');
  const head = parts[0]!;
  if (head === 'computes') {
    const type = ((body.properties ?? {}) as Json).computeType;
    return type === 'AmlCompute' ? 'computeClusters' : type === 'ComputeInstance' ? 'computeInstances' : 'other';
  }
  if (head === 'onlineEndpoints') return parts.length > 2 ? 'deployments' : 'onlineEndpoints';
  if (head === 'providers') return 'roleAssignments';
  return (['datastores', 'environments', 'data', 'models', 'connections', 'schedules'] as const).find((k) => k === head) ?? 'other';
}

const depth = (path: string) => path.split('/').length;

/** Kinds that live under an online endpoint's path, so follow its name. */
const ENDPOINT_KINDS: ReadonlySet<ContentKind> = new Set(['onlineEndpoints', 'deployments', 'traffic']);
