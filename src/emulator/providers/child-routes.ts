import type { EmulatorContext } from '../context.js';
import { ArmHttpError, type EmuRequest } from '../http-types.js';
import { listPage, pageArray } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { WS, type ChildKind } from './child-kind.js';
import { startChildDelete, startChildPut } from './child-operations.js';
import { objectBody, requireResource, requireResourceGroup, systemData } from './scope.js';
import { WORKSPACE_TYPE } from './workspace-model.js';

export function requireWorkspace(ctx: EmulatorContext, p: Record<string, string>): ArmObject {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${WORKSPACE_TYPE}/${p.ws}`, WORKSPACE_TYPE, p.rg!);
}

/** The collection URL of a kind below a workspace, path parameters filled in. */
export function collectionOf(ws: ArmObject, kind: ChildKind, p: Record<string, string>): string {
  return `${ws.id}/${kind.path.replace(/\{(\w+)\}/g, (_, n: string) => p[n]!)}`;
}

function requireChild(ctx: EmulatorContext, kind: ChildKind, ws: ArmObject, p: Record<string, string>): ArmObject {
  const child = ctx.store.get(`${collectionOf(ws, kind, p)}/${p.name}`);
  if (!child) throw new ArmHttpError(404, 'ResourceNotFound', `${kind.type} '${p.name}' was not found in workspace '${ws.name}'.`);
  return child;
}

/** MFE lists page with `$skip` (machineLearningServices.json PaginationParameter), an opaque continuation token. */
function listChildren(req: EmuRequest, ctx: EmulatorContext, kind: ChildKind, p: Record<string, string>) {
  const ws = requireWorkspace(ctx, p);
  kind.requireParent?.(ctx, ws, p);
  const collection = collectionOf(ws, kind, p);
  const filter = kind.listFilter?.(req);
  if (filter) return pageArray(req, ctx, ctx.store.all(collection).filter(filter), '$skip');
  return listPage(req, ctx, collection, undefined, '$skip');
}

export function childRoutes(kind: ChildKind): Route[] {
  const list = `${WS}/${kind.path}`;
  const one = `${list}/{name}`;
  const routes: Route[] = [
    { method: 'GET', template: list, handler: (req, p, ctx) => ({ status: 200, body: listChildren(req, ctx, kind, p) }) },
    { method: 'GET', template: one, handler: (_req, p, ctx) => ({ status: 200, body: requireChild(ctx, kind, requireWorkspace(ctx, p), p) }) },
    {
      method: 'PUT',
      template: one,
      handler: (req, p, ctx) => {
        if (kind.namePattern && !kind.namePattern.test(p.name!)) {
          throw new ArmHttpError(400, 'InvalidResourceName', `The ${kind.type} name '${p.name}' is invalid: it must match ${kind.namePattern.source}.`);
        }
        const ws = requireWorkspace(ctx, p);
        kind.requireParent?.(ctx, ws, p);
        const id = `${collectionOf(ws, kind, p)}/${p.name}`;
        const existing = ctx.store.get(id);
        const split = kind.splitSecrets ? kind.splitSecrets(objectBody(req.body)) : { body: objectBody(req.body), secrets: undefined };
        const decorated = kind.decorate(split.body, { ctx, req, ws, params: p, id, existing });
        const child: ArmObject = { ...decorated, id, name: existing?.name ?? p.name!, type: `${WORKSPACE_TYPE}/${kind.type}`, systemData: existing?.systemData ?? systemData(ctx) };
        if (kind.splitSecrets) ctx.store.setSecrets(id, split.secrets);
        kind.afterPut?.(ctx, ws);
        if (kind.longRunning?.put) return startChildPut(req, ctx, ws, child, existing);
        ctx.store.put(child);
        return { status: existing ? 200 : 201, body: child };
      },
    },
    {
      method: 'DELETE',
      template: one,
      handler: (req, p, ctx) => {
        const ws = requireWorkspace(ctx, p);
        const id = `${collectionOf(ws, kind, p)}/${p.name}`;
        kind.beforeDelete?.(ctx, req, ctx.store.get(id), ws);
        if (kind.longRunning?.delete) return startChildDelete(req, ctx, ws, id);
        const existed = ctx.store.get(id) !== undefined;
        ctx.store.deleteTree(id);
        return { status: existed ? 200 : 204 };
      },
    },
  ];
  if (kind.patch) routes.push({ method: 'PATCH', template: one, handler: (req, p, ctx) => patchChild(req, p, ctx, kind) });
  return routes;
}

/** PATCH (online endpoints): merges the allowed keys, long-running with 202 + Location like a DELETE. */
function patchChild(req: EmuRequest, p: Record<string, string>, ctx: EmulatorContext, kind: ChildKind) {
  const ws = requireWorkspace(ctx, p);
  const child = requireChild(ctx, kind, ws, p);
  const body = objectBody(req.body);
  const merged: ArmObject = { ...child };
  for (const key of kind.patch ?? []) {
    if (body[key] === undefined) continue;
    merged[key] = body[key]; // ARM PATCH replaces a top-level property (tags included) as a whole
  }
  const started = startChildPut(req, ctx, ws, merged, child);
  return { status: 202, headers: started.headers };
}
