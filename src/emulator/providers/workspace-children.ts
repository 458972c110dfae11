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
  /** Fills service-set fields of a new or replaced child (`existing` is the one it replaces). */
  decorate(body: Record<string, unknown>, ws: ArmObject, existing: ArmObject | undefined): Record<string, unknown>;
  /** Checked on PUT; refused with 400 InvalidResourceName. */
  namePattern?: RegExp;
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

/** mfe.json: container names are case-sensitive, `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$`. */
const ASSET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/;

/**
 * Asset containers (mfe.json ModelContainer, EnvironmentContainer, DataContainer). Versions are not emulated, so
 * latestVersion/nextVersion are service-set here: kept from the container being replaced (or the seed), else a new
 * container has no version yet and its next one is "1".
 */
function assetContainers(segment: 'models' | 'environments' | 'data'): ChildKind {
  return {
    segment,
    namePattern: ASSET_NAME,
    decorate: (body, _ws, existing) => {
      const { latestVersion: _l, nextVersion: _n, provisioningState: _p, ...props } = (body.properties ?? {}) as Record<string, unknown>;
      const prev = (existing?.properties ?? {}) as Record<string, unknown>;
      const versions = prev.nextVersion !== undefined ? { ...(prev.latestVersion !== undefined ? { latestVersion: prev.latestVersion } : {}), nextVersion: prev.nextVersion } : { nextVersion: '1' };
      // DataContainer has no provisioningState (ModelContainer and EnvironmentContainer do).
      return { properties: { isArchived: false, ...props, ...versions, ...(segment === 'data' ? {} : { provisioningState: 'Succeeded' }) } };
    },
  };
}

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

function routesFor(kind: ChildKind): Route[] {
  const one = `${WS}/${kind.segment}/{name}`;
  return [
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
        if (kind.namePattern && !kind.namePattern.test(p.name!)) {
          throw new ArmHttpError(400, 'InvalidResourceName', `The ${kind.segment} name '${p.name}' is invalid: it must match ${kind.namePattern.source}.`);
        }
        const ws = workspace(ctx, p);
        const id = `${ws.id}/${kind.segment}/${p.name}`;
        const existing = ctx.store.get(id);
        const child: ArmObject = { ...kind.decorate(objectBody(req.body), ws, existing), id, name: p.name!, type: `${WORKSPACE_TYPE}/${kind.segment}`, systemData: existing?.systemData ?? systemData(ctx) };
        ctx.store.put(child);
        if (kind === computes) provisionLazily(ctx, ws);
        return { status: existing ? 200 : 201, body: child };
      },
    },
    {
      method: 'DELETE',
      template: one,
      handler: (_req, p, ctx) => {
        const ws = workspace(ctx, p);
        return { status: ctx.store.delete(`${ws.id}/${kind.segment}/${p.name}`) ? 200 : 204 };
      },
    },
  ];
}

/**
 * Computes, online endpoints, datastores and the model, environment and data asset containers of a workspace
 * (synchronous here; enough for audits and demos). Deleting the workspace deletes them all (Store.deleteTree).
 */
export const workspaceChildRoutes: Route[] = [computes, onlineEndpoints, datastores, assetContainers('models'), assetContainers('environments'), assetContainers('data')].flatMap((k) => routesFor(k));
