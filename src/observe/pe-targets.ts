import { parseResourceId } from '../model/resource-id.js';
import type { ArmReader } from '../azure/arm-requester.js';
import type { Fingerprint, ObservedResource } from '../plan/observed.js';
import { apiVersions, peTargetApiVersions } from '../model/api-versions.js';
import { readGeneric } from './linked-resources.js';
import type { ObserveClients } from './ports.js';
import { isStatus, problemFrom, type ReadContext } from './read-problems.js';

/**
 * Each extra private-endpoint target by id: GET at a GA api-version for its type (api-versions.ts, else the newest
 * non-preview version its provider advertises). 404 → 'not-found'; 403 or an api-version that cannot be found → absent
 * and recorded in ctx.problems.
 */
export async function observePeTargets(
  clients: ObserveClients,
  ids: readonly string[],
  ctx: ReadContext,
): Promise<{ targets: Record<string, ObservedResource | 'not-found'>; fingerprints: Fingerprint[] }> {
  const targets: Record<string, ObservedResource | 'not-found'> = {};
  const fingerprints: Fingerprint[] = [];
  const versions = new Map<string, Promise<string | undefined>>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const rid = parseResourceId(id);
      const type = rid ? `${rid.provider}/${rid.type}`.toLowerCase() : undefined;
      let apiVersion = type ? peTargetApiVersions[type] : undefined;
      if (rid && !apiVersion) {
        const key = `${rid.subscriptionId}/${rid.provider}`.toLowerCase();
        if (!versions.has(key)) versions.set(key, newestGaVersion(clients.arm, rid.subscriptionId, rid.provider, rid.type, ctx));
        apiVersion = await versions.get(key);
      }
      if (!apiVersion) {
        ctx.problems.push({ subject: 'peTarget', id, reason: 'unsupported', message: `no known api-version to read '${id}'` });
        return;
      }
      try {
        const read = await readGeneric(clients, id, apiVersion, ctx);
        targets[id.toLowerCase()] = read.resource;
        fingerprints.push(read.fingerprint);
      } catch (error) {
        if (isStatus(error, 404)) targets[id.toLowerCase()] = 'not-found';
        else if (isStatus(error, 400, 403)) ctx.problems.push(problemFrom('peTarget', id, error));
        else throw error;
      }
    }),
  );
  return { targets, fingerprints };
}

async function newestGaVersion(arm: ArmReader, subscriptionId: string, namespace: string, type: string, ctx: ReadContext): Promise<string | undefined> {
  try {
    const response = await ctx.limit(() =>
      arm.get<{ resourceTypes?: { resourceType?: string; apiVersions?: string[] }[] }>(
        `/subscriptions/${subscriptionId}/providers/${namespace}`,
        apiVersions.providers,
        { abortSignal: ctx.abortSignal },
      ),
    );
    const entry = response.body?.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === type.toLowerCase());
    return (entry?.apiVersions ?? []).filter((v) => !/preview/i.test(v)).sort().pop();
  } catch {
    return undefined;
  }
}
