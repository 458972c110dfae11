import { ArmError } from '../errors.js';
import type { HubFamily, ObservedWorkspace, ReadProblem } from '../plan/observed.js';
import { observeWorkspace, type ObserveWorkspaceOptions } from './observe-workspace.js';
import type { ObserveClients } from './ports.js';
import { problemFrom } from './read-problems.js';

const kindOf = (ws: ObservedWorkspace) => ws.workspace.kind?.toLowerCase();

/**
 * Reads what the planner needs around hubs and projects (plan never targets a project): the hub of each requested
 * project, and the projects of each hub (requested or reached through a project) that were not requested, whose
 * computes decide whether the hub's change is blocked. A hub or project that cannot be read (any ARM error) is
 * recorded in `unread`, never thrown: the planner then says why it cannot plan. Reads only.
 */
export async function observeHubFamily(clients: ObserveClients, requested: readonly ObservedWorkspace[], options: ObserveWorkspaceOptions = {}): Promise<HubFamily | undefined> {
  const family: HubFamily = { hubs: {}, projects: {}, unread: {} };
  const known = new Map(requested.map((ws) => [ws.workspace.id.toLowerCase(), ws]));
  const hubIds = new Set(requested.filter((ws) => kindOf(ws) === 'project').map((ws) => ws.workspace.properties.hubResourceId).filter((id): id is string => !!id && !known.has(id.toLowerCase())));
  if (hubIds.size === 0 && !requested.some((ws) => kindOf(ws) === 'hub')) return undefined;

  await Promise.all([...hubIds].map(async (id) => {
    const ws = await readTolerant(clients, id, 'hub', family, options);
    if (ws) family.hubs[id.toLowerCase()] = ws;
  }));
  const hubs = [...requested.filter((ws) => kindOf(ws) === 'hub'), ...Object.values(family.hubs)];
  const projectIds = new Set(hubs.flatMap((h) => h.workspace.properties.associatedWorkspaces ?? []).filter((id) => !known.has(id.toLowerCase())));
  await Promise.all([...projectIds].map(async (id) => {
    const ws = await readTolerant(clients, id, 'project', family, options);
    if (ws) family.projects[id.toLowerCase()] = ws;
  }));
  return family;
}

async function readTolerant(clients: ObserveClients, id: string, subject: ReadProblem['subject'], family: HubFamily, options: ObserveWorkspaceOptions): Promise<ObservedWorkspace | undefined> {
  try {
    return await observeWorkspace(clients, id, options);
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    family.unread[id.toLowerCase()] = problemFrom(subject, id, error);
    return undefined;
  }
}
