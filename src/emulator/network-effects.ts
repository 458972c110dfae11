import type { EmulatorContext } from './context.js';
import { PE_TYPE, propsOf } from './providers/network-model.js';
import { removeConnection, upsertConnection } from './providers/workspace-connections.js';
import type { ArmObject, Operation } from './state.js';

type NetworkOp = Operation & { effect: { kind: 'put-network' | 'delete-network' } };

export function isNetworkOperation(op: Operation): op is NetworkOp {
  return op.effect.kind === 'put-network' || op.effect.kind === 'delete-network';
}

function withState(o: ArmObject, provisioningState: string): ArmObject {
  return { ...o, properties: { ...propsOf(o), provisioningState } };
}

/** While it runs, the resource is visible as Updating (created or changed) or Deleting, as the Network RP shows it. */
export function markNetworkStarted(ctx: EmulatorContext, op: NetworkOp): void {
  const e = op.effect;
  if (e.kind === 'put-network') ctx.store.put(withState(e.resource, 'Updating'));
  else {
    const current = ctx.store.get(e.id);
    if (current) ctx.store.put(withState(current, 'Deleting'));
  }
}

/**
 * Finishes a network operation. A private endpoint to a workspace adds (or, deleted, removes) the workspace's
 * private endpoint connection; a failed create leaves a Failed resource, a failed delete leaves it Succeeded.
 */
export function completeNetworkOperation(ctx: EmulatorContext, op: NetworkOp): void {
  const e = op.effect;
  const current = ctx.store.get(e.id);
  if (op.failure) {
    op.status = 'Failed';
    if (current) ctx.store.put(withState(current, e.kind === 'put-network' ? 'Failed' : 'Succeeded'));
    return;
  }
  op.status = 'Succeeded';
  if (e.kind === 'delete-network') {
    if (current?.type === PE_TYPE) for (const target of targetsOf(current)) removeConnection(ctx, target, current.id);
    ctx.store.deleteTree(e.id);
    op.result = { status: 204 };
    return;
  }
  const final = withState(e.resource, 'Succeeded');
  ctx.store.put(final);
  if (final.type === PE_TYPE) {
    const subnetId = String((propsOf(final).subnet as { id: string }).id);
    for (const c of connectionsOf(final)) {
      const ws = ctx.store.get(String(propsOf(c).privateLinkServiceId));
      if (ws) upsertConnection(ctx, ws, final, subnetId, propsOf(c).privateLinkServiceConnectionState as Record<string, string>);
    }
  }
  op.result = { status: 200, body: final };
}

function connectionsOf(pe: ArmObject): ArmObject[] {
  const p = propsOf(pe);
  return [...((p.privateLinkServiceConnections ?? []) as ArmObject[]), ...((p.manualPrivateLinkServiceConnections ?? []) as ArmObject[])];
}

function targetsOf(pe: ArmObject): string[] {
  return connectionsOf(pe).map((c) => String(propsOf(c).privateLinkServiceId));
}
