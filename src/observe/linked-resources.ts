import { parseResourceId } from '../model/resource-id.js';
import { UsageError } from '../errors.js';
import type { Fingerprint, ObservedResource, ObservedVault } from '../plan/observed.js';
import { apiVersions } from '../model/api-versions.js';
import { fingerprintResource } from './fingerprint.js';
import type { ObserveClients } from './ports.js';
import { typedRead, type ReadContext } from './read-problems.js';
import { redactSecrets } from './redact.js';

export interface Read<T> {
  resource: T;
  fingerprint: Fingerprint;
}

type Raw = { id?: string; name?: string; type?: string; location?: string; properties?: Record<string, unknown> };

/** Storage account via the typed @azure/arm-storage client; raw JSON kept for the fingerprint and properties. */
export async function readStorageAccount(clients: ObserveClients, id: string, ctx: ReadContext): Promise<Read<ObservedResource>> {
  const rid = requireId(id, 'storage account');
  const client = await clients.storage(rid.subscriptionId);
  const read = await ctx.limit(() =>
    typedRead('GET', id, (o) => client.storageAccounts.getProperties(rid.resourceGroup, rid.name, o), ctx.abortSignal),
  );
  const raw = (read.raw ?? {}) as Raw;
  const resource = observedResource(id, raw, read.value.publicNetworkAccess ?? stringProp(raw, 'publicNetworkAccess'));
  return { resource, fingerprint: fingerprintResource(resource.id, raw, read.etag) };
}

/** Key vault via the typed @azure/arm-keyvault client (vaults.get): soft delete, purge protection, RBAC, access policies. */
export async function readKeyVault(clients: ObserveClients, id: string, ctx: ReadContext): Promise<Read<ObservedVault>> {
  const rid = requireId(id, 'key vault');
  const client = await clients.keyVault(rid.subscriptionId);
  const read = await ctx.limit(() => typedRead('GET', id, (o) => client.vaults.get(rid.resourceGroup, rid.name, o), ctx.abortSignal));
  const raw = (read.raw ?? {}) as Raw;
  const props = read.value.properties;
  const resource: ObservedVault = {
    ...observedResource(id, raw, props?.publicNetworkAccess ?? stringProp(raw, 'publicNetworkAccess')),
    subscriptionId: rid.subscriptionId,
    // Absent means not enabled: a wrong "false" only makes the CMK prerequisite check fail loudly.
    enableSoftDelete: props?.enableSoftDelete === true,
    enablePurgeProtection: props?.enablePurgeProtection === true,
    enableRbacAuthorization: props?.enableRbacAuthorization === true,
    accessPolicies: (props?.accessPolicies ?? []).map((p) => ({
      objectId: p.objectId,
      keyPermissions: (p.permissions?.keys ?? []).map((k) => String(k).toLowerCase()),
    })),
  };
  return { resource, fingerprint: fingerprintResource(resource.id, raw, read.etag) };
}

/** Any tracked resource by id over raw ARM (container registry, App Insights, private-endpoint targets). */
export async function readGeneric(clients: ObserveClients, id: string, apiVersion: string, ctx: ReadContext): Promise<Read<ObservedResource>> {
  const response = await ctx.limit(() => clients.arm.get<Raw>(id, apiVersion, { abortSignal: ctx.abortSignal }));
  const raw = response.body ?? {};
  const resource = observedResource(id, raw, stringProp(raw, 'publicNetworkAccess'));
  return { resource, fingerprint: fingerprintResource(resource.id, raw, response.headers.etag) };
}

export const readContainerRegistry = (clients: ObserveClients, id: string, ctx: ReadContext) =>
  readGeneric(clients, id, apiVersions.containerRegistry, ctx);

export const readApplicationInsights = (clients: ObserveClients, id: string, ctx: ReadContext) =>
  readGeneric(clients, id, apiVersions.applicationInsights, ctx);

function observedResource(id: string, raw: Raw, publicNetworkAccess: string | undefined): ObservedResource {
  const rid = parseResourceId(id);
  return {
    id: raw.id ?? id,
    name: raw.name ?? rid?.name ?? id.split('/').pop() ?? id,
    type: raw.type ?? (rid ? `${rid.provider}/${rid.type}` : ''),
    ...(raw.location !== undefined ? { location: raw.location } : {}),
    ...(publicNetworkAccess !== undefined ? { publicNetworkAccess } : {}),
    ...(raw.properties ? { properties: redactSecrets(raw.properties) } : {}),
  };
}

function stringProp(raw: Raw, key: string): string | undefined {
  const v = raw.properties?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function requireId(id: string, what: string) {
  const rid = parseResourceId(id);
  if (!rid) throw new UsageError(`'${id}' is not a valid ARM id of a ${what}.`);
  return rid;
}
