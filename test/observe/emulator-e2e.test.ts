import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { diffNormalised, sameFingerprint } from '../../src/observe/fingerprint.js';
import { observeContext } from '../../src/observe/observe-context.js';
import { observeWorkspace } from '../../src/observe/observe-workspace.js';
import type { ObservedWorkspace } from '../../src/plan/observed.js';
import { sharedCertDir } from '../emulator/helpers.js';

/** End to end: the read side against the real emulator (HTTPS on loopback) and its demo fleet. */
let emu: RunningEmulator;
let clients: AzureClients;
let ids: string[];
const byName = new Map<string, ObservedWorkspace>();
const W = DEMO.workspaces;
const P = DEMO.prod;
const cmkVaultId = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}`;
const weakVaultId = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.noPurgeProtection}`;
const acrId = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.ContainerRegistry/registries/crmlprod`;
const idOf = (name: string) => ids.find((id) => id.toLowerCase().endsWith(`/workspaces/${name}`))!;

beforeAll(async () => {
  emu = await startEmulator({ seed: 'demo', certDir: sharedCertDir });
  clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem, retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
  ids = [];
  for (const sub of await clients.fleetReader.listSubscriptions()) {
    for await (const ws of clients.fleetReader.listWorkspaces(sub.subscriptionId)) ids.push(ws.id);
  }
  const context = await observeContext(clients, ids, { peTargetIds: [], candidateNames: [] }, undefined, { readConcurrency: 6 });
  for (const o of context.workspaces) byName.set(o.workspace.name, o);
}, 60_000);

afterAll(async () => {
  await emu?.stop();
});

describe('observe against the emulator demo fleet', () => {
  it('observes every live demo workspace and none that is soft-deleted', () => {
    const live = Object.values(W).filter((n) => n !== W.softDeleted).sort();
    expect([...byName.keys()].sort()).toEqual(live);
    expect(ids).toHaveLength(live.length);
  });

  it('reads the compliant workspace: Required rules, its own rule, linked resources, diagnostic settings', () => {
    const o = byName.get(W.compliant)!;
    expect(o.workspace.properties.publicNetworkAccess).toBe('Disabled');
    expect(o.workspace.properties.managedNetwork?.isolationMode).toBe('AllowInternetOutbound');
    const required = Object.entries(o.outboundRules).filter(([, r]) => r.category === 'Required').map(([n]) => n).sort();
    expect(required).toEqual(['__SYS_PE_crmlprod_registry', '__SYS_PE_kv-compliant_vault', '__SYS_PE_stcompliant_blob', '__SYS_PE_stcompliant_file']);
    expect(o.outboundRules['pe-shared-registry']).toMatchObject({ type: 'PrivateEndpoint', category: 'UserDefined', destination: { serviceResourceId: acrId, subresourceTarget: 'registry' } });
    expect(o.storageAccount).toMatchObject({ name: 'stcompliant', publicNetworkAccess: 'Disabled' });
    expect(o.keyVault).toMatchObject({ name: 'kv-compliant', subscriptionId: P.subscriptionId, enableSoftDelete: true, enablePurgeProtection: false, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled', accessPolicies: [] });
    expect(o.containerRegistry).toMatchObject({ id: acrId, publicNetworkAccess: 'Disabled' });
    expect(o.applicationInsights).toMatchObject({ name: 'appi-compliant', type: 'Microsoft.Insights/components' });
    expect(o.applicationInsights?.properties).not.toHaveProperty('InstrumentationKey');
    expect(o.diagnosticSettings.map((d) => d.name)).toEqual(['send-to-log-analytics']);
    expect(o.diagnosticSettings[0]?.body).toMatchObject({ properties: { logs: [{ categoryGroup: 'allLogs', enabled: true }] } });
    expect(o.computes).toEqual([]);
    expect(o.onlineEndpoints).toEqual([]);
  });

  it('reads the computes, the online endpoint and the datastores of the busy workspace, without credentials', () => {
    const o = byName.get(W.withComputes)!;
    expect(o.computes).toEqual([
      expect.objectContaining({ name: 'ci-alice', computeType: 'ComputeInstance', state: 'Running' }),
      expect.objectContaining({ name: 'cpu-cluster', computeType: 'AmlCompute' }),
    ]);
    expect(o.onlineEndpoints.map((e) => e.name)).toEqual(['ep-scoring']);
    expect(o.datastores).toEqual([
      expect.objectContaining({ name: 'workspaceblobstore', datastoreType: 'AzureBlob', isDefault: true }),
      expect.objectContaining({ name: 'workspacefilestore', datastoreType: 'AzureFile', isDefault: false }),
    ]);
    expect(JSON.stringify(o)).not.toMatch(/"credentials"/);
    expect(o.outboundRules).toEqual({});
  });

  it('lists the registered models, environments and data assets (names only)', () => {
    const o = byName.get(W.withComputes)!;
    expect(o.models?.sort()).toEqual(['churn-classifier', 'credit-risk-model']);
    expect(o.environments).toEqual(['sklearn-env']);
    expect(o.dataAssets).toEqual(['transactions-2025']);
    expect(o.readProblems ?? []).toEqual([]);
    expect(byName.get(W.publicOpen)!.models).toEqual(['baseline-model']);
  });

  it('reads the approved-only and public workspaces as they are', () => {
    expect(byName.get(W.approvedOnly)!.outboundRules).toMatchObject({ 'allow-pypi': { type: 'FQDN', destination: 'pypi.org' }, 'allow-datafactory': { type: 'ServiceTag' } });
    expect(byName.get(W.publicOpen)!.workspace.properties.managedNetwork).toBeUndefined();
    expect(byName.get(W.publicOpen)!.outboundRules).toEqual({});
    expect(byName.get(W.cmkNotIsolated)!.workspace.properties.encryption).toMatchObject({ status: 'Enabled', keyVaultProperties: { keyVaultArmId: cmkVaultId } });
  });

  it('reads the CMK prerequisites, PE targets and candidate names', async () => {
    const source = idOf(W.compliant);
    const missingStorage = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.Storage/storageAccounts/stnotthere`;
    const ctx = await observeContext(
      clients,
      [],
      { cmk: { keyVaultId: cmkVaultId, keyName: DEMO.cmkKey }, peTargetIds: [acrId, missingStorage], candidateNames: [{ sourceId: source, name: W.publicOpen }, { sourceId: source, name: 'ws-compliant-iso' }, { sourceId: idOf(W.withComputes), name: W.softDeleted }] },
      'a232010e-820c-4083-83bb-3ace5fc29d0b',
    );
    expect(ctx.vaults[cmkVaultId.toLowerCase()]).toMatchObject({ enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: true, subscriptionId: P.subscriptionId });
    expect(ctx.keys[`${cmkVaultId}/keys/${DEMO.cmkKey}`.toLowerCase()]).toMatchObject({
      name: DEMO.cmkKey, kty: 'RSA', keySize: 3072, enabled: true, keyUri: `https://${DEMO.vaults.cmkReady}.vault.azure.net/keys/${DEMO.cmkKey}`,
      keyUriWithVersion: `https://${DEMO.vaults.cmkReady}.vault.azure.net/keys/${DEMO.cmkKey}/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
    });
    // The RBAC vault grants the Cosmos DB principal "Key Vault Crypto Service Encryption User" at its scope.
    expect(ctx.vaults[cmkVaultId.toLowerCase()]!).toMatchObject({
      roleAssignments: expect.arrayContaining([
        { principalId: 'a232010e-820c-4083-83bb-3ace5fc29d0b', roleDefinitionId: expect.stringMatching(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/i) },
      ]),
    });
    expect(ctx.readProblems ?? []).toEqual([]);
    expect(ctx.peTargets[acrId.toLowerCase()]).toMatchObject({ name: 'crmlprod', publicNetworkAccess: 'Disabled' });
    expect(ctx.peTargets[missingStorage.toLowerCase()]).toBe('not-found');
    const rg = (sub: string, group: string) => `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.MachineLearningServices/workspaces/`.toLowerCase();
    expect(ctx.names).toEqual({
      [`${rg(P.subscriptionId, P.rg)}${W.publicOpen}`]: 'taken',
      [`${rg(P.subscriptionId, P.rg)}ws-compliant-iso`]: 'unknown',
      // Soft-deleted: GET answers 404 and no documented read reveals it, so 'unknown' (never 'free').
      [`${rg(DEMO.research.subscriptionId, DEMO.research.rg)}${W.softDeleted}`]: 'unknown',
    });

    const weak = await observeContext(clients, [], { cmk: { keyVaultId: weakVaultId, keyName: 'rsa-key' }, peTargetIds: [], candidateNames: [] }, undefined);
    expect(weak.vaults[weakVaultId.toLowerCase()]).toMatchObject({ enablePurgeProtection: false });
    expect(weak.keys[`${weakVaultId}/keys/rsa-key`.toLowerCase()]).toMatchObject({ keySize: 2048 });
  });

  it('gives stable fingerprints, and a real change is detected and explained', async () => {
    const id = idOf(W.publicOpen);
    const first = await observeWorkspace(clients, id);
    const again = await observeWorkspace(clients, id);
    for (const [key, fp] of Object.entries(first.fingerprints)) expect(sameFingerprint(fp, again.fingerprints[key]!)).toBe(true);

    const patched = await clients.arm.patch(id, '2025-06-01', { properties: { publicNetworkAccess: 'Disabled' } });
    expect([200, 202]).toContain(patched.status);
    let after = await observeWorkspace(clients, id);
    for (let i = 0; i < 20 && after.workspace.properties.publicNetworkAccess !== 'Disabled'; i++) after = await observeWorkspace(clients, id);
    const key = id.toLowerCase();
    expect(sameFingerprint(first.fingerprints[key]!, after.fingerprints[key]!)).toBe(false);
    expect(diffNormalised(first.fingerprints[key]!.normalised, after.fingerprints[key]!.normalised)).toContain('properties.publicNetworkAccess: Enabled -> Disabled');
    // Nothing else that was read changed.
    for (const [k, fp] of Object.entries(first.fingerprints)) if (k !== key) expect(sameFingerprint(fp, after.fingerprints[k]!)).toBe(true);
  });

  it('fails with one line naming a workspace that is not there', async () => {
    const gone = idOf(W.publicOpen).replace(/ws-public-open$/, 'ws-nope');
    await expect(observeWorkspace(clients, gone)).rejects.toThrow(/^ResourceNotFound: Cannot read workspace 'ws-nope' \(resource group 'rg-ml-prod'/);
  });
});
