import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import type { ArmObject } from '../state.js';
import { ASSET_NAME, propsOf, type ChildKind } from './child-kind.js';
import { modelReferenceProblem } from './model-reference.js';
import { refuseTakenEndpointName } from './endpoint-region-names.js';

/** Deployments of an endpoint live under its id: `<ws>/onlineEndpoints/{e}/deployments/{d}`. */
function deploymentsOf(ctx: EmulatorContext, endpointId: string): ArmObject[] {
  return ctx.store.all(`${endpointId}/deployments`);
}

/**
 * The traffic map of an endpoint names only deployments it has, with whole percentages that sum to 100 (or 0: no
 * traffic). The exact Azure error code is unverified; the rule itself is documented (az ml online-endpoint update).
 */
function checkTraffic(ctx: EmulatorContext, endpointId: string, traffic: unknown): void {
  if (traffic === undefined || traffic === null) return;
  const entries = Object.entries(traffic as Record<string, unknown>);
  const names = new Set(deploymentsOf(ctx, endpointId).map((d) => String(d.name).toLowerCase()));
  const unknown = entries.filter(([d]) => !names.has(d.toLowerCase())).map(([d]) => d);
  if (unknown.length) throw new ArmHttpError(400, 'UserError', `The traffic map names deployment(s) ${unknown.join(', ')} that do not exist on endpoint '${endpointId.split('/').pop()}': create them first.`);
  const bad = entries.filter(([, v]) => !Number.isInteger(v) || (v as number) < 0 || (v as number) > 100);
  if (bad.length) throw new ArmHttpError(400, 'UserError', `Traffic percentages must be whole numbers from 0 to 100 (${bad.map(([d, v]) => `${d}=${String(v)}`).join(', ')}).`);
  const sum = entries.reduce((n, [, v]) => n + (v as number), 0);
  if (sum !== 100 && sum !== 0) throw new ArmHttpError(400, 'UserError', `Traffic percentages must sum to 100 (or 0 for no traffic), not ${sum}.`);
}

/**
 * mfe.json onlineEndpoints: PUT, PATCH and DELETE long-running; scoringUri is service-set from the endpoint name and
 * region, so its name is unique per region (endpoint-region-names.ts). Deleting an endpoint deletes its deployments.
 */
export const onlineEndpoints: ChildKind = {
  path: 'onlineEndpoints',
  type: 'onlineEndpoints',
  namePattern: ASSET_NAME,
  longRunning: { put: true, delete: true, patch: true },
  patch: ['tags', 'identity'],
  decorate: (body, { ctx, ws, id, params, existing }) => {
    const props = propsOf(body);
    checkTraffic(ctx, id, props.traffic);
    const location = String(body.location ?? ws.location);
    if (!existing) refuseTakenEndpointName(ctx, id, params.name!, location);
    return {
      location,
      identity: { type: 'SystemAssigned' },
      ...body,
      properties: { authMode: 'Key', traffic: {}, ...props, scoringUri: `https://${params.name}.${location}.inference.ml.azure.com/score`, swaggerUri: `https://${params.name}.${location}.inference.ml.azure.com/swagger.json` },
    };
  },
};

/**
 * mfe.json onlineEndpoints/{e}/deployments: PUT and DELETE long-running. The model must exist in this workspace (or
 * be a registry model); a deployment that still takes traffic cannot be deleted (set its traffic to 0 first).
 */
export const onlineDeployments: ChildKind = {
  path: 'onlineEndpoints/{endpoint}/deployments',
  type: 'onlineEndpoints/deployments',
  namePattern: ASSET_NAME,
  longRunning: { put: true, delete: true },
  requireParent: (ctx, ws, p) => {
    if (!ctx.store.get(`${ws.id}/onlineEndpoints/${p.endpoint}`)) {
      throw new ArmHttpError(404, 'ResourceNotFound', `Online endpoint '${p.endpoint}' was not found in workspace '${ws.name}'.`);
    }
  },
  decorate: (body, { ctx, ws }) => {
    const props = propsOf(body);
    const problem = modelReferenceProblem(ctx, ws, props.model);
    if (problem) throw new ArmHttpError(400, 'UserError', problem);
    return { location: ws.location, ...body, properties: { ...props } };
  },
  beforeDelete: (ctx, _req, child) => {
    if (!child) return;
    const endpointId = child.id.split('/').slice(0, -2).join('/');
    const traffic = (propsOf(ctx.store.get(endpointId)).traffic ?? {}) as Record<string, number>;
    const share = Object.entries(traffic).find(([d]) => d.toLowerCase() === String(child.name).toLowerCase())?.[1] ?? 0;
    if (share > 0) throw new ArmHttpError(400, 'UserError', `Deployment '${child.name}' still takes ${share}% of the endpoint's traffic: set its traffic to 0 before deleting it.`);
  },
};
