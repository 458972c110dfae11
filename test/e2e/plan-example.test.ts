import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { loadPolicy, planDeterministically, readPlanFile, renderPlan, type Plan } from '../../src/plan/index.js';
import { observeForPolicy } from '../../src/observe/observe-for-policy.js';
import { readClients } from '../../src/observe/ports.js';
import { expectGoldenWorkspaceConfig } from '../config/golden.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { privateLinkZonesByCloud } from '../../src/model/private-link-zones.js';

/**
 * plans/example/<case>/ holds a plan made from the demo fleet with the policy beside it. This test makes the plan
 * again (fixed clock and ids) and fails when the committed example is out of date: UPDATE_EXAMPLE=1 rewrites it.
 * It also golden-tests the workspace-config.yml of every target (test/config/golden/demo-*.yml, UPDATE_GOLDEN=1).
 */
const examples = fileURLToPath(new URL('../../plans/example/', import.meta.url));
const update = process.env['UPDATE_EXAMPLE'] === '1';

describe('the example plans, made from the demo fleet', () => {
  let emu: RunningEmulator;
  let clients: AzureClients;
  let nonCompliant: string[];

  beforeAll(async () => {
    emu = await startEmulator({ seed: 'demo', certDir: mkdtempSync(join(tmpdir(), 'aml-example-')) });
    clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem });
    const report = await runAudit(clients.fleetReader, { discovery: 'arm', concurrency: 8, checkDiagnostics: false });
    nonCompliant = report.workspaces.filter((w) => !w.compliant).map((w) => w.id);
  });
  afterAll(async () => emu.stop());

  async function planExample(name: string, subscriptionId?: string): Promise<Plan> {
    const dir = join(examples, name);
    const { policy } = loadPolicy(readFileSync(join(dir, 'policy.yml'), 'utf8'), `plans/example/${name}/policy.yml`);
    const ids = nonCompliant.filter((id) => !subscriptionId || id.startsWith(`/subscriptions/${subscriptionId}/`));
    const { plan } = planDeterministically(await observeForPolicy(readClients(clients), clients.cloud.cosmosDbPrincipalId, ids, policy, privateLinkZonesByCloud[clients.cloud.name]), policy);
    const json = `${JSON.stringify(plan, null, 2)}\n`;
    const text = renderPlan(plan, { color: false });
    if (update) {
      writeFileSync(join(dir, 'plan.json'), json);
      writeFileSync(join(dir, 'plan.txt'), text);
    }
    expect(existsSync(join(dir, 'plan.json')), 'run with UPDATE_EXAMPLE=1 to create it').toBe(true);
    expect(json, `plans/example/${name}/plan.json is out of date: UPDATE_EXAMPLE=1 rewrites it`).toBe(readFileSync(join(dir, 'plan.json'), 'utf8'));
    expect(text).toBe(readFileSync(join(dir, 'plan.txt'), 'utf8'));
    // The committed file is a valid plan: format version, schema and content hash.
    expect((await readPlanFile(join(dir, 'plan.json'))).contentHash).toBe(plan.contentHash);
    return plan;
  }

  it('default policy: in-place where possible, re-creation for AllowOnlyApprovedOutbound, computes removed', async () => {
    const plan = await planExample('default');
    expect(plan.errorCount).toBe(0);
    const strategies = Object.fromEntries(plan.workspaces.map((w) => [w.sourceId.split('/').pop(), w.strategy]));
    expect(strategies).toEqual({
      'ws-approved-only': 'recreate',
      'ws-cmk-not-isolated': 'in-place',
      'ws-private-no-isolation': 'in-place',
      'ws-public-internet-outbound': 'in-place',
      'ws-public-open': 'in-place',
      'ws-with-computes': 'in-place',
    });
    const withComputes = plan.workspaces.find((w) => w.sourceId.endsWith('/ws-with-computes'))!;
    expect(withComputes.steps.map((s) => s.kind)).toContain('delete-compute');
    for (const w of plan.workspaces) if (w.target) expectGoldenWorkspaceConfig(`demo-default-${w.target.name}`, w.target);
  });

  it('CMK + HBI policy: every workspace without them is re-created; the source is retired last', async () => {
    // The key vault must be in the workspace's subscription (FACTS.md), so this policy serves the production one.
    const plan = await planExample('cmk-hbi', DEMO.prod.subscriptionId);
    expect(plan.errorCount).toBe(0);
    expect(plan.workspaces).toHaveLength(5);
    for (const w of plan.workspaces) {
      // It already has a customer-managed key and HBI: only the network settings change, in place.
      if (w.sourceId.endsWith('/ws-cmk-not-isolated')) {
        expect(w.strategy).toBe('in-place');
        continue;
      }
      expect(w.strategy).toBe('recreate');
      expect(w.steps.at(-1)!.kind).toBe('retire-source');
      expect(w.target!.encryption).toMatchObject({ keyIdentifier: expect.stringContaining('/keys/cmk-rsa-3072') });
      expect(w.target!.provision.includeSpark).toBe(true);
    }
    // The CMK vault and key are in the basis: apply refuses the plan if either changed since.
    const vaultId = `/subscriptions/${DEMO.prod.subscriptionId}/resourceGroups/${DEMO.prod.sharedRg}/providers/Microsoft.KeyVault/vaults/${DEMO.vaults.cmkReady}`.toLowerCase();
    expect(Object.keys(plan.basis)).toEqual(expect.arrayContaining([vaultId, `${vaultId}/keys/${DEMO.cmkKey}`.toLowerCase()]));
    for (const w of plan.workspaces) if (w.target) expectGoldenWorkspaceConfig(`demo-cmk-hbi-${w.target.name}`, w.target);
  });
});
