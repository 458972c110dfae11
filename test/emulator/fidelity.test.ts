import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { startEmulator } from '../../src/emulator/index.js';
import { exampleBody, exampleUrl, loadOfficialExamples, type OfficialExample } from './fidelity-examples.js';
import { ArmClient } from './fidelity-harness.js';
import { World } from './fidelity-world.js';

/**
 * Official-example fidelity: every official example whose operation the emulator serves is sent to the real emulator
 * over HTTPS (after creating its prerequisites through the emulator's own ARM API). The request must be accepted, and
 * every response body (prerequisites, the example's own answer, LRO polls, the final GET) must validate against the
 * spec. Examples that contradict a FACTS.md service rule must be refused with 400 instead.
 */

const ML = 'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-06-01/examples/';
const KV = 'specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2025-05-01/examples/';

type Setup = (w: World, ex: OfficialExample) => Promise<void>;

interface FidelityCase {
  setup: Setup;
  /** Set when the example contradicts a FACTS.md rule: the emulator must refuse it. */
  refused?: { status: 400; reason: string };
  /** Path parameters to send instead of the example's (besides subscriptionId, always the emulator's). */
  params?: (w: World) => Record<string, string>;
}

const none: Setup = async () => {};
const p = (ex: OfficialExample, name: string): string => String(ex.parameters[name]);

/** A workspace named by the example, in its resource group. */
const workspaceOf =
  (properties: Record<string, unknown> = {}, after?: (w: World, wsId: string, ex: OfficialExample) => Promise<void>): Setup =>
  async (w, ex) => {
    const id = await w.workspace(p(ex, 'resourceGroupName'), p(ex, 'workspaceName'), properties);
    if (after) await after(w, id, ex);
  };

const approvedOnly = { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } };
const internetOutbound = { managedNetwork: { isolationMode: 'AllowInternetOutbound' } };
const fqdnRule = (name: string) => async (w: World, wsId: string) => w.outboundRule(wsId, name, { type: 'FQDN', destination: 'pypi.org', category: 'UserDefined' });

const computeBody = (computeType: 'AmlCompute' | 'ComputeInstance') => ({
  location: 'eastus',
  properties: computeType === 'AmlCompute' ? { computeType, properties: { vmSize: 'STANDARD_DS3_V2', scaleSettings: { maxNodeCount: 1, minNodeCount: 0 } } } : { computeType, properties: { vmSize: 'STANDARD_DS3_V2' } },
});
const blobDatastore = { properties: { datastoreType: 'AzureBlob', accountName: 'st1', containerName: 'c', credentials: { credentialsType: 'None' } } };

const CASES: Record<string, FidelityCase> = {
  // workspaces
  [`${ML}Workspace/create.json`]: {
    // the body links storage, key vault (CMK: soft delete + purge protection, key testkey), registry and App Insights
    setup: async (w) => {
      await w.storage('accountcrud-1234', 'testStorageAccount');
      const vault = await w.vault('workspace-1234', 'testkv', { enableSoftDelete: true, enablePurgeProtection: true });
      await w.key(vault, 'testkey');
      await w.tracked('workspace-1234', 'Microsoft.ContainerRegistry/registries', 'testRegistry', '2023-07-01');
      await w.tracked('workspace-1234', 'microsoft.insights/components', 'testinsights', '2020-02-02');
    },
  },
  [`${ML}Workspace/get.json`]: { setup: workspaceOf() },
  [`${ML}Workspace/update.json`]: { setup: workspaceOf() },
  [`${ML}Workspace/delete.json`]: { setup: workspaceOf() },
  [`${ML}Workspace/listByResourceGroup.json`]: { setup: async (w) => void (await w.workspace('workspace-1234', 'testworkspace')) },
  [`${ML}Workspace/listBySubscription.json`]: { setup: async (w) => void (await w.workspace('workspace-1234', 'testworkspace')) },
  [`${ML}Workspace/diagnose.json`]: { setup: workspaceOf() },
  // managed network
  [`${ML}ManagedNetwork/createOrUpdateRule.json`]: { setup: workspaceOf(approvedOnly) },
  [`${ML}ManagedNetwork/getRule.json`]: { setup: workspaceOf(approvedOnly, (w, id, ex) => fqdnRule(p(ex, 'ruleName'))(w, id)) },
  [`${ML}ManagedNetwork/deleteRule.json`]: { setup: workspaceOf(approvedOnly, (w, id, ex) => fqdnRule(p(ex, 'ruleName'))(w, id)) },
  [`${ML}ManagedNetwork/listRule.json`]: { setup: workspaceOf(approvedOnly, fqdnRule('pypi')) },
  [`${ML}ManagedNetwork/provision.json`]: { setup: workspaceOf(internetOutbound) },
  // computes, datastores, online endpoints (a workspace without managed network: computes do not block anything there)
  [`${ML}Compute/list.json`]: { setup: workspaceOf({}, (w, id) => w.workspaceChild(id, 'computes', 'cpu-cluster', computeBody('AmlCompute'))) },
  [`${ML}Compute/get/AmlCompute.json`]: { setup: workspaceOf({}, (w, id, ex) => w.workspaceChild(id, 'computes', p(ex, 'computeName'), computeBody('AmlCompute'))) },
  [`${ML}Compute/get/ComputeInstance.json`]: { setup: workspaceOf({}, (w, id, ex) => w.workspaceChild(id, 'computes', p(ex, 'computeName'), computeBody('ComputeInstance'))) },
  [`${ML}Compute/createOrUpdate/BasicAmlCompute.json`]: { setup: workspaceOf() },
  [`${ML}Compute/createOrUpdate/ComputeInstance.json`]: { setup: workspaceOf() },
  [`${ML}Compute/createOrUpdate/ComputeInstanceMinimal.json`]: { setup: workspaceOf() },
  [`${ML}Compute/delete.json`]: { setup: workspaceOf({}, (w, id, ex) => w.workspaceChild(id, 'computes', p(ex, 'computeName'), computeBody('AmlCompute'))) },
  [`${ML}Datastore/list.json`]: { setup: workspaceOf({}, (w, id) => w.workspaceChild(id, 'datastores', 'workspaceblobstore', blobDatastore)) },
  [`${ML}Datastore/get.json`]: { setup: workspaceOf({}, (w, id, ex) => w.workspaceChild(id, 'datastores', p(ex, 'name'), blobDatastore)) },
  [`${ML}Datastore/AzureBlobWAccountKey/createOrUpdate.json`]: { setup: workspaceOf() },
  [`${ML}Workspace/OnlineEndpoint/list.json`]: {
    setup: workspaceOf({}, (w, id) => w.workspaceChild(id, 'onlineEndpoints', 'ep1', { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key' } })),
  },
  // Key Vault (the 2024-11-01 examples are sent with the 2025-05-01 api-version the emulator implements)
  [`${KV}getVault.json`]: { setup: async (w, ex) => void (await w.vault(p(ex, 'resourceGroupName'), p(ex, 'vaultName'))) },
  ['examples/keyvault-2024-11-01/getVault.json']: { setup: async (w, ex) => void (await w.vault(p(ex, 'resourceGroupName'), p(ex, 'vaultName'))) },
  [`${KV}getKey.json`]: { setup: async (w, ex) => w.key(await w.vault(p(ex, 'resourceGroupName'), p(ex, 'vaultName')), p(ex, 'keyName')) },
  ['examples/keyvault-2024-11-01/getKey.json']: { setup: async (w, ex) => w.key(await w.vault(p(ex, 'resourceGroupName'), p(ex, 'vaultName')), p(ex, 'keyName')) },
  ['examples/keyvault-2024-11-01/createKey.json']: { setup: async (w, ex) => void (await w.vault(p(ex, 'resourceGroupName'), p(ex, 'vaultName'))) },
  // Storage, subscriptions, Resource Graph
  ['examples/storage-2025-01-01/StorageAccountGetProperties.json']: { setup: async (w, ex) => w.storage(p(ex, 'resourceGroupName'), p(ex, 'accountName')) },
  ['specification/resources/resource-manager/Microsoft.Resources/subscriptions/examples/2022-12-01/GetSubscriptions.json']: { setup: none },
  ['specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/examples/ResourcesBasicQuery.json']: {
    setup: async (w) => void (await w.workspace('rg-graph', 'ws-graph')),
  },
  // Role assignments: the example's scope is its own subscription; it is sent at the emulator's, which holds one.
  ['specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/RoleAssignments_ListForScope.json']: {
    setup: async (w) => w.roleAssignment(`/subscriptions/${w.subscriptionId}`, 'b0f43c54-e787-4862-89b1-a653fa9cf747'),
    params: (w) => ({ scope: `subscriptions/${w.subscriptionId}` }),
  },
};

/** Examples of operations the emulator does not serve, each with the reason. */
const NOT_SERVED: Record<string, string> = {
  [`${ML}Workspace/ModelVersion/createOrUpdate.json`]: 'model versions are not emulated (model containers are): the tool never reads or writes versions',
  [`${ML}Workspace/ModelVersion/get.json`]: 'model versions are not emulated (model containers are): the tool never reads or writes versions',
  [`${ML}Workspace/ModelVersion/list.json`]: 'model versions are not emulated (model containers are): the tool never reads or writes versions',
  [`${ML}Workspace/EnvironmentVersion/createOrUpdate.json`]: 'environment versions are not emulated (environment containers are): the tool never reads or writes versions',
  [`${ML}Workspace/EnvironmentVersion/get.json`]: 'environment versions are not emulated (environment containers are): the tool never reads or writes versions',
};

const examples = loadOfficialExamples();
let certDir: string;

beforeAll(() => {
  // one TLS certificate for all the emulators this file starts
  certDir = mkdtempSync(join(tmpdir(), 'aml-isolate-fidelity-'));
});

afterAll(() => {
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

async function withEmulator(run: (arm: ArmClient, world: World) => Promise<void>): Promise<ArmClient> {
  const emulator: RunningEmulator = await startEmulator({ seed: 'empty', validateResponses: true, lroDurationMs: 0, certDir });
  const arm = new ArmClient(emulator);
  try {
    const subs = await arm.send('GET', '/subscriptions?api-version=2022-12-01');
    const first = (subs.body as { value?: { subscriptionId: string; tenantId: string }[] }).value?.[0];
    if (!first) throw new Error(`the emulator (seed 'empty') lists no subscription: ${JSON.stringify(subs.body)}`);
    await run(arm, new World(arm, first.subscriptionId, first.tenantId));
  } finally {
    await emulator.stop();
  }
  return arm;
}

/** The example's body with its subscription replaced by the emulator's (ids inside bodies point at it). */
function bodyFor(ex: OfficialExample, world: World): unknown {
  const body = exampleBody(ex);
  if (body === undefined) return undefined;
  let text = JSON.stringify(body);
  const sub = ex.parameters.subscriptionId;
  if (typeof sub === 'string') text = text.split(sub).join(world.subscriptionId);
  const out = JSON.parse(text) as Record<string, unknown>;
  if (ex.operationId === 'Resources' && Array.isArray(out.subscriptions)) out.subscriptions = [world.subscriptionId];
  return out;
}

describe('official examples against the real emulator', () => {
  it('classifies every official example as served (with its setup) or not served (with a reason)', () => {
    const unclassified = examples.map((e) => e.id).filter((id) => !(id in CASES) && !(id in NOT_SERVED));
    expect(unclassified).toEqual([]);
    const stale = [...Object.keys(CASES), ...Object.keys(NOT_SERVED)].filter((id) => !examples.some((e) => e.id === id));
    expect(stale).toEqual([]);
  });

  it.each(examples.filter((e) => e.id in CASES).map((e) => [e.id, e] as const))('%s', async (_id, ex) => {
    const testCase = CASES[ex.id]!;
    const arm = await withEmulator(async (arm, world) => {
      await testCase.setup(world, ex);
      const url = exampleUrl(ex, { subscriptionId: world.subscriptionId, ...testCase.params?.(world) });
      const { first, final, status } = await arm.sendLro(ex.method, url, bodyFor(ex, world));
      if (testCase.refused) {
        expect({ status: first.status, body: first.body }).toMatchObject({ status: testCase.refused.status, body: { error: { code: expect.any(String) } } });
        return;
      }
      if (first.status < 200 || first.status > 299) expect.fail(`${ex.method} ${url} answered ${first.status} ${JSON.stringify(first.body)}`);
      if (first.status === 202) expect(arm.exchanges.filter((e) => /workspaceOperationsStatus/i.test(e.url)).length).toBeGreaterThan(0);
      if (status !== undefined) expect(status).toBe('Succeeded');
      if (final.status > 299) expect.fail(`the operation's final answer was ${final.status} ${JSON.stringify(final.body)}`);
    });
    expect(arm.findings).toEqual([]);
  });

  it('refuses the createOrUpdateRule example (an FQDN rule) in an AllowInternetOutbound workspace (FACTS: only PrivateEndpoint rules there)', async () => {
    const ex = examples.find((e) => e.id === `${ML}ManagedNetwork/createOrUpdateRule.json`)!;
    const arm = await withEmulator(async (arm, world) => {
      await world.workspace(p(ex, 'resourceGroupName'), p(ex, 'workspaceName'), internetOutbound);
      const res = await arm.send(ex.method, exampleUrl(ex, { subscriptionId: world.subscriptionId }), bodyFor(ex, world));
      expect(res.status).toBe(400);
    });
    expect(arm.findings).toEqual([]);
  });

  it('refuses a workspace update that sends a Required rule back (FACTS: clients must not send Required/Recommended rules)', async () => {
    const ex = examples.find((e) => e.id === `${ML}Workspace/update.json`)!;
    const arm = await withEmulator(async (arm, world) => {
      await world.workspace(p(ex, 'resourceGroupName'), p(ex, 'workspaceName'), internetOutbound);
      const body = bodyFor(ex, world) as { properties: Record<string, unknown> };
      body.properties.managedNetwork = {
        isolationMode: 'AllowInternetOutbound',
        outboundRules: { __SYS_PE_st_blob: { type: 'PrivateEndpoint', category: 'Required', destination: { serviceResourceId: `${world.rgId('x')}/providers/Microsoft.Storage/storageAccounts/st`, subresourceTarget: 'blob' } } },
      };
      const res = await arm.send(ex.method, exampleUrl(ex, { subscriptionId: world.subscriptionId }), body);
      expect(res.status).toBe(400);
    });
    expect(arm.findings).toEqual([]);
  });

  it("answers every read of the 'demo' fleet with spec-valid bodies (workspaces, rules, computes, endpoints, datastores, asset containers, all pages)", async () => {
    const emulator = await startEmulator({ seed: 'demo', validateResponses: true, certDir, pageSize: 2 });
    const arm = new ArmClient(emulator);
    const listAll = async (url: string): Promise<{ id: string }[]> => {
      const items: { id: string }[] = [];
      for (let next: string | undefined = url, pages = 0; next && pages < 500; pages++) {
        const res = await arm.send('GET', next, undefined, { method: 'GET', url, required: true });
        if (res.status !== 200) expect.fail(`GET ${next} answered ${res.status} ${JSON.stringify(res.body)}`);
        const page = res.body as { value?: { id: string }[]; nextLink?: string };
        items.push(...(page.value ?? []));
        next = page.nextLink ?? undefined;
      }
      return items;
    };
    try {
      const subs = await listAll('/subscriptions?api-version=2022-12-01');
      expect(subs.length).toBeGreaterThan(0);
      let workspaces = 0;
      for (const sub of subs) {
        for (const ws of await listAll(`${sub.id}/providers/Microsoft.MachineLearningServices/workspaces?api-version=2025-06-01`)) {
          workspaces++;
          await arm.send('GET', `${ws.id}?api-version=2025-06-01`);
          for (const child of ['outboundRules', 'computes', 'onlineEndpoints', 'datastores', 'models', 'environments', 'data']) {
            for (const item of await listAll(`${ws.id}/${child}?api-version=2025-06-01`)) await arm.send('GET', `${item.id}?api-version=2025-06-01`);
          }
        }
      }
      expect(workspaces).toBeGreaterThan(0);
    } finally {
      await emulator.stop();
    }
    expect(arm.findings).toEqual([]);
  });
});
