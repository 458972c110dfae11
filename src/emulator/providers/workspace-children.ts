import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { assetVersionRoutes } from './asset-versions.js';
import { ASSET_NAME, propsOf, type ChildKind } from './child-kind.js';
import { childRoutes } from './child-routes.js';
import { secretRoutes, splitConnectionSecrets, splitDatastoreSecrets } from './content-secrets.js';
import { onlineDeployments, onlineEndpoints } from './online-deployments.js';
import { isolationModeOf, managedNetworkOf, networkActive, propsOf as wsProps } from './workspace-model.js';

/**
 * FACTS (Managed network): the managed network is provisioned lazily on the first compute; creating one in a managed
 * workspace therefore activates it.
 */
function provisionLazily(ctx: EmulatorContext, ws: ArmObject): void {
  if (isolationModeOf(ws) === 'Disabled' || networkActive(ws)) return;
  const mn = { ...managedNetworkOf(ws), status: { status: 'Active', sparkReady: false } };
  ctx.store.put({ ...ws, properties: { ...wsProps(ws), managedNetwork: mn } });
}

/** machineLearningServices.json: PUT and DELETE are long-running; DELETE requires underlyingResourceAction. */
const computes: ChildKind = {
  path: 'computes',
  type: 'computes',
  longRunning: { put: true, delete: true },
  decorate: (body, { ws }) => ({ location: ws.location, ...body, properties: { ...propsOf(body), isAttachedCompute: false } }),
  afterPut: provisionLazily,
  beforeDelete: (_ctx, req) => {
    const action = req.query.get('underlyingResourceAction');
    if (action !== 'Delete' && action !== 'Detach') {
      throw new ArmHttpError(400, 'BadRequest', `The query parameter underlyingResourceAction is required on a compute DELETE and must be Delete or Detach, not '${action ?? ''}'.`);
    }
  },
};

/** mfe.json: synchronous PUT/DELETE; secrets only through listSecrets. */
const datastores: ChildKind = {
  path: 'datastores',
  type: 'datastores',
  decorate: (body, { existing }) => ({ ...body, properties: { ...propsOf(body), isDefault: propsOf(existing).isDefault === true } }),
  splitSecrets: splitDatastoreSecrets,
};

/**
 * Asset containers (mfe.json ModelContainer, EnvironmentContainer, DataContainer). latestVersion/nextVersion are
 * service-set: kept from the container being replaced (versions move them, see asset-versions.ts), else "1".
 */
function assetContainers(segment: 'models' | 'environments' | 'data'): ChildKind {
  return {
    path: segment,
    type: segment,
    namePattern: ASSET_NAME,
    decorate: (body, { existing }) => {
      const { latestVersion: _l, nextVersion: _n, provisioningState: _p, ...props } = propsOf(body);
      const prev = propsOf(existing);
      const versions = prev.nextVersion !== undefined ? { ...(prev.latestVersion !== undefined ? { latestVersion: prev.latestVersion } : {}), nextVersion: prev.nextVersion } : { nextVersion: '1' };
      // DataContainer has no provisioningState (ModelContainer and EnvironmentContainer do).
      return { properties: { isArchived: false, ...props, ...versions, ...(segment === 'data' ? {} : { provisioningState: 'Succeeded' }) } };
    },
  };
}

/** workspaceRP.json ConnectionAuthType (2025-06-01). */
const AUTH_TYPES = ['PAT', 'ManagedIdentity', 'UsernamePassword', 'None', 'SAS', 'AccountKey', 'ServicePrincipal', 'AccessKey', 'ApiKey', 'CustomKeys', 'OAuth2', 'AAD'];

/** workspaceRP.json workspaces/{ws}/connections: synchronous; credentials only through listsecrets. */
const connections: ChildKind = {
  path: 'connections',
  type: 'connections',
  decorate: (body) => {
    const props = propsOf(body);
    if (!AUTH_TYPES.includes(String(props.authType))) {
      throw new ArmHttpError(400, 'InvalidRequestContent', `properties.authType must be one of ${AUTH_TYPES.join(', ')}, not '${String(props.authType ?? '')}'.`);
    }
    return { ...body, properties: { isSharedToAll: false, ...props } };
  },
  splitSecrets: splitConnectionSecrets,
};

/** mfe.json schedules: PUT and DELETE long-running; list shows enabled schedules unless listViewType says otherwise. */
const schedules: ChildKind = {
  path: 'schedules',
  type: 'schedules',
  namePattern: ASSET_NAME,
  longRunning: { put: true, delete: true },
  decorate: (body) => {
    const props = propsOf(body);
    const action = (props.action ?? {}) as Record<string, unknown>;
    const trigger = (props.trigger ?? {}) as Record<string, unknown>;
    if (!action.actionType || !trigger.triggerType) {
      throw new ArmHttpError(400, 'InvalidRequestContent', 'A schedule needs properties.action (with actionType) and properties.trigger (with triggerType).');
    }
    return { ...body, properties: { isEnabled: true, ...props } };
  },
  listFilter: (req) => {
    const view = req.query.get('listViewType') ?? 'EnabledOnly';
    if (view === 'All') return undefined;
    return (s) => (propsOf(s).isEnabled !== false) === (view === 'EnabledOnly');
  },
};

/**
 * A workspace's contents: computes, online endpoints and deployments, datastores, asset containers and versions,
 * connections and schedules. Deleting the workspace deletes them all (Store.deleteTree).
 */
export const workspaceChildRoutes: Route[] = [
  ...secretRoutes,
  ...assetVersionRoutes,
  ...[computes, onlineDeployments, onlineEndpoints, datastores, connections, schedules, assetContainers('models'), assetContainers('environments'), assetContainers('data')].flatMap(childRoutes),
];
