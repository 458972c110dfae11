import { NAME_MAX_LENGTH, NAME_PATTERN, SAME_NAME_TEMPLATE } from './policy-schema.js';

/**
 * The name of a re-created workspace: the template with `{name}` replaced by the source name, the source name
 * truncated (never the template's own text) so the result fits the 33-character name pattern. Pure.
 */
export function deriveWorkspaceName(sourceName: string, template: string): string {
  if (template === SAME_NAME_TEMPLATE) return sourceName;
  const [prefix = '', suffix = ''] = template.split('{name}');
  const room = NAME_MAX_LENGTH - prefix.length - suffix.length;
  let base = sourceName;
  if (base.length > room) base = base.slice(0, Math.max(room, 0)).replace(/[-_]+$/, '');
  return `${prefix}${base}${suffix}`;
}

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** Default outbound-rule name for a private endpoint: `pe-<resource>-<subresource>`, truncated to fit. */
export function defaultRuleName(resourceName: string, subresource: string): string {
  const suffix = `-${subresource.toLowerCase()}`;
  const room = NAME_MAX_LENGTH - 3 - suffix.length;
  const base = resourceName.slice(0, room).replace(/[^a-zA-Z0-9_-]/g, '-').replace(/[-_]+$/, '');
  return `pe-${base}${suffix}`;
}
