import { describe, expect, it } from 'vitest';
import { checkNewName, parseTag, subresourcesFor, templateForName, validateKeyName, validateNameSyntax, validateSubresource, validateTag, verdictForNameState } from '../../src/guide/validate.js';
import { keyEligibility, vaultEligibility } from '../../src/guide/eligibility.js';
import { anObservedKey, anObservedVault, anObservedWorkspace, COSMOS, OTHER_SUB } from '../plan/builders.js';

describe('workspace name', () => {
  it('follows ^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$', () => {
    expect(validateNameSyntax('ws-1')).toBe(true);
    expect(validateNameSyntax('a'.repeat(33))).toBe(true);
    expect(validateNameSyntax('ab')).toMatch(/3 to 33 characters/);
    expect(validateNameSyntax('a'.repeat(34))).toMatch(/3 to 33 characters/);
    expect(validateNameSyntax('-abc')).toMatch(/start with a letter or digit/);
    expect(validateNameSyntax('ws.name')).toMatch(/only letters, digits, _ and -/);
  });

  it('is refused when taken or soft-deleted; unknown passes (no API lists soft-deleted workspaces)', () => {
    expect(verdictForNameState('x-iso', 'taken')).toMatch(/already exists/);
    expect(verdictForNameState('x-iso', 'soft-deleted')).toMatch(/soft-deleted/);
    expect(verdictForNameState('x-iso', 'unknown')).toBe(true);
    expect(verdictForNameState('x-iso', 'free')).toBe(true);
  });

  it('maps a chosen name to the plan\'s name template', () => {
    expect(templateForName('ws-a', 'ws-a-iso')).toBe('{name}-iso');
    expect(templateForName('ws-a', 'new-ws-a')).toBe('new-{name}');
    expect(templateForName('ws-a', 'other')).toBeUndefined();
    const long = 'w'.repeat(33);
    expect(templateForName(long, `${'w'.repeat(29)}-iso`)).toBe('{name}-iso'); // the source is truncated to fit
  });

  it('checks pattern, same-name and one template per plan', () => {
    expect(checkNewName('ws-a', 'ws-a-secure')).toEqual({ ok: true, template: '{name}-secure' });
    expect(checkNewName('ws-a', 'WS-A')).toMatchObject({ ok: false, message: expect.stringMatching(/source's own name/) });
    expect(checkNewName('ws-a', 'x')).toMatchObject({ ok: false });
    expect(checkNewName('ws-a', 'unrelated')).toMatchObject({ ok: false, message: expect.stringMatching(/must contain the source name/) });
    expect(checkNewName('ws-b', 'ws-b-secure', '{name}-secure')).toEqual({ ok: true, template: '{name}-secure' });
    expect(checkNewName('ws-b', 'ws-b-iso', '{name}-secure')).toMatchObject({ ok: false, message: expect.stringMatching(/one pattern/) });
  });
});

describe('key name', () => {
  it('is 1-127 letters, digits or hyphens and new to the vault', () => {
    expect(validateKeyName('aml-cmk', [])).toBe(true);
    expect(validateKeyName('', [])).toMatch(/1 to 127/);
    expect(validateKeyName('a_b', [])).toMatch(/letters, digits or hyphens/);
    expect(validateKeyName('k'.repeat(128), [])).toMatch(/1 to 127/);
    expect(validateKeyName('AML-CMK', ['aml-cmk'])).toMatch(/already has a key/);
  });
});

describe('tag', () => {
  it('is name=value, or empty for none', () => {
    expect(parseTag('team=ml')).toEqual({ ok: true, tag: { name: 'team', value: 'ml' } });
    expect(parseTag(' a = b=c ')).toEqual({ ok: true, tag: { name: 'a', value: 'b=c' } });
    expect(parseTag('')).toEqual({ ok: true, tag: null });
    expect(parseTag('team=')).toEqual({ ok: true, tag: { name: 'team', value: '' } });
    expect(validateTag('novalue')).toMatch(/name=value/);
    expect(validateTag('=x')).toMatch(/name=value/);
    expect(validateTag('a/b=x')).toMatch(/must not contain/);
    expect(validateTag(`t=${'v'.repeat(257)}`)).toMatch(/256/);
  });
});

describe('private-endpoint subresource', () => {
  it('depends on the resource type', () => {
    expect(subresourcesFor('Microsoft.Storage/storageAccounts')).toEqual(['blob', 'file', 'queue', 'table', 'dfs', 'web']);
    expect(subresourcesFor('microsoft.keyvault/vaults')).toEqual(['vault']);
    expect(validateSubresource('Microsoft.ContainerRegistry/registries', 'registry')).toBe(true);
    expect(validateSubresource('Microsoft.KeyVault/vaults', 'blob')).toMatch(/offers vault, not blob/);
    expect(validateSubresource('Microsoft.Sql/servers', 'sqlServer')).toMatch(/does not know/);
  });
});

describe('CMK vault and key prerequisites (the planner\'s own checks)', () => {
  const ws = [anObservedWorkspace({ name: 'ws-a' })];
  it('accepts a vault with soft delete, purge protection, same subscription and Cosmos DB access', () => {
    expect(vaultEligibility(anObservedVault(), ws, COSMOS)).toEqual({ ok: true, reasons: [], warnings: [] });
  });
  it('says why a vault does not qualify', () => {
    const v = vaultEligibility(anObservedVault({ enablePurgeProtection: false, enableSoftDelete: false, subscriptionId: OTHER_SUB, accessPolicies: [] }), ws, COSMOS);
    expect(v.ok).toBe(false);
    expect(v.reasons.join(' ')).toMatch(/soft delete/);
    expect(v.reasons.join(' ')).toMatch(/purge protection/);
    expect(v.reasons.join(' ')).toMatch(/subscription/);
    // No entry names the Cosmos DB principal: its object id is per tenant, so that is a warning, not a reason.
    expect(v.warnings.join(' ')).toMatch(/Cosmos DB principal/);
  });
  it('checks the Cosmos DB role on an RBAC vault', () => {
    const wrongRole = anObservedVault({ enableRbacAuthorization: true, roleAssignments: [{ principalId: COSMOS, roleDefinitionId: 'reader' }] });
    expect(vaultEligibility(wrongRole, ws, COSMOS).reasons.join(' ')).toMatch(/Crypto Service Encryption User/);
    const unnamed = vaultEligibility(anObservedVault({ enableRbacAuthorization: true, roleAssignments: [] }), ws, COSMOS);
    expect(unnamed).toMatchObject({ ok: true, warnings: [expect.stringMatching(/object id/)] });
  });
  it('warns when access cannot be checked', () => {
    expect(vaultEligibility(anObservedVault(), ws, undefined)).toMatchObject({ ok: true, warnings: [expect.stringMatching(/could not be checked/)] });
  });
  it('judges keys: RSA and enabled; small keys are a warning', () => {
    const vault = anObservedVault();
    expect(keyEligibility(anObservedKey(), vault, ws).ok).toBe(true);
    expect(keyEligibility(anObservedKey({ kty: 'EC' }), vault, ws)).toMatchObject({ ok: false, reasons: [expect.stringMatching(/must be RSA/)] });
    expect(keyEligibility(anObservedKey({ enabled: false }), vault, ws).reasons.join(' ')).toMatch(/disabled/);
    expect(keyEligibility(anObservedKey({ keySize: 2048 }), vault, ws)).toMatchObject({ ok: true, warnings: [expect.stringMatching(/3072/)] });
  });
});
