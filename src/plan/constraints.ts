import type { ObservedContext, ObservedKey, ObservedVault, ObservedWorkspace } from './observed.js';
import type { Policy } from './policy-schema.js';
import { KEY_URI } from './policy-schema.js';
import type { DiagnosticCollector } from './diagnostics.js';
import { parseResourceId, sameResourceId } from '../model/resource-id.js';
import { isValidName } from './naming.js';

/**
 * Checks made before anything is written. Each adds diagnostics to the collector and never stops early.
 * Pure: reads only what the read side observed.
 */

/** "Key Vault Crypto Service Encryption User" built-in role. */
export const CRYPTO_SERVICE_ENCRYPTION_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6';
const REQUIRED_KEY_PERMISSIONS = ['get', 'wrapkey', 'unwrapkey'];

/** Create-only settings the policy needs changed: each forces re-creation. Display reasons, in a stable order. */
export function creationForcingReasons(ws: ObservedWorkspace, policy: Policy): string[] {
  const p = ws.workspace.properties;
  const reasons: string[] = [];
  if (p.managedNetwork?.isolationMode === 'AllowOnlyApprovedOutbound') {
    reasons.push('forces re-creation: isolation mode AllowOnlyApprovedOutbound cannot be changed to AllowInternetOutbound in place (transitions are one-way)');
  }
  if (policy.customerManagedKey.required === true && p.encryption?.status !== 'Enabled') {
    reasons.push('forces re-creation: customer-managed key can only be set at creation');
  }
  if (policy.hbi === true && p.hbiWorkspace !== true) {
    reasons.push('forces re-creation: hbiWorkspace (High Business Impact) can only be set at creation');
  }
  return reasons;
}

/** Requests Azure cannot satisfy at all, whatever the strategy. */
export function checkImpossibleRequests(ws: ObservedWorkspace, policy: Policy, d: DiagnosticCollector): void {
  const p = ws.workspace.properties;
  const id = ws.workspace.id;
  if (policy.customerManagedKey.required === false && p.encryption?.status === 'Enabled') {
    d.error('cmk-cannot-remove', id, 'The policy asks for no customer-managed key, but this workspace has one and a customer-managed key can never be removed (it is create-only).', 'Set customerManagedKey.required to keep (or true) for this workspace.');
  }
  if (policy.hbi === false && p.hbiWorkspace === true) {
    d.error('hbi-cannot-remove', id, 'The policy asks for hbi false, but this workspace is High Business Impact and hbiWorkspace can only be set at creation.', 'Set hbi to keep (or true).');
  }
  const cmkVault = p.encryption?.keyVaultProperties?.keyVaultArmId;
  if (policy.customerManagedKey.required === true && p.encryption?.status === 'Enabled' && policy.customerManagedKey.keyVaultId && !sameResourceId(cmkVault, policy.customerManagedKey.keyVaultId)) {
    d.warning('cmk-vault-differs', id, `The workspace already uses a customer-managed key from ${cmkVault}; the key vault cannot be changed after creation, so the policy's vault is not used.`, 'Nothing to do, or re-create the workspace yourself to use another vault.');
  }
}

/** Computes and managed online endpoints block the move from Disabled to a managed network (FACTS). */
export function checkComputesBlock(ws: ObservedWorkspace, policy: Policy, d: DiagnosticCollector): boolean {
  if (!movesToManagedNetwork(ws)) return false;
  const blocking = [...ws.computes.map((c) => `compute ${c.name} (${c.computeType})`), ...ws.onlineEndpoints.map((e) => `online endpoint ${e.name}`)];
  if (blocking.length === 0 || policy.allowRemovingComputes) return false;
  d.error('computes-block-in-place', ws.workspace.id,
    `A managed network can be enabled in place only after deleting all compute instances, compute clusters and managed online endpoints; this workspace has ${blocking.join(', ')}.`,
    'Delete them yourself, or set allowRemovingComputes: true (--allow-removing-computes) so the plan deletes them (this cannot be undone: re-create them from your own definitions).');
  return true;
}

export function movesToManagedNetwork(ws: ObservedWorkspace): boolean {
  const mode = ws.workspace.properties.managedNetwork?.isolationMode;
  return mode === undefined || mode === 'Disabled';
}

/** The new workspace's name: pattern, and whether it is free. `sameName`: the source's own name (purged first). */
export function checkNewName(newId: string, name: string, sameName: boolean, ctx: ObservedContext, d: DiagnosticCollector): void {
  if (!isValidName(name)) {
    d.error('name-invalid', newId, `Workspace name "${name}" does not match ^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$.`, 'Change recreate.nameTemplate or recreate.nameSuffix.');
    return;
  }
  if (sameName) return;
  const state = ctx.names[newId.toLowerCase()] ?? 'unknown';
  if (state === 'taken') d.error('name-taken', newId, `A workspace named ${name} already exists in the resource group.`, 'Choose another recreate.nameTemplate or nameSuffix.');
  else if (state === 'soft-deleted') d.error('name-soft-deleted', newId, `A soft-deleted workspace named ${name} holds the name (retention 14 days).`, 'Purge it or choose another name.');
  else if (state === 'unknown') {
    d.warning('name-unconfirmed', newId, `Whether ${name} is held by a soft-deleted workspace can only be confirmed at create time: there is no documented API that lists soft-deleted ML workspaces.`, 'If the create fails with "Soft-deleted workspace exists", purge it in the portal (Recently deleted) or choose another name.');
  }
}

export interface ResolvedKey {
  keyVaultArmId: string;
  keyIdentifier: string;
  /** ARM id of a key the plan creates first (policy customerManagedKey.createKey, key not found at plan time). */
  createKeyId?: string;
}

/**
 * The key a re-created workspace will use. A workspace that already has a key keeps it; a policy key is checked
 * against every CMK prerequisite (vault, subscription, soft delete, purge protection, key, RSA, size, Cosmos DB access).
 */
export function resolveCustomerManagedKey(ws: ObservedWorkspace, ctx: ObservedContext, policy: Policy, d: DiagnosticCollector): ResolvedKey | undefined {
  const enc = ws.workspace.properties.encryption;
  if (enc?.status === 'Enabled') return { keyVaultArmId: enc.keyVaultProperties.keyVaultArmId, keyIdentifier: enc.keyVaultProperties.keyIdentifier };
  const cmk = policy.customerManagedKey;
  if (cmk.required !== true || cmk.keyVaultId === undefined) return undefined;
  const subject = ws.workspace.id;
  const vaultId = cmk.keyVaultId;
  const vault = ctx.vaults[vaultId.toLowerCase()];
  if (vault === undefined) d.error('cmk-vault-unread', vaultId, `Key vault ${vaultId} was not read, so the customer-managed key prerequisites cannot be checked.`, 'Re-run plan with read access to the vault.');
  else if (vault === 'not-found') d.error('cmk-vault-not-found', vaultId, `Key vault ${vaultId} does not exist.`, 'Fix customerManagedKey.keyVaultId.');
  else checkVault(vault, ws, ctx, d);

  const keyName = cmk.keyName ?? (cmk.keyUri ? KEY_URI.exec(cmk.keyUri)?.[2] : undefined) ?? '';
  const key = ctx.keys[`${vaultId}/keys/${keyName}`.toLowerCase()];
  if (key === undefined) d.error('cmk-key-unread', subject, `Key ${keyName} in ${vaultId} was not read.`, 'Re-run plan with read access to the vault\'s keys.');
  else if (key === 'not-found') {
    if (cmk.createKey !== true) d.error('cmk-key-not-found', subject, `Key ${keyName} does not exist in ${vaultId}.`, 'Create the key (RSA, 3072 bits or more), set customerManagedKey.createKey: true to create it as a plan step, or fix customerManagedKey.keyName/keyUri.');
  }
  else checkKey(key, d);
  const vaultName = vaultId.split('/').pop() ?? '';
  const keyIdentifier = cmk.keyUri ?? (typeof key === 'object' ? key.keyUriWithVersion ?? key.keyUri : `https://${vaultName}.vault.azure.net/keys/${keyName}`);
  // A key made by the plan has no version yet: the workspace names it versionless (the service resolves the current
  // version). Unverified against real Azure: a service that refuses it fails the create step, before anything is lost.
  if (key === 'not-found' && cmk.createKey === true) return { keyVaultArmId: vaultId, keyIdentifier, createKeyId: `${vaultId}/keys/${keyName}` };
  return { keyVaultArmId: vaultId, keyIdentifier };
}

function checkVault(vault: ObservedVault, ws: ObservedWorkspace, ctx: ObservedContext, d: DiagnosticCollector): void {
  const wsSub = parseResourceId(ws.workspace.id)?.subscriptionId ?? '';
  if (vault.subscriptionId.toLowerCase() !== wsSub.toLowerCase()) {
    d.error('cmk-vault-subscription', vault.id, `Key vault ${vault.name} is in subscription ${vault.subscriptionId}, not the workspace's ${wsSub}.`, 'Use a key vault in the workspace\'s subscription.');
  }
  if (!vault.enableSoftDelete) d.error('cmk-soft-delete', vault.id, `Key vault ${vault.name} does not have soft delete enabled.`, `az keyvault update --name ${vault.name} --enable-soft-delete true`);
  if (!vault.enablePurgeProtection) d.error('cmk-purge-protection', vault.id, `Key vault ${vault.name} does not have purge protection enabled.`, `az keyvault update --name ${vault.name} --enable-purge-protection true (this cannot be turned off again)`);
  const principal = ctx.cosmosDbPrincipalId;
  if (principal === undefined) {
    d.warning('cmk-access-unchecked', vault.id, 'The Azure Cosmos DB principal of this cloud is unknown, so its access to the key could not be checked.', 'Make sure the Cosmos DB principal has get, wrapKey and unwrapKey on the vault.');
    return;
  }
  if (vault.enableRbacAuthorization) {
    if (vault.roleAssignments === undefined) {
      d.warning('cmk-access-unchecked', vault.id, `Role assignments on ${vault.name} could not be read, so Cosmos DB's access could not be checked.`, `Make sure principal ${principal} has the Key Vault Crypto Service Encryption User role on the vault.`);
      return;
    }
    const mine = vault.roleAssignments.filter((a) => a.principalId.toLowerCase() === principal.toLowerCase());
    if (mine.length === 0) return unconfirmedCosmosAccess(d, vault.id, principal, `az role assignment create --assignee-object-id <that id> --assignee-principal-type ServicePrincipal --role ${CRYPTO_SERVICE_ENCRYPTION_USER} --scope ${vault.id}`);
    const granted = mine.some((a) => a.roleDefinitionId.toLowerCase().endsWith(CRYPTO_SERVICE_ENCRYPTION_USER));
    if (!granted) {
      d.error('cmk-cosmos-access', vault.id, `The Azure Cosmos DB principal ${principal} lacks the "Key Vault Crypto Service Encryption User" role (${CRYPTO_SERVICE_ENCRYPTION_USER}) on RBAC vault ${vault.name}.`,
        `az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role ${CRYPTO_SERVICE_ENCRYPTION_USER} --scope ${vault.id}`);
    }
    return;
  }
  const policy = vault.accessPolicies.find((a) => a.objectId.toLowerCase() === principal.toLowerCase());
  if (!policy) return unconfirmedCosmosAccess(d, vault.id, principal, `az keyvault set-policy --name ${vault.name} --object-id <that id> --key-permissions get wrapKey unwrapKey`);
  const have = new Set((policy?.keyPermissions ?? []).map((k) => k.toLowerCase()));
  const missing = REQUIRED_KEY_PERMISSIONS.filter((k) => !have.has(k) && !have.has('all'));
  if (missing.length > 0) {
    d.error('cmk-cosmos-access', vault.id, `The Azure Cosmos DB principal ${principal} lacks key permissions ${missing.join(', ')} in the access policies of vault ${vault.name}.`,
      `az keyvault set-policy --name ${vault.name} --object-id ${principal} --key-permissions get wrapKey unwrapKey`);
  }
}

function checkKey(key: ObservedKey, d: DiagnosticCollector): void {
  if (key.kty !== 'RSA' && key.kty !== 'RSA-HSM') d.error('cmk-key-type', key.id, `Key ${key.name} is of type ${key.kty}; a customer-managed key must be RSA (RSA or RSA-HSM).`, 'Create an RSA key.');
  else if (key.keySize !== undefined && key.keySize < 3072) d.warning('cmk-key-size', key.id, `Key ${key.name} has ${key.keySize} bits; 3072 or more is recommended.`, 'Consider a 3072- or 4096-bit RSA key.');
  if (!key.enabled) d.error('cmk-key-disabled', key.id, `Key ${key.name} is disabled.`, 'Enable the key.');
}

/**
 * Key Vault names principals by their object id, which is tenant-specific; the Cosmos DB principal is known here by
 * its application id (FACTS.md). When no entry carries that id, access can be neither confirmed nor denied without
 * Microsoft Graph: a warning with the commands to check, never a false error that would block every real plan (a
 * create without the access is refused by the service, and apply then fails that step cleanly).
 */
function unconfirmedCosmosAccess(d: DiagnosticCollector, vaultId: string, principal: string, grant: string): void {
  d.warning(
    'cmk-cosmos-access-unconfirmed',
    vaultId,
    `No access entry of the vault names the Azure Cosmos DB principal by ${principal}; in your tenant it may be listed under its object id, which this tool cannot look up.`,
    `Find its object id with: az ad sp show --id ${principal} --query id -o tsv; if the vault does not grant it, run: ${grant}`,
  );
}
