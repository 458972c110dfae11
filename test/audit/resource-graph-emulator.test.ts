/**
 * 'resource-graph' discovery through the real SDK pipeline against the real emulator over HTTPS: rows that carry the
 * ML-005 fields are judged without an ARM GET, rows that lack them are confirmed by one, paging follows $skipToken to
 * the end, and ARG's own throttle (15 queries per 5 s) is respected before it answers 429.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/client-factory.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { syntheticFleetState } from '../../src/emulator/demo-fleet.js';
import { start } from '../emulator/helpers.js';

const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const GRAPH = /^\/providers\/Microsoft\.ResourceGraph\/resources\?/i;
const WORKSPACE_GET = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/?]+\?/i;

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

function clientsFor(e: RunningEmulator) {
  return createAzureClients({ credential, armEndpoint: e.endpoint, tlsCa: e.caCertPem, retry: { maxRetries: 0 } });
}

describe('audit --discovery resource-graph against the emulator', () => {
  it('judges rows carrying the fields without a GET, confirms the others with one, pages to the end, same verdicts as ARM', async () => {
    // 2 x 1,200 workspaces: three 1,000-row pages; 1 in 5 has no managedNetwork at all (the synthetic mix).
    const seed = syntheticFleetState({ subscriptions: 2, workspacesPerSubscription: 1200 });
    emu = await start({ seed });
    const withField = Object.values(seed.resources).filter(
      (r) => String(r.type).toLowerCase() === 'microsoft.machinelearningservices/workspaces' && (r.properties as any)?.managedNetwork?.isolationMode,
    ).length;
    expect(withField).toBeGreaterThan(0);
    expect(withField).toBeLessThan(2400);
    const clients = clientsFor(emu);

    const before = emu.requests.length;
    const graph = await runAudit(clients.fleetReader, { discovery: 'resource-graph', concurrency: 16 });
    const log = emu.requests.slice(before);

    expect(graph.summary.workspaces).toBe(2400);
    expect(graph.resourceGraph).toEqual({ decidedFromRows: withField, confirmedWithArm: 2400 - withField });
    expect(log.filter((r) => r.method === 'POST' && GRAPH.test(r.url))).toHaveLength(3);
    const gets = log.filter((r) => r.method === 'GET' && WORKSPACE_GET.test(r.url));
    expect(gets).toHaveLength(2400 - withField);
    // Only workspaces whose stored body lacks managedNetwork were fetched.
    for (const get of gets) {
      const id = get.url.slice(0, get.url.indexOf('?')).toLowerCase();
      expect((seed.resources[id]!.properties as any).managedNetwork).toBeUndefined();
    }

    const arm = await runAudit(clients.fleetReader, { discovery: 'arm', concurrency: 16 });
    expect(graph.workspaces).toEqual(arm.workspaces);
    expect(graph.summary).toEqual(arm.summary);
  }, 60_000);

  it("respects Resource Graph's own throttle: 17 pages, not one 429", async () => {
    emu = await start({ seed: syntheticFleetState({ subscriptions: 17, workspacesPerSubscription: 1000 }), throttle: true });
    const before = emu.requests.length;
    const report = await runAudit(clientsFor(emu).fleetReader, { discovery: 'resource-graph', checkDiagnostics: false, concurrency: 32 });
    const queries = emu.requests.slice(before).filter((r) => r.method === 'POST' && GRAPH.test(r.url));
    expect(report.summary.workspaces).toBe(17_000);
    expect(report.errors).toEqual([]);
    // More queries than the 15-query window holds, so without pacing the 16th would have been refused.
    expect(queries.length).toBe(17);
    expect(queries.filter((q) => q.status === 429)).toEqual([]);
  }, 60_000);
});
