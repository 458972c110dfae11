import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { objectBody, requireResource, requireResourceGroup, requireSubscription, resourceGroupId, systemData } from './scope.js';

export interface TrackedKind {
  /** e.g. "Microsoft.KeyVault/vaults" (canonical casing, used in ids and `type`). */
  type: string;
  /** Service-set fields for a new or replaced resource. */
  decorate(resource: ArmObject, ctx: EmulatorContext): ArmObject;
}

/** GET, PUT (201 new / 200 replaced), DELETE and both lists of a top-level resource type in a resource group. */
export function trackedResourceRoutes(kind: TrackedKind): Route[] {
  const rgList = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${kind.type}`;
  return [
    {
      method: 'GET',
      template: `/subscriptions/{sub}/providers/${kind.type}`,
      handler: (req, p, ctx) => {
        requireSubscription(ctx, p.sub!);
        return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/providers/${kind.type}`) };
      },
    },
    {
      method: 'GET',
      template: rgList,
      handler: (req, p, ctx) => {
        requireResourceGroup(ctx, p.sub!, p.rg!);
        return { status: 200, body: listPage(req, ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${kind.type}`) };
      },
    },
    {
      method: 'GET',
      template: `${rgList}/{name}`,
      handler: (_req, p, ctx) => {
        requireResourceGroup(ctx, p.sub!, p.rg!);
        return { status: 200, body: requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${kind.type}/${p.name}`, kind.type, p.rg!) };
      },
    },
    {
      method: 'PUT',
      template: `${rgList}/{name}`,
      handler: (req, p, ctx) => {
        const body = objectBody(req.body);
        const id = `${resourceGroupId(ctx, p.sub!, p.rg!)}/providers/${kind.type}/${p.name}`;
        const existing = ctx.store.get(id);
        if (!body.location && !existing) throw new ArmHttpError(400, 'LocationRequired', 'The location property is required for this definition.');
        const resource = kind.decorate({ ...body, id, name: existing?.name ?? p.name!, type: kind.type, location: body.location ?? existing?.location, systemData: existing?.systemData ?? systemData(ctx) }, ctx);
        ctx.store.put(resource);
        return { status: existing ? 200 : 201, body: resource };
      },
    },
    {
      method: 'DELETE',
      template: `${rgList}/{name}`,
      handler: (_req, p, ctx) => {
        requireResourceGroup(ctx, p.sub!, p.rg!);
        const id = `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${kind.type}/${p.name}`;
        const existed = ctx.store.get(id) !== undefined;
        ctx.store.deleteTree(id);
        return { status: existed ? 200 : 204 };
      },
    },
  ];
}

function withProps(r: ArmObject, extra: Record<string, unknown>, defaults: Record<string, unknown> = {}): ArmObject {
  return { ...r, properties: { ...defaults, ...((r.properties ?? {}) as object), ...extra } };
}

export const keyVaults: TrackedKind = {
  type: 'Microsoft.KeyVault/vaults',
  decorate: (r, ctx) =>
    withProps(
      r,
      { vaultUri: `https://${String(r.name).toLowerCase()}.vault.azure.net/`, provisioningState: 'Succeeded' },
      { tenantId: ctx.store.state.tenantId, sku: { family: 'A', name: 'standard' }, enableSoftDelete: true, softDeleteRetentionInDays: 90, accessPolicies: [] },
    ),
};

export const storageAccounts: TrackedKind = {
  type: 'Microsoft.Storage/storageAccounts',
  decorate: (r) => {
    const n = String(r.name).toLowerCase();
    const out = withProps(r, { provisioningState: 'Succeeded', primaryEndpoints: { blob: `https://${n}.blob.core.windows.net/`, file: `https://${n}.file.core.windows.net/` } }, { publicNetworkAccess: 'Enabled' });
    return { kind: 'StorageV2', sku: { name: 'Standard_LRS', tier: 'Standard' }, ...out };
  },
};

export const containerRegistries: TrackedKind = {
  type: 'Microsoft.ContainerRegistry/registries',
  decorate: (r) => ({ sku: { name: 'Premium', tier: 'Premium' }, ...withProps(r, { provisioningState: 'Succeeded', loginServer: `${String(r.name).toLowerCase()}.azurecr.io` }, { publicNetworkAccess: 'Enabled', adminUserEnabled: false }) }),
};

export const appInsights: TrackedKind = {
  type: 'Microsoft.Insights/components',
  decorate: (r, ctx) => ({ kind: 'web', ...withProps(r, { provisioningState: 'Succeeded' }, { Application_Type: 'web', ApplicationId: r.name, InstrumentationKey: ctx.newId() }) }),
};

export const trackedRoutes: Route[] = [keyVaults, storageAccounts, containerRegistries, appInsights].flatMap(trackedResourceRoutes);
