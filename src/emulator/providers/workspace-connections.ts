import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { pageArray } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { objectBody, requireResource, requireResourceGroup } from './scope.js';
import { WORKSPACE_TYPE, propsOf } from './workspace-model.js';

export type ConnectionStatus = 'Approved' | 'Pending' | 'Rejected' | 'Disconnected';
const PEC_TYPE = `${WORKSPACE_TYPE}/privateEndpointConnections`;
const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${WORKSPACE_TYPE}/{ws}`;

export function connectionsOf(ws: ArmObject): ArmObject[] {
  return (propsOf(ws).privateEndpointConnections ?? []) as ArmObject[];
}

export function connectionState(status: ConnectionStatus): Record<string, string> {
  const description = status === 'Approved' ? 'Auto-Approved' : status === 'Pending' ? 'Awaiting approval' : status;
  return { status, description, actionsRequired: 'None' };
}

/** New connections start Pending on workspaces seeded for manual approval, else Approved (same tenant: auto-approval). */
export function initialStatus(ctx: EmulatorContext, workspaceId: string, manual: boolean): ConnectionStatus {
  return manual || (ctx.store.state.manualApproval ?? []).includes(workspaceId.toLowerCase()) ? 'Pending' : 'Approved';
}

/** Adds (or refreshes) the workspace's connection entry for a private endpoint (workspaceRP.json PrivateEndpointConnection). */
export function upsertConnection(ctx: EmulatorContext, ws: ArmObject, pe: ArmObject, subnetId: string, state: Record<string, string>): void {
  const others = connectionsOf(ws).filter((c) => String((propsOf(c).privateEndpoint as { id?: string })?.id).toLowerCase() !== pe.id.toLowerCase());
  const existing = connectionsOf(ws).find((c) => !others.includes(c));
  const name = existing?.name ?? `${pe.name}.${ctx.newId()}`;
  const entry = { id: `${ws.id}/privateEndpointConnections/${name}`, name, type: PEC_TYPE, location: ws.location, properties: { privateEndpoint: { id: pe.id, subnetArmId: subnetId }, privateLinkServiceConnectionState: state, provisioningState: 'Succeeded' } };
  ctx.store.put({ ...ws, properties: { ...propsOf(ws), privateEndpointConnections: [...others, entry] } });
}

export function removeConnection(ctx: EmulatorContext, workspaceId: string, peId: string): void {
  const ws = ctx.store.get(workspaceId);
  if (!ws) return;
  const kept = connectionsOf(ws).filter((c) => String((propsOf(c).privateEndpoint as { id?: string })?.id).toLowerCase() !== peId.toLowerCase());
  ctx.store.put({ ...ws, properties: { ...propsOf(ws), privateEndpointConnections: kept } });
}

function workspace(ctx: EmulatorContext, p: Record<string, string>): ArmObject {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${WORKSPACE_TYPE}/${p.ws}`, WORKSPACE_TYPE, p.rg!);
}

function findConnection(ws: ArmObject, name: string): ArmObject {
  const found = connectionsOf(ws).find((c) => c.name?.toLowerCase() === name.toLowerCase());
  if (!found) throw new ArmHttpError(404, 'ResourceNotFound', `Private endpoint connection '${name}' was not found in workspace '${ws.name}'.`);
  return found;
}

/** The endpoint side mirrors the workspace's decision (NRP keeps both ends in step). */
function setEndpointState(ctx: EmulatorContext, peId: string, state: Record<string, string>): void {
  const pe = ctx.store.get(peId);
  if (!pe) return;
  const props = propsOf(pe);
  const update = (list: unknown) => ((list ?? []) as ArmObject[]).map((c) => ({ ...c, properties: { ...propsOf(c), privateLinkServiceConnectionState: state } }));
  ctx.store.put({ ...pe, properties: { ...props, privateLinkServiceConnections: update(props.privateLinkServiceConnections), manualPrivateLinkServiceConnections: update(props.manualPrivateLinkServiceConnections) } });
}

/** workspaces/{ws}/privateEndpointConnections: list, GET, PUT (approve/reject, synchronous 200), DELETE. */
export const workspaceConnectionRoutes: Route[] = [
  { method: 'GET', template: `${WS}/privateEndpointConnections`, handler: (req, p, ctx) => ({ status: 200, body: pageArray(req, ctx, connectionsOf(workspace(ctx, p))) }) },
  { method: 'GET', template: `${WS}/privateEndpointConnections/{name}`, handler: (_req, p, ctx) => ({ status: 200, body: findConnection(workspace(ctx, p), p.name!) }) },
  {
    method: 'PUT',
    template: `${WS}/privateEndpointConnections/{name}`,
    handler: (req, p, ctx) => {
      const ws = workspace(ctx, p);
      const current = findConnection(ws, p.name!);
      const wanted = ((objectBody(req.body).properties ?? {}) as { privateLinkServiceConnectionState?: { status?: string; description?: string } }).privateLinkServiceConnectionState;
      const status = wanted?.status;
      if (status !== 'Approved' && status !== 'Rejected') {
        throw new ArmHttpError(400, 'BadRequest', `properties.privateLinkServiceConnectionState.status must be Approved or Rejected, not '${String(status)}'.`);
      }
      const state = { status, description: wanted?.description ?? status, actionsRequired: 'None' };
      const peId = String((propsOf(current).privateEndpoint as { id: string }).id);
      const next = { ...current, properties: { ...propsOf(current), privateLinkServiceConnectionState: state } };
      ctx.store.put({ ...ws, properties: { ...propsOf(ws), privateEndpointConnections: connectionsOf(ws).map((c) => (c === current ? next : c)) } });
      setEndpointState(ctx, peId, state);
      return { status: 200, body: next };
    },
  },
  {
    method: 'DELETE',
    template: `${WS}/privateEndpointConnections/{name}`,
    handler: (_req, p, ctx) => {
      const ws = workspace(ctx, p);
      const current = connectionsOf(ws).find((c) => c.name?.toLowerCase() === p.name!.toLowerCase());
      if (!current) return { status: 204 };
      const peId = String((propsOf(current).privateEndpoint as { id: string }).id);
      removeConnection(ctx, ws.id, peId);
      setEndpointState(ctx, peId, connectionState('Disconnected'));
      return { status: 200 };
    },
  },
];
