import type { ObservedWorkspace } from './observed.js';
import type { WorkspaceHoldings } from './plan.js';
import type { Policy } from './policy-schema.js';
import type { PrivateEndpointDestination } from '../model/workspace.js';

export function holdingsOf(ws: ObservedWorkspace): WorkspaceHoldings {
  return {
    computes: ws.computes.map((c) => ({ id: c.id, name: c.name, computeType: c.computeType })),
    onlineEndpoints: ws.onlineEndpoints.map((e) => ({ id: e.id, name: e.name })),
    datastores: ws.datastores.map((s) => ({ name: s.name, datastoreType: s.datastoreType, isDefault: s.isDefault })),
    models: ws.models ? [...ws.models] : null,
    environments: ws.environments ? [...ws.environments] : null,
    dataAssets: ws.dataAssets ? [...ws.dataAssets] : null,
    outboundRules: Object.entries(ws.outboundRules).map(([name, r]) => ({ name, type: r.type, category: r.category ?? 'UserDefined', destination: describeDestination(r.destination) })),
  };
}

function describeDestination(d: unknown): string {
  if (typeof d === 'string') return d;
  const pe = d as PrivateEndpointDestination | undefined;
  if (pe?.serviceResourceId) return `${pe.subresourceTarget ?? '?'} of ${pe.serviceResourceId}`;
  return d === undefined ? '' : JSON.stringify(d);
}

const list = (names: string[]) => names.slice(0, 10).join(', ') + (names.length > 10 ? `, … (${names.length - 10} more)` : '');

/** What re-creating the workspace will not carry over (accurate to the service's behaviour as documented in FACTS). */
export function recreateLosses(ws: ObservedWorkspace, newName: string, sameName: boolean, policy: Policy, rulesNotCarried: string[], contentsCarried = false): string[] {
  const lines: string[] = [];
  if (contentsCarried) {
    // The carry-over lists its own contents (copied, listed, skipped, with why); only what lies outside them stays here.
    lines.push(`inbound private endpoints and private DNS of the source do not serve ${newName}: with public access Disabled, users need a new private endpoint (amlworkspace) to reach it`);
    lines.push(...rulesNotCarried);
    if (sameName) lines.push('the source is purged BEFORE the new workspace is created: only what the plan recorded can be copied afterwards (irreversible)');
    return lines;
  }
  if (ws.computes.length) lines.push(`computes (${ws.computes.length}: ${list(ws.computes.map((c) => c.name))}): not carried over; re-create them in ${newName}`);
  if (ws.onlineEndpoints.length) lines.push(`online endpoints and their deployments (${ws.onlineEndpoints.length}: ${list(ws.onlineEndpoints.map((e) => e.name))}): not carried over; redeploy them in ${newName}`);
  lines.push('jobs and run history (metrics, logs, lineage) stay with the source workspace; files the jobs wrote to the linked storage account stay there');
  for (const [label, names] of [['registered models', ws.models], ['environments', ws.environments], ['data assets', ws.dataAssets]] as const) {
    if (names === undefined) lines.push(`${label}: could not be listed; whatever is registered lives in the source's service-side store and is not carried over`);
    else if (names.length) lines.push(`${label} (${names.length}: ${list(names)}): registered in the source's service-side store, not carried over; register them again or share them through a registry`);
  }
  const custom = ws.datastores.filter((s) => !s.isDefault);
  if (custom.length) lines.push(`datastores (${custom.length}: ${list(custom.map((s) => s.name))}): must be registered again in ${newName}; their credentials are never copied`);
  lines.push(`role assignments scoped to the source workspace: grant them again on ${newName}`);
  lines.push(`inbound private endpoints and private DNS of the source do not serve ${newName}: with public access Disabled, users need a new private endpoint (amlworkspace) to reach it`);
  lines.push('connections, schedules, batch endpoints and other workspace-scoped assets are not copied');
  lines.push(...rulesNotCarried);
  if (sameName) lines.push('the source is purged BEFORE the new workspace is created: all of the above is permanently deleted (irreversible)');
  else if (policy.recreate.retireSource !== 'keep') lines.push(`retiring the source (${policy.recreate.retireSource}) hard-deletes its jobs, compute instances and clusters, inference endpoints and role assignments`);
  return lines;
}

export function inPlaceLosses(ws: ObservedWorkspace, removing: boolean): string[] {
  if (!removing) return [];
  return [
    ...ws.computes.map((c) => `compute ${c.name} (${c.computeType}): deleted before the managed network is enabled and not re-created; re-create it from your own definitions`),
    ...ws.onlineEndpoints.map((e) => `online endpoint ${e.name}: deleted with its deployments and not re-created; redeploy it from your own definitions`),
  ];
}
