/**
 * Names of copied online endpoints. A managed online endpoint's name is unique within its Azure region, across
 * workspaces and subscriptions (its scoring URI is `https://<name>.<region>.inference.ml.azure.com`): Microsoft Learn,
 * how-to-safely-rollout-online-endpoints, "Endpoint name: … It must be unique in the Azure region." So a copy into a
 * workspace in the source's region, while the source's endpoint still exists, needs another name; a copy into another
 * region, or a same-name re-creation (the source is deleted first), keeps it. Pure.
 */

/** `carryOver.endpointName` when the policy gives none: the source name with `-2` (cut to fit). */
export const DEFAULT_ENDPOINT_NAME_RULE = '{name}-2';

/**
 * Microsoft Learn, how-to-manage-quotas (managed online endpoints): an endpoint name begins with a letter, is 3-32
 * characters, letters and digits with single dashes (not last). Stricter than the spec's path pattern, on purpose.
 */
export const ENDPOINT_NAME_PATTERN = /^[a-zA-Z](?:-?[a-zA-Z0-9])+$/;
export const ENDPOINT_NAME_MIN = 3;
export const ENDPOINT_NAME_MAX = 32;

export function isValidEndpointName(name: string): boolean {
  return name.length >= ENDPOINT_NAME_MIN && name.length <= ENDPOINT_NAME_MAX && ENDPOINT_NAME_PATTERN.test(name);
}

/** Why a rule cannot be used (policy check), or undefined. `{name}` once; the rest letters, digits, `-`, `{workspace}`. */
export function endpointRuleProblem(rule: string): string | undefined {
  if (rule.split('{name}').length !== 2) return 'must contain {name} exactly once (a fixed name would collide across endpoints)';
  if (!/^[a-zA-Z0-9-]*$/.test(rule.replace('{name}', '').replaceAll('{workspace}', ''))) return 'besides {name} and {workspace} may contain only letters, digits and -';
  return undefined;
}

/**
 * The target name of source endpoint `name`: the rule with `{workspace}` (the new workspace's name) and `{name}`
 * substituted; only the source name is cut (never the rule's own text) to fit 32 characters, and doubled or trailing
 * dashes the cut leaves are removed. The result may still be invalid (a rule starting with a digit): the planner checks.
 */
export function deriveEndpointName(name: string, rule: string, workspace: string): string {
  const [prefix = '', suffix = ''] = rule.replaceAll('{workspace}', workspace).split('{name}');
  const room = Math.max(ENDPOINT_NAME_MAX - prefix.length - suffix.length, 0);
  const base = name.length > room ? name.slice(0, room).replace(/-+$/, '') : name;
  return `${prefix}${base}${suffix}`.replace(/--+/g, '-').slice(0, ENDPOINT_NAME_MAX).replace(/-+$/, '');
}

/** Whether copies are renamed: only into the source's own region while the source (and its endpoints) still exists. */
export function renamesEndpoints(sourceLocation: string, targetLocation: string, sameName: boolean): boolean {
  return !sameName && normaliseRegion(sourceLocation) === normaliseRegion(targetLocation);
}

/** `onlineEndpoints/<old>[/…]` → `onlineEndpoints/<new>[/…]`; other paths unchanged. */
export function renameEndpointPath(path: string, rename: (name: string) => string): string {
  const m = /^onlineEndpoints\/([^/]+)(\/.*)?$/.exec(path);
  return m ? `onlineEndpoints/${rename(m[1]!)}${m[2] ?? ''}` : path;
}

const normaliseRegion = (location: string) => location.toLowerCase().replace(/\s/g, '');
