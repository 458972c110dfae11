import { ArmHttpError } from '../http-types.js';
import { decodeSkipToken, encodeSkipToken } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';

/** FACTS (Throttling): at most 1,000 rows per page. */
const MAX_ROWS = 1000;
const TYPE_FILTER = /type\s*(?:=~|==)\s*['"]([\w.]+\/[\w./]+)['"]/i;
/** Role assignments are stored like resources but ARG keeps them in another table (authorizationresources). */
const NOT_IN_RESOURCES = 'microsoft.authorization/roleassignments';
const TOP_LEVEL = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/;

interface QueryRequest {
  subscriptions?: string[];
  query?: string;
  options?: { $top?: number; $skip?: number; $skipToken?: string };
}

/**
 * Azure Resource Graph over the `Resources` table only: `where type =~ '…'` (served from the collection index, so
 * workspace queries stay cheap), `resourceGroup =~ '…'`, `| project a, b` and `| limit n`/`| take n`. Rows carry
 * properties; FACTS marks ARG's managedNetwork as unverified, so callers must confirm with an ARM GET anyway.
 */
export const resourceGraphRoutes: Route[] = [
  {
    method: 'POST',
    template: '/providers/Microsoft.ResourceGraph/resources',
    handler: (req, _p, ctx) => {
      const q = (req.body ?? {}) as QueryRequest;
      const query = (q.query ?? '').trim();
      if (!/^resources\b/i.test(query)) {
        throw new ArmHttpError(400, 'BadRequest', "The emulator's Resource Graph only answers queries over the Resources table.");
      }
      const type = TYPE_FILTER.exec(query)?.[1];
      const rg = /resourceGroup\s*(?:=~|==)\s*['"]([^'"]+)['"]/i.exec(query)?.[1]?.toLowerCase();
      const subs = q.subscriptions ?? ctx.store.all('/subscriptions').map((s) => String(s.subscriptionId));
      const rows = subs
        .flatMap((sub) => (type ? ctx.store.all(`/subscriptions/${sub}/providers/${type}`) : everyResource(ctx, sub)).map((r) => toRow(r, sub)))
        .filter((row) => row.type !== NOT_IN_RESOURCES && (!rg || row.resourceGroup.toLowerCase() === rg));
      const limit = Number(/\|\s*(?:limit|take)\s+(\d+)/i.exec(query)?.[1] ?? Number.MAX_SAFE_INTEGER);
      const projected = project(query, rows).slice(0, limit);
      const offset = q.options?.$skipToken ? decodeSkipToken(q.options.$skipToken) : (q.options?.$skip ?? 0);
      const top = Math.min(q.options?.$top ?? 100, MAX_ROWS);
      const data = projected.slice(offset, offset + top);
      const more = offset + top < projected.length;
      return {
        status: 200,
        body: { totalRecords: projected.length, count: data.length, data, ...(more ? { $skipToken: encodeSkipToken(offset + top) } : {}), resultTruncated: 'false' },
      };
    },
  },
];

function everyResource(ctx: Parameters<Route['handler']>[2], sub: string): ArmObject[] {
  const prefix = `/subscriptions/${sub.toLowerCase()}/`;
  return Object.entries(ctx.store.state.resources)
    .filter(([k]) => k.startsWith(prefix) && TOP_LEVEL.test(k))
    .map(([, r]) => r);
}

function toRow(r: ArmObject, subscriptionId: string) {
  const resourceGroup = /\/resourceGroups\/([^/]+)\//i.exec(r.id)?.[1] ?? '';
  // The Resources table's columns (kind and identity included: ARG indexes them for every resource).
  return {
    id: r.id, name: String(r.name), type: String(r.type).toLowerCase(), kind: r['kind'] ?? '', location: r.location, resourceGroup,
    subscriptionId, tags: r.tags ?? {}, identity: r['identity'] ?? null, properties: r.properties,
  };
}

function project(query: string, rows: ReturnType<typeof toRow>[]): Record<string, unknown>[] {
  const fields = /\|\s*project\s+([\w\s,]+?)\s*(?:\||$)/i.exec(query)?.[1]?.split(',').map((f) => f.trim()).filter(Boolean);
  if (!fields?.length) return rows;
  return rows.map((row) => Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f]])));
}
