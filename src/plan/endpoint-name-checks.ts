import type { CarryOver } from './carry-over.js';
import type { DiagnosticCollector } from './diagnostics.js';
import { ENDPOINT_NAME_MAX, ENDPOINT_NAME_MIN, isValidEndpointName } from './endpoint-names.js';

/**
 * Blocks a plan whose renamed endpoints Azure would refuse: a name outside the endpoint name rules, two copies with
 * one name, or a copy named like one of the source's own endpoints (which holds that name in the region).
 */
export function checkEndpointNames(carry: CarryOver, targetId: string, d: DiagnosticCollector): void {
  if (carry.endpointNameRule === undefined) return;
  const group = carry.groups.find((g) => g.kind === 'onlineEndpoints' && g.decision === 'copy');
  if (!group) return;
  const sourceNames = new Set(group.items.map((i) => (i.sourcePath ?? i.path).split('/').pop()!.toLowerCase()));
  const seen = new Map<string, string>();
  for (const item of group.items) {
    const from = (item.sourcePath ?? item.path).split('/').pop()!;
    const to = item.path.split('/').pop()!;
    const fix = `Change carryOver.endpointName (now ${carry.endpointNameRule}); {name} is the source endpoint's name, {workspace} the new workspace's.`;
    if (!isValidEndpointName(to)) {
      d.error('endpoint-name-invalid', `${targetId}/${item.path}`, `Endpoint ${from} would be copied as "${to}", which is not a valid endpoint name (a letter first, ${ENDPOINT_NAME_MIN}-${ENDPOINT_NAME_MAX} letters, digits and single dashes).`, fix);
    } else if (seen.has(to.toLowerCase())) {
      d.error('endpoint-name-collision', `${targetId}/${item.path}`, `Endpoints ${seen.get(to.toLowerCase())} and ${from} would both be copied as ${to}.`, fix);
    } else if (sourceNames.has(to.toLowerCase())) {
      d.error('endpoint-name-collision', `${targetId}/${item.path}`, `Endpoint ${from} would be copied as ${to}, a name the source's own endpoint holds in this region.`, fix);
    }
    seen.set(to.toLowerCase(), from);
  }
}
