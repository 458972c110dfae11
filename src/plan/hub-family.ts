import type { HubFamily, ObservedContext, ObservedWorkspace, ReadProblem } from './observed.js';

/**
 * What the planner plans, once hubs and projects are sorted out. Invariant: no unit plans a project. A requested
 * project becomes its hub (each hub once, at the position of its first mention); a project whose hub cannot be read
 * stays a unit of its own that is only ever blocked ("says why it cannot").
 */
export type PlanUnit =
  | { kind: 'workspace'; ws: ObservedWorkspace; projects?: undefined }
  | { kind: 'hub'; ws: ObservedWorkspace; projects: HubProject[] }
  | { kind: 'orphan-project'; ws: ObservedWorkspace; hubId: string | undefined; problem: ReadProblem | undefined };

/** A project of a hub being planned: observed when it could be read, else why not. */
export interface HubProject {
  id: string;
  observed?: ObservedWorkspace;
  problem?: ReadProblem;
}

const lower = (id: string) => id.toLowerCase();

export function isProject(ws: ObservedWorkspace): boolean {
  return ws.workspace.kind?.toLowerCase() === 'project';
}

export function isHub(ws: ObservedWorkspace): boolean {
  return ws.workspace.kind?.toLowerCase() === 'hub';
}

/** Sorts the observed workspaces into plan units (pure). */
export function arrangePlanUnits(ctx: ObservedContext): PlanUnit[] {
  const family: HubFamily = ctx.hubFamily ?? { hubs: {}, projects: {}, unread: {} };
  const requested = new Map(ctx.workspaces.map((ws) => [lower(ws.workspace.id), ws]));
  const units: PlanUnit[] = [];
  const seen = new Set<string>();
  const addHub = (hub: ObservedWorkspace) => {
    if (seen.has(lower(hub.workspace.id))) return;
    seen.add(lower(hub.workspace.id));
    units.push({ kind: 'hub', ws: hub, projects: projectsOf(hub, ctx, family, requested) });
  };
  for (const ws of ctx.workspaces) {
    if (isHub(ws)) addHub(ws);
    else if (isProject(ws)) {
      const hubId = ws.workspace.properties.hubResourceId;
      const hub = hubId ? requested.get(lower(hubId)) ?? family.hubs[lower(hubId)] : undefined;
      if (hub && isHub(hub)) addHub(hub);
      else units.push({ kind: 'orphan-project', ws, hubId, problem: hubId ? family.unread[lower(hubId)] : undefined });
    } else units.push({ kind: 'workspace', ws });
  }
  return units;
}

/** The hub's projects: those it lists (service-set) and any read project naming it, sorted by id. */
function projectsOf(hub: ObservedWorkspace, ctx: ObservedContext, family: HubFamily, requested: Map<string, ObservedWorkspace>): HubProject[] {
  const hubId = lower(hub.workspace.id);
  const ids = new Map<string, string>();
  for (const id of hub.workspace.properties.associatedWorkspaces ?? []) ids.set(lower(id), id);
  for (const ws of [...ctx.workspaces, ...Object.values(family.projects)]) {
    if (isProject(ws) && lower(ws.workspace.properties.hubResourceId ?? '') === hubId) ids.set(lower(ws.workspace.id), ws.workspace.id);
  }
  return [...ids.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, id]) => {
      const observed = requested.get(key) ?? family.projects[key];
      const problem = family.unread[key];
      return { id, ...(observed ? { observed } : {}), ...(problem && !observed ? { problem } : {}) };
    });
}
