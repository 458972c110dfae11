import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { listPage, pageArray } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { allPrivateEndpoints, propsOf, VNET_TYPE } from './network-model.js';
import { requireResource, requireResourceGroup, requireSubscription } from './scope.js';

const RG = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${VNET_TYPE}`;

function vnetOf(ctx: EmulatorContext, p: Record<string, string>): ArmObject {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return withEndpoints(ctx, requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${VNET_TYPE}/${p.vnet}`, VNET_TYPE, p.rg!));
}

/** Subnets list the private endpoints placed in them (read-only, derived from the endpoints, so never stale). */
function withEndpoints(ctx: EmulatorContext, vnet: ArmObject): ArmObject {
  const endpoints = allPrivateEndpoints(ctx);
  const subnets = ((propsOf(vnet).subnets ?? []) as ArmObject[]).map((s) => {
    const ids = endpoints.filter((pe) => String((propsOf(pe).subnet as { id?: string }).id).toLowerCase() === s.id.toLowerCase()).map((pe) => ({ id: pe.id }));
    return ids.length ? { ...s, properties: { ...propsOf(s), privateEndpoints: ids } } : s;
  });
  return { ...vnet, properties: { ...propsOf(vnet), subnets } };
}

/** Virtual networks and their subnets, read only: fleets seed them (virtualNetwork.json VirtualNetworks_* / Subnets_*). */
export const virtualNetworkRoutes: Route[] = [
  {
    method: 'GET',
    template: `/subscriptions/{sub}/providers/${VNET_TYPE}`,
    handler: (req, p, ctx) => {
      requireSubscription(ctx, p.sub!);
      return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/providers/${VNET_TYPE}`, (v) => withEndpoints(ctx, v)) };
    },
  },
  {
    method: 'GET',
    template: RG,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${VNET_TYPE}`, (v) => withEndpoints(ctx, v)) };
    },
  },
  { method: 'GET', template: `${RG}/{vnet}`, handler: (_req, p, ctx) => ({ status: 200, body: vnetOf(ctx, p) }) },
  {
    method: 'GET',
    template: `${RG}/{vnet}/subnets`,
    handler: (req, p, ctx) => ({ status: 200, body: pageArray(req, ctx, (propsOf(vnetOf(ctx, p)).subnets ?? []) as unknown[]) }),
  },
  {
    method: 'GET',
    template: `${RG}/{vnet}/subnets/{subnet}`,
    handler: (_req, p, ctx) => {
      const vnet = vnetOf(ctx, p);
      const subnet = ((propsOf(vnet).subnets ?? []) as ArmObject[]).find((s) => s.name?.toLowerCase() === p.subnet!.toLowerCase());
      if (!subnet) throw new ArmHttpError(404, 'NotFound', `Resource ${vnet.id}/subnets/${p.subnet} not found.`);
      return { status: 200, body: subnet };
    },
  },
  ...(['PUT', 'PATCH', 'DELETE'] as const).flatMap((method) =>
    [`${RG}/{vnet}`, `${RG}/{vnet}/subnets/{subnet}`].map((template) => ({
      method,
      template,
      handler: () => {
        throw new ArmHttpError(405, 'MethodNotAllowed', `The emulator models virtual networks and subnets read only (seeded by the fleet): ${method} is not supported.`);
      },
    })),
  ),
];
