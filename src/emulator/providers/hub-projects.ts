import type { EmulatorContext } from '../context.js';
import { kindOf } from '../rules/hubs.js';
import type { ArmObject } from '../state.js';
import type { Store } from '../store.js';
import { propsOf } from './workspace-model.js';

/** The hub a project names, when it still exists. */
export function hubOf(store: Store, project: ArmObject): ArmObject | undefined {
  const hubId = propsOf(project).hubResourceId;
  return typeof hubId === 'string' ? store.get(hubId) : undefined;
}

/**
 * A workspace as GET answers it. A project's network settings are its hub's (FACTS: "one managed virtual network is
 * shared between hub and project workspaces"). Whether Azure's GET of a project echoes the hub's managedNetwork and
 * publicNetworkAccess is *unverified*: the emulator echoes them (the live values, read at GET time) unless the
 * `projectNetworkEcho` knob is off, in which case the project shows what it stored at creation (the hub's
 * publicNetworkAccess at that time, no managedNetwork). Tools must give the right answer either way.
 */
export function presentWorkspace(ctx: EmulatorContext, ws: ArmObject): ArmObject {
  if (kindOf(ws) !== 'Project' || !ctx.config.projectNetworkEcho) return ws;
  const hub = hubOf(ctx.store, ws);
  if (!hub) return ws;
  const hubProps = propsOf(hub);
  const echoed: Record<string, unknown> = { ...propsOf(ws), publicNetworkAccess: hubProps.publicNetworkAccess ?? 'Enabled' };
  if (hubProps.managedNetwork !== undefined) echoed.managedNetwork = structuredClone(hubProps.managedNetwork);
  return { ...ws, properties: echoed };
}

/** Keeps the hub's properties.associatedWorkspaces in step with its projects (create adds, delete removes). */
export function updateHubProjects(store: Store, project: ArmObject, change: 'add' | 'remove'): void {
  if (kindOf(project) !== 'Project') return;
  const hub = hubOf(store, project);
  if (!hub) return;
  const key = project.id.toLowerCase();
  const others = ((propsOf(hub).associatedWorkspaces ?? []) as string[]).filter((id) => id.toLowerCase() !== key);
  const associatedWorkspaces = change === 'add' ? [...others, project.id] : others;
  store.put({ ...hub, properties: { ...propsOf(hub), associatedWorkspaces } });
}
