import { deriveWorkspaceName, isValidName } from '../plan/naming.js';
import type { NameState } from '../plan/observed.js';
import { NAME_PATTERN, SAME_NAME_TEMPLATE, STORAGE_SUBRESOURCES } from '../plan/policy-schema.js';
import type { Verdict } from './question.js';

/**
 * Validation of every answer the guide accepts. Pure: the live part of a name check (a GET through the ARM requester)
 * is done by the caller, which passes the resulting NameState in.
 */

export function validateNameSyntax(name: string): Verdict {
  if (isValidName(name)) return true;
  if (name.length < 3 || name.length > 33) return `must be 3 to 33 characters long (${NAME_PATTERN.source}); "${name}" has ${name.length}`;
  if (!/^[a-zA-Z0-9]/.test(name)) return `must start with a letter or digit (${NAME_PATTERN.source})`;
  return `may contain only letters, digits, _ and - (${NAME_PATTERN.source})`;
}

/** What a name's state means for a new workspace. 'unknown' passes: see NAME_UNCONFIRMED. */
export function verdictForNameState(name: string, state: NameState): Verdict {
  if (state === 'taken') return `a workspace named ${name} already exists in this resource group`;
  if (state === 'soft-deleted') return `a soft-deleted workspace holds the name ${name} (retention 14 days): purge it or choose another name`;
  return true;
}

export const nameUnconfirmedNote = (name: string): string =>
  `Note: ${name} is not in use, but whether a soft-deleted workspace holds it cannot be checked: no API lists soft-deleted workspaces. If it does, the create fails ("Soft-deleted workspace exists") before anything else changes.`;

/**
 * The plan records new names as one policy name template ({name} = the source name, possibly truncated to fit).
 * Returns the template that derives `name` from `sourceName`, preferring the one that keeps the whole source name;
 * undefined when no template does.
 */
export function templateForName(sourceName: string, name: string): string | undefined {
  const candidates: string[] = [];
  for (let i = 0; i <= name.length; i++) {
    for (let j = name.length; j >= i + 1; j--) {
      const template = `${name.slice(0, i)}{name}${name.slice(j)}`;
      if (template === SAME_NAME_TEMPLATE) continue;
      if (deriveWorkspaceName(sourceName, template) === name) candidates.push(template);
    }
  }
  return candidates.find((t) => t.replace('{name}', sourceName) === name) ?? candidates[0];
}

/**
 * Pure checks of a new workspace name: pattern, not the source's own name, and expressible with the name template
 * already chosen for other workspaces of the same plan (`fixedTemplate`). Returns the template on success.
 */
export function checkNewName(sourceName: string, name: string, fixedTemplate?: string): { ok: true; template: string } | { ok: false; message: string } {
  const syntax = validateNameSyntax(name);
  if (syntax !== true) return { ok: false, message: syntax };
  if (name.toLowerCase() === sourceName.toLowerCase()) {
    return { ok: false, message: 'that is the source\'s own name; reusing it means purging the source first (irreversible): use plan --name-template "{name}" --allow-same-name for that' };
  }
  if (fixedTemplate !== undefined) {
    if (deriveWorkspaceName(sourceName, fixedTemplate) === name) return { ok: true, template: fixedTemplate };
    return { ok: false, message: `names in one plan follow one pattern, here ${fixedTemplate} (${deriveWorkspaceName(sourceName, fixedTemplate)})` };
  }
  const template = templateForName(sourceName, name);
  if (template === undefined) return { ok: false, message: `must contain the source name ${sourceName} (a plan records new names as a template such as {name}-iso)` };
  return { ok: true, template };
}

/** Key names of the Key Vault management plane. */
export const KEY_NAME_PATTERN = /^[a-zA-Z0-9-]{1,127}$/;

export function validateKeyName(name: string, existing: readonly string[]): Verdict {
  if (!KEY_NAME_PATTERN.test(name)) return 'must be 1 to 127 letters, digits or hyphens';
  if (existing.some((k) => k.toLowerCase() === name.toLowerCase())) return `the vault already has a key named ${name}: pick it from the list instead`;
  return true;
}

/** `name=value`; an empty answer means no tag. */
export function parseTag(text: string): { ok: true; tag: { name: string; value: string } | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, tag: null };
  const eq = trimmed.indexOf('=');
  if (eq <= 0) return { ok: false, message: 'write name=value (or leave empty for no tag)' };
  const name = trimmed.slice(0, eq).trim();
  const value = trimmed.slice(eq + 1).trim();
  if (name.length > 512) return { ok: false, message: 'the tag name may have at most 512 characters' };
  if (/[<>%&\\?/]/.test(name)) return { ok: false, message: 'the tag name must not contain < > % & \\ ? /' };
  if (value.length > 256) return { ok: false, message: 'the tag value may have at most 256 characters' };
  return { ok: true, tag: { name, value } };
}

export function validateTag(text: string): Verdict {
  const parsed = parseTag(text);
  return parsed.ok ? true : parsed.message;
}

/** Private-endpoint subresources (group ids) per resource type the guide offers, lower-cased type. */
export const PE_SUBRESOURCES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.storage/storageaccounts': STORAGE_SUBRESOURCES,
  'microsoft.keyvault/vaults': ['vault'],
  'microsoft.containerregistry/registries': ['registry'],
  'microsoft.machinelearningservices/workspaces': ['amlworkspace'],
};

export function subresourcesFor(resourceType: string): readonly string[] {
  return PE_SUBRESOURCES[resourceType.toLowerCase()] ?? [];
}

export function validateSubresource(resourceType: string, subresource: string): Verdict {
  const allowed = subresourcesFor(resourceType);
  if (allowed.length === 0) return `the guide does not know the private-endpoint subresources of ${resourceType}`;
  return allowed.includes(subresource) ? true : `${resourceType} offers ${allowed.join(', ')}, not ${subresource}`;
}
