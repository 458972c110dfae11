import { ArmHttpError } from '../http-types.js';
import type { Route } from '../router.js';
import { objectBody } from './scope.js';

const TYPE = 'Microsoft.Insights/diagnosticSettings';

function requireScope(ctx: Parameters<Route['handler']>[2], scope: string) {
  const target = ctx.store.get(scope);
  if (!target) throw new ArmHttpError(404, 'ResourceNotFound', `The Resource '${scope}' was not found.`);
  return target;
}

/** Diagnostic settings on any resource: `{resourceId}/providers/Microsoft.Insights/diagnosticSettings[/{name}]`. */
export const diagnosticSettingRoutes: Route[] = [
  {
    method: 'GET',
    template: `{*scope}/providers/${TYPE}`,
    handler: (_req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      return { status: 200, body: { value: ctx.store.all(`${target.id}/providers/${TYPE}`) } };
    },
  },
  {
    method: 'GET',
    template: `{*scope}/providers/${TYPE}/{name}`,
    handler: (_req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      const setting = ctx.store.get(`${target.id}/providers/${TYPE}/${p.name}`);
      if (!setting) throw new ArmHttpError(404, 'ResourceNotFound', `Diagnostic setting '${p.name}' was not found on '${target.id}'.`);
      return { status: 200, body: setting };
    },
  },
  {
    method: 'PUT',
    template: `{*scope}/providers/${TYPE}/{name}`,
    handler: (req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      const id = `${target.id}/providers/${TYPE}/${p.name}`;
      const existed = ctx.store.get(id) !== undefined;
      const setting = { id, name: p.name!, type: TYPE, properties: objectBody(req.body).properties ?? {} };
      ctx.store.put(setting);
      return { status: existed ? 200 : 201, body: setting };
    },
  },
  {
    method: 'DELETE',
    template: `{*scope}/providers/${TYPE}/{name}`,
    handler: (_req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      return { status: ctx.store.delete(`${target.id}/providers/${TYPE}/${p.name}`) ? 200 : 204 };
    },
  },
];
