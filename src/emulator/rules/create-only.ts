import type { ArmObject } from '../state.js';
import { badRequest } from './rule-error.js';

type Props = Record<string, unknown>;

/**
 * FACTS (Create-only settings): hbiWorkspace, storageAccount, keyVault and the customer-managed key are fixed at
 * creation; afterwards only encryption.keyVaultProperties.keyIdentifier may change, to a key in the same vault.
 * `incoming` is a PUT's or PATCH's properties; a field that is absent or unchanged passes.
 */
export function assertCreateOnlyUnchanged(current: ArmObject, incoming: Props, mode: 'put' | 'patch'): void {
  const cur = (current.properties ?? {}) as Props;
  if ('hbiWorkspace' in incoming && Boolean(incoming.hbiWorkspace) !== Boolean(cur.hbiWorkspace)) {
    throw createOnly('hbiWorkspace');
  }
  for (const field of ['storageAccount', 'keyVault'] as const) {
    if (incoming[field] !== undefined && !sameText(incoming[field], cur[field])) throw createOnly(field);
  }
  if (incoming.encryption !== undefined) assertEncryptionChange(cur.encryption as Props | undefined, incoming.encryption as Props, mode);
}

function assertEncryptionChange(cur: Props | undefined, next: Props, mode: 'put' | 'patch'): void {
  const curKv = (cur?.keyVaultProperties ?? {}) as Props;
  const nextKv = (next.keyVaultProperties ?? {}) as Props;
  if (cur?.status !== 'Enabled') {
    if (mode === 'put' && next.status !== 'Enabled') return; // still no CMK
    throw createOnly('encryption (customer-managed key)');
  }
  if (mode === 'put' && (next.status !== 'Enabled' || !sameText(nextKv.keyVaultArmId, curKv.keyVaultArmId))) {
    throw createOnly('encryption (customer-managed key)');
  }
  if (nextKv.keyIdentifier !== undefined && vaultHost(nextKv.keyIdentifier) !== vaultHost(curKv.keyIdentifier)) {
    throw badRequest('The encryption key can only be changed to a key in the same key vault.');
  }
}

function createOnly(field: string): Error {
  return badRequest(`'${field}' can only be set when the workspace is created; re-create the workspace to change it.`);
}

function sameText(a: unknown, b: unknown): boolean {
  return String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();
}

export function vaultHost(keyIdentifier: unknown): string | undefined {
  try {
    return new URL(String(keyIdentifier)).host.toLowerCase();
  } catch {
    return undefined;
  }
}
