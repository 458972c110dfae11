import type { EmulatorContext } from '../context.js';
import { assertProjectNetworkUnchanged, requireHubForProject, type WorkspaceKind } from '../rules/hubs.js';
import { badRequest } from '../rules/rule-error.js';
import type { ArmObject } from '../state.js';
import { propsOf } from './workspace-model.js';

type Props = Record<string, unknown>;

/**
 * Hub/project rules on a PUT's properties (mutated in place): a project needs an existing hub, may not set its own
 * network (its stored publicNetworkAccess is the hub's, as FACTS says new projects get it), and only the service
 * writes a hub's associatedWorkspaces.
 */
export function takeHubSettings(ctx: EmulatorContext, name: string, subscriptionId: string, kind: WorkspaceKind, incoming: Props, current: ArmObject | undefined): void {
  const cur = current ? propsOf(current) : {};
  if (kind === 'Hub') incoming.associatedWorkspaces = cur.associatedWorkspaces ?? [];
  else delete incoming.associatedWorkspaces;
  if (kind !== 'Project') {
    if (incoming.hubResourceId !== undefined) throw badRequest(`properties.hubResourceId is only for workspaces of kind Project, not ${kind}.`);
    return;
  }
  const hub = requireHubForProject(ctx.store, subscriptionId, incoming.hubResourceId ?? cur.hubResourceId, current);
  assertProjectNetworkUnchanged(name, hub, incoming, current);
  incoming.hubResourceId = hub.id;
  delete incoming.managedNetwork;
  incoming.publicNetworkAccess = cur.publicNetworkAccess ?? propsOf(hub).publicNetworkAccess ?? 'Enabled';
}

/** A project stores no managed network of its own: it uses its hub's (see hub-projects.ts for what GET shows). */
export function withoutProjectNetwork(kind: WorkspaceKind, ws: ArmObject): ArmObject {
  if (kind !== 'Project') return ws;
  const { managedNetwork: _drop, ...props } = propsOf(ws);
  return { ...ws, properties: props };
}

/** The same rules on a PATCH's properties (mutated in place): a project's network fields are dropped once checked. */
export function takeHubPatch(ctx: EmulatorContext, kind: WorkspaceKind, incoming: Props, current: ArmObject): void {
  delete incoming.associatedWorkspaces; // service-owned
  if (kind !== 'Project') return;
  const subscriptionId = current.id.split('/')[2]!;
  const hub = requireHubForProject(ctx.store, subscriptionId, propsOf(current).hubResourceId, current);
  assertProjectNetworkUnchanged(String(current.name), hub, incoming, current);
  delete incoming.managedNetwork;
  delete incoming.publicNetworkAccess;
}
