import pLimit from 'p-limit';
import { runArmOperation } from '../../azure/arm-lro.js';
import type { PlanStep } from '../../plan/index.js';
import type { CarriedItem, ContentKind } from '../../plan/carry-over.js';
import { copyBodyOf, fingerprintBody } from '../../plan/carry-over-bodies.js';
import { carryRequests, type CarryRequest } from '../../plan/carry-over-requests.js';
import { holdsCopy, listOrEmpty, readTargetItems, rewriteIdsOf } from '../carried-content.js';
import type { StepContext, StepHandler } from './step-context.js';
import { StepRefusedError } from './step-errors.js';
import { explainEndpointRefusal } from './endpoint-copy-error.js';
import { redactSecrets } from '../../observe/redact.js';

type Json = Record<string, unknown>;

/** Writes in flight at once: enough to keep ARM's write bucket busy, few enough to stay within it (429s wait). */
export const CARRY_CONCURRENCY = 16;

/** What isAlreadyDone read of the target, for run of the same attempt (one StepContext per attempt). */
const targetRead = new WeakMap<StepContext, Map<string, Json>>();

/**
 * One kind of contents carried into the target: each item of the plan's inventory is PUT at `<target>/<path>` with
 * URIs rewritten, unless already there and identical (so a resume after a crash sends no duplicate). Before any write
 * each source item still there is checked against its plan-time fingerprint. A version present but different is a
 * conflict (versions are immutable): the step fails naming them. Secrets (opt-in) are read with listSecrets now and
 * exist only in the request body in memory: never in the plan, journal, events or errors.
 */
export const copyContents: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const requests = await requestsOf(step, ctx);
    if (requests === null) return { done: false, before: [] };
    const found = await readTargetItems(ctx.arm, requests);
    targetRead.set(ctx, found);
    const present = requests.filter((r) => holdsCopy(found.get(r.path.toLowerCase()), r)).map((r) => r.item.path);
    return { done: present.length === requests.length, before: present };
  },
  async run(step, ctx) {
    const kind = kindOf(step);
    const requests = (await requestsOf(step, ctx, (item) => secretsOf(kind, item, ctx)))!;
    // The target as isAlreadyDone just read it (nothing writes to it in between: preconditions only read), and the
    // source check in parallel with it: every read before the first write is time the write budget cannot use.
    const [found] = await Promise.all([targetRead.get(ctx) ?? readTargetItems(ctx.arm, requests), refuseChangedSource(kind, requests, ctx)]);
    const conflicts = requests.filter((r) => found.has(r.path.toLowerCase()) && !holdsCopy(found.get(r.path.toLowerCase()), r) && /\/versions\/[^/]+$/.test(r.path));
    if (conflicts.length) {
      throw new StepRefusedError('VersionConflict', `${conflicts.length} ${kind} version(s) already exist in the target with other contents (versions are immutable): ${conflicts.slice(0, 5).map((r) => r.item.path).join(', ')}${conflicts.length > 5 ? ', …' : ''}. Delete them from the target, or archive and re-register them under a new version, then apply again.`);
    }
    let done = 0;
    const total = requests.length;
    const limit = pLimit(CARRY_CONCURRENCY);
    // Parents before children (containers before their versions): one depth at a time.
    for (const batch of byDepth(requests)) {
      await Promise.all(batch.map((r) => limit(async () => {
        if (!holdsCopy(found.get(r.path.toLowerCase()), r)) {
          try {
            await runArmOperation(ctx.arm, 'PUT', r.path, r.apiVersion, r.body, { pollSchedule: ctx.pollSchedule });
          } catch (error) {
            throw kind === 'onlineEndpoints' ? explainEndpointRefusal(error, r.path) : error;
          }
        }
        ctx.onPoll(`${kind} ${++done}/${total}`);
      })));
    }
  },
  undoRecord: (_step, before) => ({ kind: 'delete-copies', keep: Array.isArray(before) ? (before as string[]) : [] }),
  undoAfterCrash: () => ({ kind: 'delete-copies', keep: [] }),
};

export function kindOf(step: PlanStep): ContentKind {
  return (step.request.body as { carryOver: ContentKind }).carryOver;
}

async function requestsOf(step: PlanStep, ctx: StepContext, secrets?: (item: CarriedItem) => Promise<Json | undefined>): Promise<CarryRequest[] | null> {
  const ids = await rewriteIdsOf(ctx.workspace, ctx.arm);
  if (ids === null) return null;
  const kind = kindOf(step);
  const plain = carryRequests(ctx.workspace.carryOver, kind, ids);
  if (!secrets) return plain;
  const read = new Map<CarriedItem, Json | undefined>();
  for (const r of plain) if (r.item.auth?.mode === 'secrets') read.set(r.item, await secrets(r.item));
  return carryRequests(ctx.workspace.carryOver, kind, ids, (item) => read.get(item));
}

/** listSecrets / listsecrets on the source, at execution only (a POST: the executor's, never observe's). */
async function secretsOf(kind: ContentKind, item: CarriedItem, ctx: StepContext): Promise<Json | undefined> {
  const path = `${ctx.workspace.sourceId}/${item.path}/${kind === 'datastores' ? 'listSecrets' : 'listsecrets'}`;
  const answer = (await ctx.arm.post<Json>(path, copyApiVersion)).body ?? {};
  if (kind === 'datastores') return answer;
  return ((answer.properties ?? {}) as Json).credentials as Json | undefined;
}

const copyApiVersion = '2025-06-01';

/** Source items still there must look as they did at plan time; a same-name re-creation copies from the plan alone. */
async function refuseChangedSource(kind: ContentKind, requests: readonly CarryRequest[], ctx: StepContext): Promise<void> {
  const ws = ctx.workspace;
  if (ws.strategy === 'recreate-same-name' || !requests.length) return;
  const sourcePaths = requests.map((r) => `${ws.sourceId}/${r.item.sourcePath ?? r.item.path}`);
  const parents = [...new Set(sourcePaths.map((p) => p.slice(0, p.lastIndexOf('/'))))];
  const found = new Map<string, Json>();
  const limit = pLimit(CARRY_CONCURRENCY);
  await Promise.all(parents.map((parent) => limit(async () => {
    const query = /\/roleAssignments$/i.test(parent) ? '?$filter=atScope()' : '';
    for (const item of await listOrEmpty(ctx.arm, `${parent}${query}`, requests[0]!.apiVersion)) if (typeof item.id === 'string') found.set(item.id.toLowerCase(), item);
  })));
  const changed = requests.filter((r, i) => {
    const now = found.get(sourcePaths[i]!.toLowerCase());
    return now !== undefined && fingerprintBody(copyBodyOf(kind, redactSecrets(now)).body) !== r.item.fingerprint;
  });
  if (changed.length) {
    throw new StepRefusedError('SourceChanged', `${changed.length} ${kind} item(s) changed in the source since the plan was made: ${changed.slice(0, 5).map((r) => r.item.sourcePath ?? r.item.path).join(', ')}. Run plan again.`);
  }
}

function byDepth(requests: readonly CarryRequest[]): CarryRequest[][] {
  const depths = new Map<number, CarryRequest[]>();
  for (const r of requests) {
    const d = r.path.split('/').length;
    depths.set(d, [...(depths.get(d) ?? []), r]);
  }
  return [...depths.keys()].sort((a, b) => a - b).map((d) => depths.get(d)!);
}
