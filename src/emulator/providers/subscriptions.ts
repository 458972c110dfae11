import { ArmHttpError } from '../http-types.js';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import { objectBody, requireResourceGroup, requireSubscription } from './scope.js';

/** Subscriptions (read-only; they come from the seed) and resource groups. */
export const subscriptionRoutes: Route[] = [
  { method: 'GET', template: '/subscriptions', handler: (req, _p, ctx) => ({ status: 200, body: listPage(req, ctx, '/subscriptions') }) },
  { method: 'GET', template: '/subscriptions/{sub}', handler: (_req, p, ctx) => ({ status: 200, body: requireSubscription(ctx, p.sub!) }) },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resourcegroups',
    handler: (req, p, ctx) => {
      requireSubscription(ctx, p.sub!);
      return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/resourcegroups`) };
    },
  },
  { method: 'GET', template: '/subscriptions/{sub}/resourcegroups/{rg}', handler: (_req, p, ctx) => ({ status: 200, body: requireResourceGroup(ctx, p.sub!, p.rg!) }) },
  {
    method: 'PUT',
    template: '/subscriptions/{sub}/resourcegroups/{rg}',
    handler: (req, p, ctx) => {
      const sub = requireSubscription(ctx, p.sub!);
      const body = objectBody(req.body);
      const existing = ctx.store.get(`${sub.id}/resourceGroups/${p.rg}`);
      if (!body.location) throw new ArmHttpError(400, 'LocationRequired', 'The location property is required for this definition.');
      const group = {
        id: existing?.id ?? `${sub.id}/resourceGroups/${p.rg}`,
        name: existing?.name ?? p.rg!,
        type: 'Microsoft.Resources/resourceGroups',
        location: body.location,
        ...(body.tags ? { tags: body.tags } : {}),
        properties: { provisioningState: 'Succeeded' },
      };
      ctx.store.put(group);
      return { status: existing ? 200 : 201, body: group };
    },
  },
];
