import { parseResourceId } from '../../model/resource-id.js';
import type { Store } from '../store.js';
import { vaultHost } from './create-only.js';
import { badRequest } from './rule-error.js';

/**
 * FACTS (CMK prerequisites): the vault exists in the workspace's subscription with soft delete and purge protection,
 * and the key exists and is RSA. Checked before anything is created.
 */
export function assertCmkPrerequisites(store: Store, subscriptionId: string, encryption: unknown): void {
  const enc = (encryption ?? {}) as { status?: string; keyVaultProperties?: { keyVaultArmId?: string; keyIdentifier?: string } };
  if (enc.status !== 'Enabled') return;
  const vaultId = enc.keyVaultProperties?.keyVaultArmId ?? '';
  const keyIdentifier = enc.keyVaultProperties?.keyIdentifier ?? '';
  const parsed = parseResourceId(vaultId);
  if (!parsed || parsed.type.toLowerCase() !== 'vaults') throw badRequest(`encryption.keyVaultProperties.keyVaultArmId '${vaultId}' is not a key vault resource id.`);
  if (parsed.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
    throw badRequest(`Key vault '${parsed.name}' must be in the workspace's subscription ${subscriptionId} for a customer-managed key.`);
  }
  const vault = store.get(vaultId);
  if (!vault) throw badRequest(`Key vault '${vaultId}' was not found.`);
  const vp = (vault.properties ?? {}) as { enableSoftDelete?: boolean; enablePurgeProtection?: boolean; vaultUri?: string };
  if (vp.enableSoftDelete === false || vp.enablePurgeProtection !== true) {
    throw badRequest(`Key vault '${parsed.name}' must have soft delete and purge protection enabled to hold a customer-managed key.`);
  }
  const keyName = /\/keys\/([^/]+)/i.exec(safePath(keyIdentifier))?.[1];
  if (!keyName || vaultHost(keyIdentifier) !== vaultHost(vp.vaultUri ?? `https://${parsed.name}.vault.azure.net/`)) {
    throw badRequest(`encryption.keyVaultProperties.keyIdentifier '${keyIdentifier}' is not a key of vault '${parsed.name}'.`);
  }
  const key = store.get(`${vaultId}/keys/${keyName}`);
  if (!key) throw badRequest(`Key '${keyName}' was not found in key vault '${parsed.name}'.`);
  const kty = String((key.properties as { kty?: string } | undefined)?.kty ?? '');
  if (!kty.startsWith('RSA')) throw badRequest(`Key '${keyName}' is ${kty || 'not RSA'}; a customer-managed key must be RSA (3072 bits or more recommended).`);
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
