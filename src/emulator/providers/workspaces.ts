import { startOperation } from '../lro.js';
import type { EmulatorContext } from '../context.js';
import type { EmuRequest } from '../http-types.js';
import { listPage, pageArray } from '../paging.js';
import type { Route } from '../router.js';
import { assertCreateOnlyUnchanged } from '../rules/create-only.js';
import { assertHubHasNoProjects, canonicalKind, kindOf } from '../rules/hubs.js';
import { findSoftDeleted, assertNotSoftDeleted } from '../rules/soft-delete.js';
import { presentWorkspace } from './hub-projects.js';
import { objectBody, requireResource, requireResourceGroup, requireSubscription, resourceGroupId } from './scope.js';
import { WORKSPACE_TYPE } from './workspace-model.js';
import { assertWorkspaceName, workspaceFromPatch, workspaceFromPut } from './workspace-write.js';

const RG = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces';
const WS = `${RG}/{ws}`;

/** Workspaces: list (subscription, resource group), GET, PUT, PATCH, DELETE (soft delete; forceToPurge purges). */
export const workspaceRoutes: Route[] = [
  {
    method: 'GET',
    template: '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces',
    handler: (req, p, ctx) => {
      requireSubscription(ctx, p.sub!);
      return { status: 200, body: listWorkspaces(req, ctx, `/subscriptions/${p.sub}/providers/${WORKSPACE_TYPE}`) };
    },
  },
  {
    method: 'GET',
    template: RG,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      return { status: 200, body: listWorkspaces(req, ctx, `/subscriptions/${p.sub}/resourcegroups/${p.rg}/providers/${WORKSPACE_TYPE}`) };
    },
  },
  {
    method: 'GET',
    template: WS,
    handler: (_req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      return { status: 200, body: presentWorkspace(ctx, requireResource(ctx, wsId(p), WORKSPACE_TYPE, p.rg!)) };
    },
  },
  {
    method: 'PUT',
    template: WS,
    handler: (req, p, ctx) => {
      assertWorkspaceName(p.ws!);
      const id = `${resourceGroupId(ctx, p.sub!, p.rg!)}/providers/${WORKSPACE_TYPE}/${p.ws}`;
      const current = ctx.store.get(id);
      if (!current) assertNotSoftDeleted(ctx.store, id, ctx.now());
      const resource = workspaceFromPut(ctx, id, current?.name ?? p.ws!, p.sub!, objectBody(req.body), current);
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: resource.location as string, effect: { kind: 'put-workspace', id, resource, creating: !current } });
    },
  },
  {
    method: 'PATCH',
    template: WS,
    // hbiWorkspace, storageAccount and keyVault are not in the PATCH schema: without this the spec validator would
    // answer "unknown property" where the service rule can say that the field is create-only.
    beforeValidation: (req, p, ctx) => {
      const current = ctx.store.get(wsId(p));
      const properties = (req.body as { properties?: unknown } | undefined)?.properties;
      if (current && typeof properties === 'object' && properties !== null && !Array.isArray(properties)) {
        assertCreateOnlyUnchanged(current, properties as Record<string, unknown>, 'patch');
      }
    },
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      const current = requireResource(ctx, wsId(p), WORKSPACE_TYPE, p.rg!);
      const resource = workspaceFromPatch(ctx, current, objectBody(req.body));
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: current.location as string, effect: { kind: 'put-workspace', id: current.id, resource, creating: false } });
    },
  },
  {
    method: 'DELETE',
    template: WS,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      const id = wsId(p);
      const purge = req.query.get('forceToPurge')?.toLowerCase() === 'true';
      const current = ctx.store.get(id);
      const deleted = findSoftDeleted(ctx.store, id, ctx.now());
      // Purging an already soft-deleted workspace is how its name is freed (FACTS: Soft delete and names).
      if (!current && !(purge && deleted)) return { status: 204 };
      if (current) assertHubHasNoProjects(current);
      const location = (current ?? deleted!.workspace).location as string;
      return startOperation(req, ctx, { subscriptionId: p.sub!, location, effect: { kind: 'delete-workspace', id: current?.id ?? deleted!.workspace.id, purge } });
    },
  },
];

/** A list page; `?kind=` (WorkspaceKindParameter) filters by kind, case-insensitively. */
function listWorkspaces(req: EmuRequest, ctx: EmulatorContext, collection: string): { value: unknown[]; nextLink?: string } {
  const kind = req.query.get('kind');
  const present = (o: Parameters<typeof presentWorkspace>[1]) => presentWorkspace(ctx, o);
  if (!kind) return listPage(req, ctx, collection, present);
  const wanted = canonicalKind(kind);
  return pageArray(req, ctx, ctx.store.all(collection).filter((w) => kindOf(w) === wanted).map(present));
}

function wsId(p: Record<string, string>): string {
  return `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${WORKSPACE_TYPE}/${p.ws}`;
}

