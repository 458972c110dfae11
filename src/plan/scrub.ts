/**
 * Secrets never enter a plan. A field whose name looks like a secret (key, secret, token, password, credentials,
 * connection string, SAS) is dropped wherever it appears; ARM ids and key *identifiers* (keyVaultArmId,
 * keyIdentifier, keyUri, keyName, keySize, keyVault…) are not secrets and are kept.
 */
export const SECRET_FIELD = /(secret|token|password|passwd|credential|connectionstring|^sas|sas$|^key$|^keys$|[a-z]key$|[a-z]keys$)/i;

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretFieldName(k)) continue;
    out[k] = scrubSecrets(v);
  }
  return out;
}

/** Maps keyed by user-chosen names (tag names, rule names), whose keys are not field names. */
const NAME_KEYED = new Set(['tags', 'outboundRules']);

/**
 * Paths of fields that look like secrets and carry a scalar value (the plan writer's last-line check). Keys of
 * name-keyed maps are user names, not field names, and are not judged.
 */
export function findSecretFields(value: unknown, path = '$', nameKeyed = false): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecretFields(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    const scalar = (typeof v === 'string' && v !== '') || typeof v === 'number';
    if (!nameKeyed && isSecretFieldName(k) && scalar) return [here];
    return findSecretFields(v, here, !nameKeyed && NAME_KEYED.has(k));
  });
}
