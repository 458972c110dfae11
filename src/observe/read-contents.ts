import type { ArmReader } from '../azure/arm-requester.js';
import { apiVersions } from '../model/api-versions.js';
import { ArmError } from '../errors.js';
import type { ObservedContents } from '../plan/observed.js';
import { createLimit, type Limit } from './read-problems.js';
import { redactSecrets } from './redact.js';

type Item = { id?: string; name?: string; properties?: Record<string, unknown> } & Record<string, unknown>;

/** Lists of a workspace read for carry-over; asset containers and endpoints also have their versions / deployments read. */
const LISTS = ['datastores', 'models', 'environments', 'data', 'computes', 'onlineEndpoints', 'connections', 'schedules?listViewType=All'] as const;
const NESTED: Record<string, string> = { models: 'versions', environments: 'versions', data: 'versions', onlineEndpoints: 'deployments' };

/**
 * The whole inventory of one workspace, every list read to its last page at 2025-06-01 (role assignments at their
 * own api-version, `$filter=atScope()`, kept only when scoped to the workspace itself). Only reads; secrets are
 * redacted before anything else sees an item (GET never returns them anyway; listSecrets is the executor's).
 * A list that cannot be read is named in `unreadable` (the plan says it is not carried), never dropped silently.
 */
export async function readContents(arm: ArmReader, workspaceId: string, workspaceGuid: string | undefined, options: { limit?: Limit; abortSignal?: AbortSignal } = {}): Promise<ObservedContents> {
  const limit = options.limit ?? createLimit(6);
  const items: ObservedContents['items'] = [];
  const unreadable: string[] = [];
  const list = async (relative: string, apiVersion: string = apiVersions.machineLearning): Promise<Item[]> => {
    try {
      const found = await limit(() => arm.listAll<Item>(`${workspaceId}/${relative}`, apiVersion, { abortSignal: options.abortSignal }));
      return found.map(keepCredentialsType);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      unreadable.push(`${relative.split('?')[0]} (${error.statusCode ?? ''} ${error.code}: ${error.message.split('\n')[0]})`);
      return [];
    }
  };
  const add = (parent: string, item: Item) => items.push({ path: `${parent}/${nameOf(item)}`, body: item });

  await Promise.all(LISTS.map(async (segment) => {
    const parent = segment.split('?')[0]!;
    const found = await list(segment);
    for (const item of found) add(parent, item);
    const nested = NESTED[parent];
    if (nested) {
      await Promise.all(found.map(async (c) => {
        const path = `${parent}/${nameOf(c)}/${nested}`;
        for (const child of await list(path)) add(path, child);
      }));
    }
  }));
  const roles = await list("providers/Microsoft.Authorization/roleAssignments?$filter=atScope()", apiVersions.roleAssignments);
  for (const r of roles) {
    const scope = String(r.properties?.scope ?? '');
    if (scope.toLowerCase() === workspaceId.toLowerCase()) add('providers/Microsoft.Authorization/roleAssignments', r);
  }
  items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...(workspaceGuid ? { workspaceGuid } : {}), items, unreadable };
}

/**
 * Redacted, except that a datastore's credentials keep their non-secret fields (credentialsType, clientId, tenantId …)
 * so the plan can say how it authenticates; `secrets` never comes back from a GET and is dropped regardless.
 */
function keepCredentialsType(item: Item): Item {
  const credentials = item.properties?.credentials;
  const redacted = redactSecrets(item);
  if (!credentials || typeof credentials !== 'object') return redacted;
  const { secrets: _s, ...open } = credentials as Record<string, unknown>;
  return { ...redacted, properties: { ...redacted.properties, credentials: redactSecrets(open) } };
}

function nameOf(item: Item): string {
  return item.name ?? String(item.id ?? '').split('/').pop() ?? '';
}
