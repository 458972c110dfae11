import type { DiagnosticSetting, Subscription, Workspace } from '../model/workspace.js';
import { apiVersions, workspaceApiVersion } from '../model/api-versions.js';
import type { ArmReader } from './arm-requester.js';
import type { FleetReader, ListWorkspacesOptions, ReadOptions, ResourceGraphRow } from './ports.js';
import { checkResourceGroup, queryWorkspaceRows, type ResourceGraphQueryOptions } from './resource-graph-query.js';

export { resourceGraphSubscriptionBatch, workspaceQuery } from './resource-graph-query.js';

/** FleetReader over the raw ARM requester: workspaces at 2025-06-01 with the whole managedNetwork. */
export function createFleetReader(arm: ArmReader, queryOptions: ResourceGraphQueryOptions = {}): FleetReader {
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

    queryWorkspaces(subscriptionIds: string[], options: ListWorkspacesOptions = {}): AsyncIterable<ResourceGraphRow[]> {
      return queryWorkspaceRows(arm, subscriptionIds, options, queryOptions);
    },
  };
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
