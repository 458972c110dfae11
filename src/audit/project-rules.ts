import type { Workspace } from '../model/workspace.js';
import type { Check } from './report.js';
import { checkManagedNetworkIsolation, checkPublicNetworkAccess } from './network-checks.js';
import { makeCheck } from './make-check.js';

/**
 * Pure: a project's MachineLearning-005 checks. FACTS (Hubs, projects): projects "obtain the hub's security settings"
 * and share the hub's managed network, so the hub's publicNetworkAccess and managedNetwork decide a project's verdict,
 * whatever the project's own GET shows (whether it echoes the hub's is unverified). A hub that could not be read
 * makes both checks 'unknown': a project is never reported compliant on its own say-so.
 */

/** What the runner learnt about a project's hub. */
export type HubObservation =
  | { kind: 'read'; hub: Workspace }
  | { kind: 'unreadable'; hubId: string | undefined; reason: string };

/** The kind as ARM sent it, 'Default' when absent; matched case-insensitively for the four known kinds. */
export function workspaceKindOf(workspace: Workspace): string {
  const kind = typeof workspace.kind === 'string' && workspace.kind ? workspace.kind : 'Default';
  return ['Default', 'Hub', 'Project', 'FeatureStore'].find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind;
}

export function isProject(workspace: Workspace): boolean {
  return workspaceKindOf(workspace) === 'Project';
}

export function hubIdOf(project: Workspace): string | undefined {
  const id = project.properties.hubResourceId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export function inheritedMl005Checks(project: Workspace, hub: HubObservation): Check[] {
  if (hub.kind === 'unreadable') {
    const where = hub.hubId ? `its hub ${hub.hubId}` : 'its hub (the project names none in hubResourceId)';
    const reason = `A project uses its hub's network settings, and ${where} could not be read: ${hub.reason}`;
    return (['ML005-public-network-access', 'ML005-managed-network-isolation'] as const).map((rule) => {
      const check = makeCheck(rule, 'unknown', 'hub could not be read', rule === 'ML005-public-network-access' ? 'Disabled' : 'AllowInternetOutbound', reason);
      if (hub.hubId) check.inheritedFrom = hub.hubId;
      return check;
    });
  }
  return [checkPublicNetworkAccess(hub.hub), checkManagedNetworkIsolation(hub.hub)].map((check) => ({
    ...check,
    reason: `From hub ${hub.hub.name} (a project uses its hub's network): ${check.reason}`,
    ...(check.remediation ? { remediation: `Change it on the hub ${hub.hub.id}, not on the project ${project.name}. ${check.remediation}` } : {}),
    inheritedFrom: hub.hub.id,
  }));
}
