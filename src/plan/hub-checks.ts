import type { DiagnosticCollector } from './diagnostics.js';
import type { HubProject, PlanUnit } from './hub-family.js';
import { movesToManagedNetwork } from './constraints.js';
import type { ObservedWorkspace } from './observed.js';
import type { Strategy } from './strategy.js';

/**
 * Checks that only hubs and projects need (FACTS: Hubs, projects and outbound rules). This tool never writes to a
 * project: projects share their hub's network settings and managed network, so fixing the hub fixes them.
 */

/** A hub is updated in place or not at all: its projects cannot be moved to a re-created hub by this tool. */
export function checkHubRecreate(hub: ObservedWorkspace, projects: HubProject[], strategy: Strategy, forcing: string[], d: DiagnosticCollector): void {
  if (strategy !== 'recreate' && strategy !== 'recreate-same-name') return;
  const n = projects.length;
  d.error('hub-recreate-blocked', hub.workspace.id,
    `This hub would have to be re-created (${forcing.join('; ')}), but its ${n} project${n === 1 ? '' : 's'} cannot be moved to a new hub by this tool (a project's hub is fixed when it is created), and a new workspace would not be a hub.`,
    'Change the policy so the hub can be updated in place (no customer-managed key or HBI change), or re-create the hub and its projects yourself.');
}

/**
 * Computes and managed online endpoints in the hub's projects block the hub's move from isolation Disabled like the
 * hub's own do; the plan never deletes them (that would be a write to a project), whatever allowRemovingComputes says.
 * A project that could not be read blocks too: its computes are unknown.
 */
export function checkProjectComputes(hub: ObservedWorkspace, projects: HubProject[], d: DiagnosticCollector): void {
  if (!movesToManagedNetwork(hub)) return;
  const blocking: string[] = [];
  for (const p of projects) {
    const name = p.id.split('/').pop();
    if (!p.observed) {
      d.error('project-unread', p.id, `Project ${name} of this hub could not be read (${p.problem?.message ?? 'not read'}), so whether its computes block the hub's managed network is unknown.`,
        'Re-run plan with read access to the project (Microsoft.MachineLearningServices/workspaces/read, computes/read).');
      continue;
    }
    for (const c of p.observed.computes) blocking.push(`compute ${c.name} (${c.computeType}) in project ${name}`);
    for (const e of p.observed.onlineEndpoints) blocking.push(`online endpoint ${e.name} in project ${name}`);
  }
  if (blocking.length === 0) return;
  d.error('project-computes-block-in-place', hub.workspace.id,
    `The hub's managed network can be enabled only after deleting every compute and managed online endpoint of its projects too; there are ${blocking.join(', ')}.`,
    'Delete them yourself (this tool never writes to a project; allowRemovingComputes covers only the hub\'s own), then plan again.');
}

/** Why a requested project cannot be planned through its hub. */
export function checkOrphanProject(unit: Extract<PlanUnit, { kind: 'orphan-project' }>, d: DiagnosticCollector): void {
  const id = unit.ws.workspace.id;
  if (!unit.hubId) {
    d.error('project-without-hub', id, 'This project names no hub (properties.hubResourceId is empty), so there is nothing to remediate: a project takes its network settings from its hub.', 'Check the project in the portal; remediate the hub it belongs to.');
    return;
  }
  const why = unit.problem ? `${unit.problem.reason}: ${unit.problem.message}` : 'it was not read';
  d.error('project-hub-unreadable', id, `A project is remediated through its hub ${unit.hubId}, which could not be read (${why}).`,
    'Re-run plan with read access to the hub (or plan the hub by its id); this tool never writes to a project.');
}

/** Display lines: the projects that become compliant with the hub. */
export function projectsLine(projects: HubProject[]): string {
  const n = projects.length;
  return `these ${n} project${n === 1 ? '' : 's'} share the hub's network settings and become compliant with it: ${projects.map((p) => p.id.split('/').pop()).join(', ') || '(none)'}`;
}
