import type { EmulatorContext } from '../context.js';
import type { EmuRequest, EmuResponse } from '../http-types.js';
import { startOperation } from '../lro.js';
import type { ArmObject, OperationEffect } from '../state.js';

type ChildEffect = Extract<OperationEffect, { kind: 'put-child' | 'delete-child' }>;

/** The child with `properties.provisioningState` set (computes, endpoints, deployments and schedules all carry one). */
export function withChildState(child: ArmObject, state: string): ArmObject {
  return { ...child, properties: { ...((child.properties ?? {}) as object), provisioningState: state } };
}

/**
 * A long-running child PUT, answered as mfe.json/machineLearningServices.json declare it (final-state-via
 * original-uri): 201 (new) or 200 (replaced) with the body in Creating/Updating and an Azure-AsyncOperation header; the
 * stored child reaches Succeeded when the operation completes.
 */
export function startChildPut(req: EmuRequest, ctx: EmulatorContext, ws: ArmObject, resource: ArmObject, existing: ArmObject | undefined): EmuResponse {
  const started = startOperation(req, ctx, {
    subscriptionId: subscriptionOf(ws.id),
    location: String(ws.location ?? 'eastus'),
    effect: { kind: 'put-child', workspaceId: ws.id, id: resource.id, resource: withChildState(resource, 'Succeeded'), creating: !existing },
  });
  const provisional = withChildState(resource, existing ? 'Updating' : 'Creating');
  return { status: existing ? 200 : 201, body: provisional, headers: started.headers };
}

/** A long-running child DELETE: 202 with Location (final-state-via location); 204 when there is nothing to delete. */
export function startChildDelete(req: EmuRequest, ctx: EmulatorContext, ws: ArmObject, id: string): EmuResponse {
  if (!ctx.store.get(id)) return { status: 204 };
  return startOperation(req, ctx, { subscriptionId: subscriptionOf(ws.id), location: String(ws.location ?? 'eastus'), effect: { kind: 'delete-child', workspaceId: ws.id, id } });
}

export function markChildStarted(ctx: EmulatorContext, e: ChildEffect): void {
  const current = ctx.store.get(e.id);
  if (e.kind === 'put-child') ctx.store.put(withChildState(current ? { ...e.resource, systemData: current.systemData } : e.resource, e.creating ? 'Creating' : 'Updating'));
  else if (current) ctx.store.put(withChildState(current, 'Deleting'));
}

/** Applies a finished child operation; a failed create leaves the child Failed, a failed delete leaves it Succeeded. */
export function completeChild(ctx: EmulatorContext, e: ChildEffect, succeeded: boolean): { status: number; body?: unknown } | undefined {
  const current = ctx.store.get(e.id);
  if (!succeeded) {
    if (current) ctx.store.put(withChildState(current, e.kind === 'put-child' && e.creating ? 'Failed' : 'Succeeded'));
    return undefined;
  }
  if (e.kind === 'delete-child') {
    ctx.store.deleteTree(e.id);
    return { status: 204 };
  }
  const final = current ? { ...e.resource, systemData: current.systemData } : e.resource;
  ctx.store.put(final);
  return { status: 200, body: final };
}

function subscriptionOf(id: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '';
}
