/** Parsing and building of ARM resource ids. Comparison of ids is case-insensitive in ARM. */

export interface ResourceId {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  /** e.g. "workspaces" */
  type: string;
  name: string;
}

const WORKSPACE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

export function parseResourceId(id: string): ResourceId | undefined {
  const m = WORKSPACE_ID.exec(id.replace(/^\/+/, '/'));
  if (!m) return undefined;
  const [, subscriptionId, resourceGroup, provider, type, name] = m as unknown as string[];
  return { subscriptionId: subscriptionId!, resourceGroup: resourceGroup!, provider: provider!, type: type!, name: name! };
}

export function workspaceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
}

export function sameResourceId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
