import type { Fingerprint, ObservedKey, ObservedVault } from '../plan/observed.js';
import { apiVersions } from '../model/api-versions.js';
import { fingerprintCollection, fingerprintResource } from './fingerprint.js';
import { readKeyVault } from './linked-resources.js';
import type { ObserveClients } from './ports.js';
import { isStatus, problemFrom, tolerant, type ReadContext } from './read-problems.js';

export interface CmkRead {
  vault: ObservedVault | 'not-found' | undefined;
  key: ObservedKey | 'not-found' | undefined;
  fingerprints: Fingerprint[];
}

/**
 * The CMK vault (typed client), its key (management-plane keys API, 2025-05-01) and, for RBAC vaults, the role
 * assignments at or above the vault scope (2022-04-01, $filter=atScope()). 404 → 'not-found'; 403 → undefined and a
 * problem. Role assignments that cannot be listed leave `roleAssignments` undefined (the planner cannot check the
 * Cosmos DB principal's role) and are recorded.
 */
export async function observeCmk(clients: ObserveClients, keyVaultId: string, keyName: string, ctx: ReadContext): Promise<CmkRead> {
  const vaultId = keyVaultId.replace(/\/+$/, '');
  const keyId = `${vaultId}/keys/${keyName}`;
  const fingerprints: Fingerprint[] = [];
  const [vaultRead, keyRead] = await Promise.all([
    notFoundOr(ctx, 'cmkVault', vaultId, () => readKeyVault(clients, vaultId, ctx)),
    notFoundOr(ctx, 'cmkKey', keyId, () => readKey(clients, vaultId, keyId, ctx)),
  ]);
  let vault: CmkRead['vault'] = vaultRead === 'not-found' ? 'not-found' : vaultRead?.resource;
  if (vaultRead && vaultRead !== 'not-found') {
    fingerprints.push(vaultRead.fingerprint);
    if (vaultRead.resource.enableRbacAuthorization) {
      const assignments = await readRoleAssignments(clients, vaultId, ctx);
      if (assignments) {
        vault = { ...vaultRead.resource, roleAssignments: assignments.items };
        fingerprints.push(assignments.fingerprint);
      }
    }
  }
  if (keyRead && keyRead !== 'not-found') fingerprints.push(keyRead.fingerprint);
  return { vault, key: keyRead === 'not-found' ? 'not-found' : keyRead?.resource, fingerprints };
}

async function notFoundOr<T>(ctx: ReadContext, subject: 'cmkVault' | 'cmkKey', id: string, read: () => Promise<T>): Promise<T | 'not-found' | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isStatus(error, 404)) return 'not-found';
    if (isStatus(error, 403)) {
      ctx.problems.push(problemFrom(subject, id, error));
      return undefined;
    }
    throw error;
  }
}

/** A key as the management-plane Key Vault API returns it. */
export type RawKey = {
  id?: string;
  name?: string;
  properties?: { kty?: string; keySize?: number; keyUri?: string; keyUriWithVersion?: string; attributes?: { enabled?: boolean } };
};

async function readKey(clients: ObserveClients, vaultId: string, keyId: string, ctx: ReadContext): Promise<{ resource: ObservedKey; fingerprint: Fingerprint }> {
  const response = await ctx.limit(() => clients.arm.get<RawKey>(keyId, apiVersions.keyVault, { abortSignal: ctx.abortSignal }));
  const raw = response.body ?? {};
  const resource = toObservedKey(vaultId, raw, keyId);
  return { resource, fingerprint: fingerprintResource(resource.id, raw, response.headers.etag) };
}

/** What the CMK checks need of a key; `keyId` stands in when the body lacks an id. */
export function toObservedKey(vaultId: string, raw: RawKey, keyId: string): ObservedKey {
  const p = raw.properties ?? {};
  return {
    id: raw.id ?? keyId,
    name: raw.name ?? keyId.split('/').pop()!,
    vaultId,
    keyUri: p.keyUri ?? '',
    ...(p.keyUriWithVersion !== undefined ? { keyUriWithVersion: p.keyUriWithVersion } : {}),
    kty: p.kty ?? '',
    ...(typeof p.keySize === 'number' ? { keySize: p.keySize } : {}),
    // Absent is treated as disabled: a wrong guess makes the CMK check fail loudly, never silently pass.
    enabled: p.attributes?.enabled === true,
  };
}

type RawAssignment = { id?: string; name?: string; properties?: { principalId?: string; roleDefinitionId?: string; scope?: string } };

async function readRoleAssignments(clients: ObserveClients, vaultId: string, ctx: ReadContext) {
  const path = `${vaultId}/providers/Microsoft.Authorization/roleAssignments`;
  return tolerant(
    ctx,
    'roleAssignments',
    path,
    async () => {
      const raw = await ctx.limit(() =>
        clients.arm.listAll<RawAssignment>(`${path}?$filter=${encodeURIComponent('atScope()')}`, apiVersions.roleAssignments, { abortSignal: ctx.abortSignal }),
      );
      const items = raw.map((a) => ({
        principalId: a.properties?.principalId ?? '',
        roleDefinitionId: (a.properties?.roleDefinitionId ?? '').split('/').pop() ?? '',
      }));
      const fingerprint = fingerprintCollection(path, raw.map((a) => ({ name: a.name ?? a.id ?? '', body: a })));
      return { items, fingerprint };
    },
    'any',
  );
}
