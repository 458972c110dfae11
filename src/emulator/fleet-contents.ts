import { roleAssignment, workspaceChild } from './fleet-builders.js';
import type { ArmObject, StoredState } from './state.js';

/**
 * Builders for what lives inside a workspace (datastores, assets and their versions, computes, endpoints and
 * deployments, connections, schedules), exactly as the emulator stores them. Secrets go to `state.secrets`, as a PUT
 * would put them (GET never returns them).
 */
export interface ContentsSink {
  add(o: ArmObject): ArmObject;
  secret(id: string, secrets: Record<string, unknown>): void;
}

export function sinkFor(s: StoredState): ContentsSink {
  return {
    add: (o) => (s.resources[o.id.toLowerCase()] = o),
    secret: (id, secrets) => (s.secrets[id.toLowerCase()] = secrets),
  };
}

type Segment = 'models' | 'environments' | 'data';

/** An asset container whose latestVersion/nextVersion match `versions` (numeric, ascending). */
export function addAsset(sink: ContentsSink, ws: ArmObject, segment: Segment, name: string, versions: Record<string, unknown>[], extra: Record<string, unknown> = {}): void {
  // DataContainer requires dataType (that of its versions) and has no provisioningState.
  const state = segment === 'data' ? { dataType: versions[0]?.dataType ?? 'uri_folder' } : { provisioningState: 'Succeeded' };
  const latest = versions.length;
  sink.add(workspaceChild(ws, segment, name, { properties: { isArchived: false, ...extra, ...(latest ? { latestVersion: String(latest) } : {}), nextVersion: String(latest + 1), ...state } }));
  versions.forEach((props, i) => {
    const service = segment === 'models' ? { provisioningState: 'Succeeded' } : segment === 'environments' ? { environmentType: 'UserCreated', provisioningState: 'Succeeded' } : {};
    const defaults = segment === 'environments' ? { autoRebuild: 'Disabled', osType: 'Linux' } : {};
    sink.add(workspaceChild(ws, `${segment}/${name}/versions`, String(i + 1), { properties: { ...defaults, isAnonymous: false, isArchived: false, ...props, ...service } }));
  });
}

/** An AzureBlob datastore with an account key (kept as a secret) or identity-based (credentialsType None). */
export function addBlobDatastore(sink: ContentsSink, ws: ArmObject, name: string, account: string, container: string, key: string | undefined, isDefault = false): void {
  const credentials = key ? { credentialsType: 'AccountKey' } : { credentialsType: 'None' };
  const ds = sink.add(workspaceChild(ws, 'datastores', name, { properties: { datastoreType: 'AzureBlob', accountName: account, containerName: container, endpoint: 'core.windows.net', protocol: 'https', credentials, isDefault, serviceDataAccessAuthIdentity: 'None' } }));
  if (key) sink.secret(ds.id, { secretsType: 'AccountKey', key });
}

/** An online endpoint with deployments (each on a model version ARM id) and a traffic split. */
export function addEndpoint(sink: ContentsSink, ws: ArmObject, name: string, deployments: Record<string, string>, traffic: Record<string, number>): void {
  const location = String(ws.location);
  sink.add(workspaceChild(ws, 'onlineEndpoints', name, { location, identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key', traffic, provisioningState: 'Succeeded', scoringUri: `https://${name}.${location}.inference.ml.azure.com/score`, swaggerUri: `https://${name}.${location}.inference.ml.azure.com/swagger.json` } }));
  for (const [d, model] of Object.entries(deployments)) {
    const body = { location, sku: { name: 'Default', tier: 'Standard', capacity: 1 }, properties: { endpointComputeType: 'Managed', model, instanceType: 'Standard_DS3_v2', provisioningState: 'Succeeded' } };
    sink.add(workspaceChild(ws, `onlineEndpoints/${name}/deployments`, d, body));
  }
}

export function addConnection(sink: ContentsSink, ws: ArmObject, name: string, props: Record<string, unknown>, credentials: Record<string, unknown> | undefined): void {
  const c = sink.add(workspaceChild(ws, 'connections', name, { properties: { isSharedToAll: false, ...props } }));
  if (credentials) sink.secret(c.id, credentials);
}

export function addSchedule(sink: ContentsSink, ws: ArmObject, name: string, props: Record<string, unknown>): void {
  sink.add(workspaceChild(ws, 'schedules', name, { properties: { isEnabled: true, ...props, provisioningState: 'Succeeded' } }));
}

export { roleAssignment, workspaceChild as workspaceChildOf };
