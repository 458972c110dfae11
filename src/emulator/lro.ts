import type { EmulatorContext } from './context.js';
import { ArmHttpError, type EmuRequest, type EmuResponse } from './http-types.js';
import { lroKindOf } from './lro-durations.js';
import { completeOperation, markOperationStarted } from './operation-effects.js';
import type { Operation, OperationEffect, PollStyle } from './state.js';

/** Finished operations are kept this long so late pollers still get their answer, then dropped from state. */
const KEEP_FINISHED_MS = 3600_000;

/**
 * Starts a long-running operation the way the real service answers (FACTS: Long-running operations, recordings/):
 * 202, no body, `Azure-AsyncOperation` (…&type=async) and `Location` (…&type=location) on workspaceOperationsStatus.
 * The effect is applied only when the operation completes (see settleDueOperations).
 */
export function startOperation(
  req: EmuRequest,
  ctx: EmulatorContext,
  init: {
    subscriptionId: string;
    location: string;
    effect: OperationEffect;
    /** Network and Private DNS operations hand out their own provider's polling URLs. */
    poll?: PollStyle;
    resourceGroup?: string;
    /** Network RP PUTs answer 201 with the resource (provisioningState Updating) and Azure-AsyncOperation only. */
    accepted?: { status: number; body: unknown };
  },
): EmuResponse {
  const durationMs = ctx.config.lroDurations[lroKindOf(init.effect)];
  const op: Operation = {
    id: ctx.newId(),
    subscriptionId: init.subscriptionId,
    location: init.location.toLowerCase().replace(/\s+/g, ''),
    dueAt: ctx.now() + durationMs,
    status: 'InProgress',
    effect: init.effect,
    ...(init.poll ? { poll: init.poll } : {}),
    ...(init.resourceGroup ? { resourceGroup: init.resourceGroup } : {}),
    ...(req.lroFailure ? { failure: req.lroFailure } : {}),
  };
  ctx.store.state.operations[op.id] = op;
  markOperationStarted(ctx, op);
  ctx.store.touch();
  if (durationMs <= 0) settleDueOperations(ctx);
  const headers = pollHeaders(req, ctx, op);
  if (init.accepted) {
    const { Location: _location, ...asyncOnly } = headers;
    return { status: init.accepted.status, body: init.accepted.body, headers: asyncOnly };
  }
  return { status: 202, headers };
}

/** Completes every operation whose time has come. Called before each request, so the clock alone drives progress. */
export function settleDueOperations(ctx: EmulatorContext): void {
  const now = ctx.now();
  for (const op of Object.values(ctx.store.state.operations)) {
    if (op.status === 'InProgress' && op.dueAt <= now) {
      completeOperation(ctx, op);
      ctx.store.touch();
    } else if (op.status !== 'InProgress' && now - op.dueAt > KEEP_FINISHED_MS) {
      delete ctx.store.state.operations[op.id];
      ctx.store.touch();
    }
  }
}

/** GET …/locations/{loc}/workspaceOperationsStatus/{id}: `type=location` answers like a Location URL, else async. */
export function pollOperation(req: EmuRequest, ctx: EmulatorContext, operationId: string, as?: 'async' | 'location'): EmuResponse {
  const op = ctx.store.state.operations[operationId];
  if (!op) throw new ArmHttpError(404, 'NotFound', `Operation '${operationId}' was not found.`);
  const retry = retryAfter(ctx, op);
  if ((as ?? (req.query.get('type')?.toLowerCase() === 'location' ? 'location' : 'async')) === 'location') {
    if (op.status === 'InProgress') return { status: 202, headers: { ...pollHeaders(req, ctx, op), ...retry } };
    if (op.status === 'Failed') throw new ArmHttpError(400, op.failure?.code ?? 'OperationFailed', op.failure?.message ?? 'The operation failed.');
    return op.result ?? { status: 204 };
  }
  if (op.status === 'InProgress') return { status: 200, body: { status: 'InProgress' }, headers: retry };
  if (op.status === 'Failed') {
    return { status: 200, body: { status: 'Failed', error: { code: op.failure?.code ?? 'OperationFailed', message: op.failure?.message ?? 'The operation failed.' } } };
  }
  return { status: 200, body: { status: 'Succeeded', percentComplete: 100.0 } };
}

function pollHeaders(req: EmuRequest, ctx: EmulatorContext, op: Operation): Record<string, string> {
  const apiVersion = encodeURIComponent(req.query.get('api-version') ?? '2025-06-01');
  const retry = retryAfter(ctx, op);
  if (op.poll === 'network') {
    const base = `${req.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}`;
    return { 'Azure-AsyncOperation': `${base}/operations/${op.id}?api-version=${apiVersion}`, Location: `${base}/operationResults/${op.id}?api-version=${apiVersion}`, ...retry };
  }
  if (op.poll === 'privateDns') {
    const base = `${req.origin}/subscriptions/${op.subscriptionId}/resourceGroups/${op.resourceGroup}/providers/Microsoft.Network`;
    return { 'Azure-AsyncOperation': `${base}/privateDnsOperationStatuses/${op.id}?api-version=${apiVersion}`, Location: `${base}/privateDnsOperationResults/${op.id}?api-version=${apiVersion}`, ...retry };
  }
  const base = `${req.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${op.location}/workspaceOperationsStatus/${op.id}?api-version=${apiVersion}`;
  return { 'Azure-AsyncOperation': `${base}&type=async`, Location: `${base}&type=location`, ...retry };
}

/**
 * lroRetryAfter 'remaining': SDK pollers wait 2 s between polls unless told otherwise, so short emulated operations
 * say "poll again now" and longer ones the seconds left. 'none': nothing, like the recorded Machine Learning service.
 */
function retryAfter(ctx: EmulatorContext, op: Operation): Record<string, string> {
  if (ctx.config.lroRetryAfter === 'none') return {};
  if (op.status !== 'InProgress' || ctx.config.lroDurations[lroKindOf(op.effect)] < 1000) return { 'Retry-After': '0' };
  return { 'Retry-After': String(Math.max(1, Math.ceil((op.dueAt - ctx.now()) / 1000))) };
}
