import { setTimeout as sleepTimer } from 'node:timers/promises';
import { UsageError } from '../errors.js';
import { apiVersions } from '../model/api-versions.js';
import type { ArmReader } from './arm-requester.js';
import type { ListWorkspacesOptions, ResourceGraphRow } from './ports.js';

/** Azure Resource Graph accepts at most this many subscriptions per query. */
export const resourceGraphSubscriptionBatch = 1000;
/** FACTS (Throttling): at most 1,000 rows per page. */
const resourceGraphPageSize = 1000;

export interface ResourceGraphQueryOptions {
  /** Waits out ARG's quota window; injectable for tests; must reject when the signal aborts. */
  sleep?: (ms: number, abortSignal?: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, abortSignal?: AbortSignal): Promise<void> =>
  sleepTimer(ms, undefined, abortSignal ? { signal: abortSignal } : {});

/**
 * Pages of workspace rows, following $skipToken to the end, 1,000 subscriptions per query.
 * ARG's own throttle (~15 queries per 5 s per user, FACTS) is respected before it bites: when a response says
 * `x-ms-user-quota-remaining: 0`, the next query waits `x-ms-user-quota-resets-after`. A 429 that still happens is
 * retried by the pipeline's retry policy (it reads the same header).
 */
export async function* queryWorkspaceRows(
  arm: ArmReader,
  subscriptionIds: string[],
  options: ListWorkspacesOptions = {},
  queryOptions: ResourceGraphQueryOptions = {},
): AsyncGenerator<ResourceGraphRow[]> {
  const sleep = queryOptions.sleep ?? defaultSleep;
  const query = workspaceQuery(options.resourceGroup);
  let waitMs = 0;
  for (let i = 0; i < subscriptionIds.length; i += resourceGraphSubscriptionBatch) {
    const subscriptions = subscriptionIds.slice(i, i + resourceGraphSubscriptionBatch);
    let skipToken: string | undefined;
    do {
      if (waitMs > 0) await sleep(waitMs, options.abortSignal);
      const response = await arm.readAction<ResourceGraphResponse>(
        '/providers/Microsoft.ResourceGraph/resources',
        apiVersions.resourceGraph,
        {
          subscriptions,
          query,
          options: { $top: resourceGraphPageSize, ...(skipToken ? { $skipToken: skipToken } : {}), resultFormat: 'objectArray' },
        },
        options.abortSignal ? { abortSignal: options.abortSignal } : {},
      );
      waitMs = quotaWaitInMs(response.headers);
      yield (response.body?.data ?? []).filter((row): row is ResourceGraphRow => typeof row.id === 'string');
      skipToken = response.body?.$skipToken ?? undefined;
    } while (skipToken);
  }
}

/** How long to wait before the next query: the reset window when the quota is spent, else 0. */
export function quotaWaitInMs(headers: Record<string, string>): number {
  if (headers['x-ms-user-quota-remaining']?.trim() !== '0') return 0;
  const resets = /^(\d+):(\d{2}):(\d{2})(\.\d+)?$/.exec(headers['x-ms-user-quota-resets-after'] ?? '');
  if (!resets) return 5000; // FACTS: the window is 5 s
  return ((Number(resets[1]) * 60 + Number(resets[2])) * 60 + Number(resets[3]) + Number(resets[4] ?? 0)) * 1000;
}

interface ResourceGraphResponse {
  totalRecords?: number;
  count?: number;
  data?: { id?: unknown }[];
  $skipToken?: string | null;
  resultTruncated?: 'true' | 'false';
}

/** Projects what the ML-005 checks read (and the related rules), nothing the report does not need. */
export function workspaceQuery(resourceGroup: string | undefined): string {
  const base = "resources | where type =~ 'microsoft.machinelearningservices/workspaces'";
  const rg = resourceGroup ? ` | where resourceGroup =~ '${checkResourceGroup(resourceGroup)}'` : '';
  return `${base}${rg} | project id, name, location, kind, identity, properties`;
}

/** ARM resource group names: letters, digits, _ - . ( ), 1-90 chars, not ending in '.'. Also keeps KQL safe. */
export function checkResourceGroup(name: string): string {
  if (!/^[-\w.()]{1,90}$/u.test(name) || name.endsWith('.')) {
    throw new UsageError(`'${name}' is not a valid resource group name.`);
  }
  return name;
}
