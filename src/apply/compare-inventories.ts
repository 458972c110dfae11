import type { ObservedContents } from '../plan/observed.js';
import { policySchema } from '../plan/policy-schema.js';
import { CONTENT_KINDS, type ContentKind } from '../plan/carry-over.js';
import { planCarryOver } from '../plan/carry-over-plan.js';
import { carryRequests, type CarryRequest } from '../plan/carry-over-requests.js';
import { holdsCopy } from './carried-content.js';

type Json = Record<string, unknown>;

/** Parity of one kind between a source workspace and its re-creation. */
export interface KindParity {
  kind: ContentKind;
  source: number;
  target: number;
  /** Source items present in the target and identical to what a copy sends (URIs rewritten). */
  copied: number;
  /** Source items a copy does not carry, with why. */
  skipped: { path: string; reason: string }[];
  /** One line per source item missing or different in the target, and per item only in the target. */
  differences: string[];
}

/** Every kind a carry-over can copy is compared. */
const COMPARE_POLICY = policySchema.parse({ carryOver: { computeInstances: 'copy', onlineEndpoints: 'copy', connections: 'copy', roleAssignments: 'copy' } });

/**
 * Compares two inventories as read (readContents), kind by kind. Credentials are not compared (a copy may be
 * identity-based by design, and secrets are never read here); role assignments match on role and principal. With
 * `endpointRule` (the plan's carryOver.endpointName, when the target shares the source's region) a source endpoint is
 * compared with the target endpoint the rule names.
 */
export function compareInventories(source: ObservedContents, target: ObservedContents, sourceId: string, targetId: string, endpointRule?: string): KindParity[] {
  const src = planCarryOver(source, COMPARE_POLICY, sourceId, targetId, false, endpointRule);
  const tgt = planCarryOver(target, COMPARE_POLICY, targetId, targetId, false);
  const ids = { sourceId, targetId, sourceGuid: source.workspaceGuid, targetGuid: target.workspaceGuid };
  const targetBodies = new Map(target.items.map((i) => [`${targetId}/${i.path}`.toLowerCase(), i.body]));
  return CONTENT_KINDS.map((kind) => {
    const s = src.groups.find((g) => g.kind === kind)!;
    const t = tgt.groups.find((g) => g.kind === kind)!;
    const differences: string[] = [];
    let copied = 0;
    const matched = new Set<string>();
    // A connection left out for its secrets may have been copied with them (the plan's opt-in): present counts as copied.
    const skipped = s.decision === 'copy'
      ? (s.skipped ?? []).filter((x) => {
          const there = targetBodies.get(`${targetId}/${x.path}`.toLowerCase());
          if (there) {
            copied++;
            matched.add(`${targetId}/${x.path}`.toLowerCase());
          }
          return !there;
        })
      : s.items.map((i) => ({ path: i.path, reason: s.reason }));
    for (const r of carryRequests(src, kind, ids)) {
      const actual = kind === 'roleAssignments' ? sameAssignment(target, r) : targetBodies.get(r.path.toLowerCase());
      const path = r.item.sourcePath ?? r.item.path;
      if (actual === undefined) differences.push(`${path}: missing in the target`);
      else if (!holdsCopy(actual, withoutCredentials(r))) differences.push(`${path}: differs in the target`);
      else copied++;
      if (actual) matched.add(String(actual.id ?? '').toLowerCase());
    }
    if (s.decision === 'copy' && kind !== 'traffic') {
      for (const item of t.items) {
        const id = `${targetId}/${item.sourcePath ?? item.path}`.toLowerCase();
        if (!matched.has(id)) differences.push(`${item.sourcePath ?? item.path}: only in the target`);
      }
    }
    return { kind, source: s.items.length + (s.skipped?.length ?? 0), target: t.items.length + (t.skipped?.length ?? 0), copied, skipped, differences };
  });
}

function withoutCredentials(r: CarryRequest): CarryRequest {
  const { credentials: _c, ...props } = (r.body.properties ?? {}) as Json;
  return { ...r, body: { ...r.body, properties: props } };
}

function sameAssignment(target: ObservedContents, r: CarryRequest): Json | undefined {
  const want = (r.body.properties ?? {}) as Json;
  const found = target.items.find((i) => {
    const p = (i.body.properties ?? {}) as Json;
    return i.path.startsWith('providers/') && String(p.roleDefinitionId).toLowerCase() === String(want.roleDefinitionId).toLowerCase() && p.principalId === want.principalId;
  });
  return found?.body;
}

/** Parity holds when no kind has a difference. */
export const hasParity = (kinds: readonly KindParity[]): boolean => kinds.every((k) => k.differences.length === 0);
