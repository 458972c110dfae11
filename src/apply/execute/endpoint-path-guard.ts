import type { PlanWorkspace } from '../../plan/index.js';
import type { CarryGroup } from '../../plan/carry-over.js';
import { deriveEndpointName, renameEndpointPath } from '../../plan/endpoint-names.js';

const ENDPOINT_KINDS = new Set(['onlineEndpoints', 'deployments', 'traffic']);

/**
 * A copied endpoint, deployment or traffic item goes to the path the plan's recorded rule (carryOver.endpointNameRule)
 * derives from its source path and the target's name, or to its source path when no rule is recorded: an edited plan
 * cannot point a copy at another endpoint (someone else's name in the region, or an endpoint it would overwrite).
 */
export function endpointPathProblem(group: CarryGroup, ws: PlanWorkspace): string | undefined {
  if (!ENDPOINT_KINDS.has(group.kind)) return undefined;
  const rule = ws.carryOver?.endpointNameRule;
  const targetName = ws.target?.name ?? '';
  for (const item of group.items) {
    const source = item.sourcePath ?? item.path;
    if (!/^onlineEndpoints\/[^/]+/.test(source)) return `${source} is not an online endpoint path`;
    const expected = rule === undefined ? source : renameEndpointPath(source, (n) => deriveEndpointName(n, rule, targetName));
    if (item.path !== expected) return `${group.kind} ${source} must be copied to ${expected}, not ${item.path}`;
  }
  return undefined;
}
