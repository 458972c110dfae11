import { ArmHttpError } from '../http-types.js';
import type { ArmObject } from '../state.js';
import type { Store } from '../store.js';
import { badRequest, conflict } from './rule-error.js';

/** FACTS (Hubs, projects): `kind` is a free string in 2025-06-01, but the service knows these four. */
export const WORKSPACE_KINDS = ['Default', 'Hub', 'Project', 'FeatureStore'] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];
type Props = Record<string, unknown>;

/** The canonical spelling of a kind, or a 400 naming the four that exist. Absent means Default. */
export function canonicalKind(kind: unknown): WorkspaceKind {
  if (kind === undefined || kind === null || kind === '') return 'Default';
  const found = WORKSPACE_KINDS.find((k) => k.toLowerCase() === String(kind).toLowerCase());
  if (!found) throw badRequest(`Workspace kind '${String(kind)}' is not supported: use one of ${WORKSPACE_KINDS.join(', ')}.`);
  return found;
}

export function kindOf(ws: ArmObject | undefined): WorkspaceKind {
  return WORKSPACE_KINDS.find((k) => k.toLowerCase() === String(ws?.kind ?? 'Default').toLowerCase()) ?? 'Default';
}

/** FACTS: "a workspace cannot be converted into a hub"; the emulator refuses every change of kind. */
export function assertKindUnchanged(current: ArmObject, next: WorkspaceKind): void {
  const was = kindOf(current);
  if (was !== next) throw badRequest(`The kind of workspace '${String(current.name)}' is ${was} and cannot be changed to ${next}; create a new workspace of kind ${next} instead.`);
}

/**
 * A project names an existing Hub in its own subscription (properties.hubResourceId); it cannot move to another hub.
 * Returns the hub.
 */
export function requireHubForProject(store: Store, subscriptionId: string, hubResourceId: unknown, current: ArmObject | undefined): ArmObject {
  if (typeof hubResourceId !== 'string' || !hubResourceId) {
    throw badRequest("A workspace of kind Project needs properties.hubResourceId: the id of the hub (kind Hub) it belongs to.");
  }
  const before = current ? (current.properties as Props | undefined)?.hubResourceId : undefined;
  if (typeof before === 'string' && before.toLowerCase() !== hubResourceId.toLowerCase()) {
    throw badRequest(`'hubResourceId' can only be set when the project is created (it is ${before}); create a new project under the other hub instead.`);
  }
  const sub = /^\/subscriptions\/([^/]+)\//i.exec(hubResourceId)?.[1];
  if (!sub || sub.toLowerCase() !== subscriptionId.toLowerCase()) {
    throw badRequest(`hubResourceId '${hubResourceId}' must name a hub workspace in the project's own subscription ${subscriptionId}.`);
  }
  const hub = store.get(hubResourceId);
  if (!hub || !/\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i.test(hubResourceId)) {
    throw badRequest(`The hub '${hubResourceId}' named by hubResourceId does not exist.`);
  }
  if (kindOf(hub) !== 'Hub') throw badRequest(`'${hubResourceId}' is a workspace of kind ${kindOf(hub)}, not a Hub: a project can only be created in a hub.`);
  return hub;
}

/**
 * FACTS: projects obtain the hub's network settings and must not set their own. A write that sends back what a GET
 * showed (the hub's values, or the project's own stored publicNetworkAccess) passes; any other value is refused.
 * The real error code is *unverified*: the emulator answers 400 ValidationError, so a caller that depends on the code
 * breaks loudly if Azure differs.
 */
export function assertProjectNetworkUnchanged(project: string, hub: ArmObject, incoming: Props, current?: ArmObject): void {
  const hubProps = (hub.properties ?? {}) as Props;
  const pna = incoming.publicNetworkAccess;
  // Either the hub's value (an echoed GET) or the project's own stored one (a GET without the echo) is a no-op.
  const allowed = [hubProps.publicNetworkAccess ?? 'Enabled', (current?.properties as Props | undefined)?.publicNetworkAccess].map(String);
  if (pna !== undefined && !allowed.includes(String(pna))) throw projectNetworkWrite(project, hub, 'publicNetworkAccess');
  const mn = incoming.managedNetwork as Props | undefined;
  if (mn === undefined) return;
  const hubMn = (hubProps.managedNetwork ?? {}) as Props;
  const sameMode = mn.isolationMode === undefined || mn.isolationMode === (hubMn.isolationMode ?? 'Disabled');
  const names = (m: unknown) => Object.keys((m ?? {}) as Props).map((n) => n.toLowerCase()).sort().join(',');
  const sameRules = mn.outboundRules === undefined || names(mn.outboundRules) === names(hubMn.outboundRules);
  if (!sameMode || !sameRules) throw projectNetworkWrite(project, hub, 'managedNetwork');
}

/** Outbound rule writes and provisionManagedNetwork on a project: always refused (see assertProjectNetworkUnchanged). */
export function projectNetworkWrite(project: string, hub: ArmObject | string, what: string): ArmHttpError {
  const hubId = typeof hub === 'string' ? hub : hub.id;
  return new ArmHttpError(400, 'ValidationError', `Workspace '${project}' is a project: its ${what} comes from its hub; set it on the hub ${hubId} instead.`);
}

/** FACTS: a hub holds its projects; deleting it first would orphan them. */
export function assertHubHasNoProjects(hub: ArmObject): void {
  const projects = ((hub.properties as Props | undefined)?.associatedWorkspaces ?? []) as string[];
  if (kindOf(hub) === 'Hub' && projects.length > 0) {
    throw conflict(`Hub '${String(hub.name)}' still has ${projects.length} project(s) (${projects.map((p) => p.split('/').pop()).join(', ')}): delete them first.`);
  }
}
