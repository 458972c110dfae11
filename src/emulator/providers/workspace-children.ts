import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { objectBody, requireResource, requireResourceGroup, systemData } from './scope.js';
import { WORKSPACE_TYPE, isolationModeOf, managedNetworkOf, networkActive, propsOf } from './workspace-model.js';

const WS = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';

interface ChildKind {
  /** URL segment and ARM type suffix, e.g. "computes". */
  segment: string;
  /** Fills service-set fields of a new child. */
  decorate(body: Record<string, unknown>, ws: ArmObject): Record<string, unknown>;
}

const computes: ChildKind = {
  segment: 'computes',
  decorate: (body, ws) => ({
    location: ws.location,
    ...body,
    properties: { ...((body.properties ?? {}) as object), provisioningState: 'Succeeded', isAttachedCompute: false },
  }),
};

const onlineEndpoints: ChildKind = {
  segment: 'onlineEndpoints',
  decorate: (body, ws) => {
    const props = (body.properties ?? {}) as Record<string, unknown>;
    return {
      location: ws.location,
      identity: { type: 'SystemAssigned' },
      ...body,
      properties: { authMode: 'Key', ...props, provisioningState: 'Succeeded', scoringUri: `https://endpoint.${String(ws.location)}.inference.ml.azure.com/score` },
    };
  },
};

const datastores: ChildKind = {
  segment: 'datastores',
  decorate: (body) => body,
};

function workspace(ctx: EmulatorContext, p: Record<string, string>): ArmObject {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${WORKSPACE_TYPE}/${p.ws}`, WORKSPACE_TYPE, p.rg!);
}

/**
 * FACTS (Managed network): the managed network is provisioned lazily on the first compute; creating one in a managed
 * workspace therefore activates it.
 */
function provisionLazily(ctx: EmulatorContext, ws: ArmObject): void {
  if (isolationModeOf(ws) === 'Disabled' || networkActive(ws)) return;
  const mn = { ...managedNetworkOf(ws), status: { status: 'Active', sparkReady: false } };
  ctx.store.put({ ...ws, properties: { ...propsOf(ws), managedNetwork: mn } });
}

function routesFor(kind: ChildKind, mutable: boolean): Route[] {
  const one = `${WS}/${kind.segment}/{name}`;
  const routes: Route[] = [
    {
      method: 'GET',
      template: `${WS}/${kind.segment}`,
      handler: (req, p, ctx) => ({ status: 200, body: listPage(req, ctx, `${workspace(ctx, p).id}/${kind.segment}`) }),
    },
    {
      method: 'GET',
      template: one,
      handler: (_req, p, ctx) => {
        const ws = workspace(ctx, p);
        const child = ctx.store.get(`${ws.id}/${kind.segment}/${p.name}`);
        if (!child) throw new ArmHttpError(404, 'ResourceNotFound', `${kind.segment} '${p.name}' was not found in workspace '${ws.name}'.`);
        return { status: 200, body: child };
      },
    },
    {
      method: 'PUT',
      template: one,
      handler: (req, p, ctx) => {
        const ws = workspace(ctx, p);
        const id = `${ws.id}/${kind.segment}/${p.name}`;
        const existing = ctx.store.get(id);
        const child: ArmObject = { ...kind.decorate(objectBody(req.body), ws), id, name: p.name!, type: `${WORKSPACE_TYPE}/${kind.segment}`, systemData: existing?.systemData ?? systemData(ctx) };
        ctx.store.put(child);
        if (kind === computes) provisionLazily(ctx, ws);
        return { status: existing ? 200 : 201, body: child };
      },
    },
  ];
  if (mutable) {
    routes.push({
      method: 'DELETE',
      template: one,
      handler: (_req, p, ctx) => {
        const ws = workspace(ctx, p);
        return { status: ctx.store.delete(`${ws.id}/${kind.segment}/${p.name}`) ? 200 : 204 };
      },
    });
  }
  return routes;
}

/** Computes, online endpoints and datastores of a workspace (synchronous here; enough for audits and demos). */
export const workspaceChildRoutes: Route[] = [...routesFor(computes, true), ...routesFor(onlineEndpoints, true), ...routesFor(datastores, true)];
