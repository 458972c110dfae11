import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basisRereader, findStaleResources } from '../../src/apply/verify-basis.js';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { observeContext } from '../../src/observe/observe-context.js';
import { defaultPolicy, planDeterministically, type Plan } from '../../src/plan/index.js';
import { sharedCertDir } from '../emulator/helpers.js';

/** The staleness check against the real emulator: plan-time fingerprints from observeContext, rereads over HTTPS. */
let emu: RunningEmulator;
let clients: AzureClients;
let plan: Plan;
const W = DEMO.workspaces;
const P = DEMO.prod;
const R = DEMO.research;
const wsId = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const compliant = wsId(P.subscriptionId, P.rg, W.compliant);
const busy = wsId(R.subscriptionId, R.rg, W.withComputes);
const open = wsId(P.subscriptionId, P.rg, W.publicOpen);
const cmkVaultId = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}`;
const acrId = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.sharedRg}/providers/Microsoft.ContainerRegistry/registries/crmlprod`;
const stale = () => findStaleResources(plan, basisRereader(clients));

beforeAll(async () => {
  emu = await startEmulator({ seed: 'demo', certDir: sharedCertDir });
  clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem, retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
  const ids: string[] = [];
  for (const sub of await clients.fleetReader.listSubscriptions()) {
    for await (const ws of clients.fleetReader.listWorkspaces(sub.subscriptionId)) ids.push(ws.id);
  }
  const context = await observeContext(clients, ids, { peTargetIds: [], candidateNames: [] }, undefined);
  plan = planDeterministically(context, defaultPolicy()).plan;
}, 60_000);

afterAll(async () => {
  await emu?.stop();
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('findStaleResources with basisRereader against the emulator', () => {
  it('a fresh plan is not stale: every basis fingerprint, of every kind, is reproduced by a reread', async () => {
    const keys = Object.keys(plan.basis);
    // The plan covers workspaces, their lists and their linked resources.
    for (const suffix of ['/computes', '/onlineendpoints', '/datastores', '/outboundrules', '/models', '/environments', '/data', '/providers/microsoft.insights/diagnosticsettings']) {
      expect(keys.some((k) => k.endsWith(suffix))).toBe(true);
    }
    for (const type of ['microsoft.storage/storageaccounts', 'microsoft.keyvault/vaults', 'microsoft.containerregistry/registries', 'microsoft.insights/components']) {
      expect(keys.some((k) => k.includes(`/providers/${type}/`))).toBe(true);
    }
    expect(await stale()).toEqual([]);
  });

  it('CMK vault, key, role assignments and private-endpoint targets are reread as observeContext read them', async () => {
    const ctx = await observeContext(clients, [], { cmk: { keyVaultId: cmkVaultId, keyName: DEMO.cmkKey }, peTargetIds: [acrId], candidateNames: [] }, DEMO.cosmosDbPrincipalId);
    const basis = ctx.fingerprints!;
    expect(Object.keys(basis).sort()).toEqual(
      [acrId, cmkVaultId, `${cmkVaultId}/keys/${DEMO.cmkKey}`, `${cmkVaultId}/providers/Microsoft.Authorization/roleAssignments`].map((k) => k.toLowerCase()).sort(),
    );
    expect(await findStaleResources({ basis }, basisRereader(clients))).toEqual([]);
    // The role assignments alone (no key in the basis) are reread too.
    const roles = `${cmkVaultId}/providers/Microsoft.Authorization/roleAssignments`.toLowerCase();
    expect(await findStaleResources({ basis: { [roles]: basis[roles]! } }, basisRereader(clients))).toEqual([]);
  });

  it('names the workspace whose public network access was changed, and how', async () => {
    const patched = await clients.arm.patch(compliant, '2025-06-01', { properties: { publicNetworkAccess: 'Enabled' } });
    expect([200, 202]).toContain(patched.status);
    await until(async () => (await clients.arm.get<{ properties: { publicNetworkAccess: string } }>(compliant, '2025-06-01')).body.properties.publicNetworkAccess === 'Enabled');
    const found = await stale();
    expect(found).toEqual([{ id: compliant.toLowerCase(), change: 'changed', details: expect.arrayContaining(['properties.publicNetworkAccess: Disabled -> Enabled']) }]);
  });

  it('reports a compute added to a workspace under <ws>/computes', async () => {
    await clients.arm.put(`${busy}/computes/cpu-new`, '2025-06-01', { location: R.location, properties: { computeType: 'AmlCompute', properties: { vmSize: 'STANDARD_DS3_V2' } } });
    const found = await stale();
    const computes = found.find((s) => s.id === `${busy}/computes`.toLowerCase());
    expect(computes).toEqual({ id: `${busy}/computes`.toLowerCase(), change: 'changed', details: [expect.stringMatching(/^cpu-new: \(absent\) -> \{/)] });
  });

  it('reports a deleted linked resource, and a deleted workspace with everything listed under it, as gone', async () => {
    const appi = (plan.basis[open.toLowerCase()]!.normalised as { properties: { applicationInsights: string } }).properties.applicationInsights;
    await clients.arm.delete(appi, '2020-02-02');
    let found = await stale();
    expect(found).toContainEqual({ id: appi.toLowerCase(), change: 'gone', details: [] });

    const deleted = await clients.arm.delete(busy, '2025-06-01');
    expect([200, 202, 204]).toContain(deleted.status);
    await until(async () => clients.arm.get(busy, '2025-06-01').then(() => false, () => true));
    found = await stale();
    const underBusy = Object.keys(plan.basis).filter((k) => k.startsWith(busy.toLowerCase()));
    expect(underBusy.length).toBeGreaterThan(5);
    for (const k of underBusy) expect(found).toContainEqual({ id: k, change: 'gone', details: [] });
  });
});
