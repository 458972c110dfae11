import type { DiagnosticSetting, Subscription, Workspace } from '../model/workspace.js';
import { UsageError } from '../errors.js';
import { apiVersions, workspaceApiVersion } from '../model/api-versions.js';
import type { ArmReader } from './arm-requester.js';
import type { FleetReader, ListWorkspacesOptions, ReadOptions } from './ports.js';

/** Azure Resource Graph accepts at most this many subscriptions per query. */
export const resourceGraphSubscriptionBatch = 1000;
const resourceGraphPageSize = 1000;

/** FleetReader over the raw ARM requester: workspaces at 2025-06-01 with the whole managedNetwork. */
export function createFleetReader(arm: ArmReader): FleetReader {
  return {
    async listSubscriptions(options?: ReadOptions): Promise<Subscription[]> {
      const raw = await arm.listAll<Record<string, unknown>>('/subscriptions', apiVersions.subscriptions, options);
      return raw.map(toSubscription);
    },

    async *listWorkspaces(subscriptionId: string, options: ListWorkspacesOptions = {}): AsyncIterable<Workspace> {
      const scope = options.resourceGroup
        ? `/subscriptions/${segment(subscriptionId)}/resourceGroups/${segment(checkResourceGroup(options.resourceGroup))}`
        : `/subscriptions/${segment(subscriptionId)}`;
      const path = `${scope}/providers/Microsoft.MachineLearningServices/workspaces`;
      for await (const page of arm.pages<Workspace>(path, workspaceApiVersion, options)) yield* page;
    },

    async getWorkspace(workspaceId: string, options?: ReadOptions): Promise<Workspace> {
      return (await arm.get<Workspace>(workspaceId, workspaceApiVersion, options)).body;
    },

    async listDiagnosticSettings(resourceId: string, options?: ReadOptions): Promise<DiagnosticSetting[]> {
      const path = `${resourceId.replace(/\/+$/, '')}/providers/Microsoft.Insights/diagnosticSettings`;
      return arm.listAll<DiagnosticSetting>(path, apiVersions.diagnosticSettings, options);
    },

    async queryWorkspaceIds(subscriptionIds: string[], options: ListWorkspacesOptions = {}): Promise<string[]> {
      const query = workspaceQuery(options.resourceGroup);
      const ids: string[] = [];
      for (let i = 0; i < subscriptionIds.length; i += resourceGraphSubscriptionBatch) {
        const subscriptions = subscriptionIds.slice(i, i + resourceGraphSubscriptionBatch);
        let skipToken: string | undefined;
        do {
          const response = await arm.readAction<ResourceGraphResponse>(
            '/providers/Microsoft.ResourceGraph/resources',
            apiVersions.resourceGraph,
            {
              subscriptions,
              query,
              options: { $top: resourceGraphPageSize, ...(skipToken ? { $skipToken: skipToken } : {}), resultFormat: 'objectArray' },
            },
            options,
          );
          for (const row of response.body?.data ?? []) if (typeof row.id === 'string') ids.push(row.id);
          skipToken = response.body?.$skipToken ?? undefined;
        } while (skipToken);
      }
      return ids;
    },
  };
}

interface ResourceGraphResponse {
  totalRecords?: number;
  count?: number;
  data?: { id?: unknown }[];
  $skipToken?: string | null;
  resultTruncated?: 'true' | 'false';
}

export function workspaceQuery(resourceGroup: string | undefined): string {
  const base = "resources | where type =~ 'microsoft.machinelearningservices/workspaces'";
  const rg = resourceGroup ? ` | where resourceGroup =~ '${checkResourceGroup(resourceGroup)}'` : '';
  return `${base}${rg} | project id`;
}

/** ARM resource group names: letters, digits, _ - . ( ), 1-90 chars, not ending in '.'. Also keeps KQL safe. */
function checkResourceGroup(name: string): string {
  if (!/^[-\w.()]{1,90}$/u.test(name) || name.endsWith('.')) {
    throw new UsageError(`'${name}' is not a valid resource group name.`);
  }
  return name;
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

function toSubscription(raw: Record<string, unknown>): Subscription {
  const str = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const subscription: Subscription = { subscriptionId: str('subscriptionId') ?? '' };
  const displayName = str('displayName');
  const state = str('state');
  const tenantId = str('tenantId');
  if (displayName !== undefined) subscription.displayName = displayName;
  if (state !== undefined) subscription.state = state;
  if (tenantId !== undefined) subscription.tenantId = tenantId;
  return subscription;
}
