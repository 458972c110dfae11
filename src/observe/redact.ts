/**
 * Secrets never enter what `plan` observes (and therefore never reach a plan file or a log): every object read is
 * passed through `redactSecrets` before it is stored or fingerprinted.
 *
 * Removed, at any depth, case-insensitively: `credentials` (datastores: account keys, SAS tokens, service principal
 * secrets), `secret`/`secrets`, passwords, client secrets, SAS tokens, account/primary/secondary (master) keys,
 * connection strings and App Insights instrumentation keys. `keys` alone is not a secret name (Key Vault access-policy
 * permissions use it) and is kept. A side effect: Key Vault access-policy `permissions.secrets` lists are dropped too,
 * which the planner does not need (it checks key permissions only).
 */
const SECRET_KEY =
  /^(credentials?|secrets?|password|adminpassword|clientsecret|sastoken|accountkey|(primary|secondary)(readonly)?(master)?keys?|connectionstrings?|instrumentationkey)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of `value` without secret-named fields. Plain JSON in, plain JSON out. */
export function redactSecrets<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isSecretKey(k)) out[k] = redact(v);
  }
  return out;
}
