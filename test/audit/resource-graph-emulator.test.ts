/**
 * 'resource-graph' discovery through the real SDK pipeline against the real emulator over HTTPS: rows that carry the
 * ML-005 fields are judged without an ARM GET, rows that lack them are confirmed by one, paging follows $skipToken to
 * the end, and ARG's own throttle (15 queries per 5 s) is respected before it answers 429.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createArmRequester } from '../../src/azure/arm-requester.js';
import { createAzureClients } from '../../src/azure/client-factory.js';
import { createFleetReader } from '../../src/azure/fleet-reader.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { syntheticFleetState } from '../../src/emulator/demo-fleet.js';
import { start } from '../emulator/helpers.js';

const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const GRAPH = /^\/providers\/Microsoft\.ResourceGraph\/resources\?/i;
const WORKSPACE_GET = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/?]+\?/i;

type Stored = Record<string, { type?: unknown; properties?: any }>;
const resourcesOf = (seed: ReturnType<typeof syntheticFleetState>) => seed['resources'] as Stored;

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
    const withField = Object.values(resourcesOf(seed)).filter(
      (r) => String(r.type).toLowerCase() === 'microsoft.machinelearningservices/workspaces' && r.properties?.managedNetwork?.isolationMode,
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
      expect((resourcesOf(seed)[id]!.properties as any).managedNetwork).toBeUndefined();
    }

    const arm = await runAudit(clients.fleetReader, { discovery: 'arm', concurrency: 16 });
    expect(graph.workspaces).toEqual(arm.workspaces);
    expect(graph.summary).toEqual(arm.summary);
  }, 60_000);

  it("respects Resource Graph's own throttle: 17 pages, not one 429 (the emulator's clock moves only when the tool waits)", async () => {
    // Every workspace carries the fields, so the run is Resource Graph queries only (no GET, no diagnostics).
    const seed = syntheticFleetState({ subscriptions: 17, workspacesPerSubscription: 1000 });
    for (const r of Object.values(resourcesOf(seed))) {
      const p = r.properties;
      if (String(r.type).toLowerCase().endsWith('/workspaces') && !p.managedNetwork) p.managedNetwork = { isolationMode: 'Disabled' };
    }
    let clock = Date.parse('2026-11-30T00:00:00Z');
    emu = await start({ seed, throttle: true, now: () => clock });
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += ms; // ARG's bucket refills only by the tool's own waiting
    };
    // No throttle retries: a 429 would surface as a report error instead of being waited out.
    const settings = { credential, endpoint: emu.endpoint, scope: `${emu.endpoint}/.default`, tlsCa: emu.caCertPem, retry: { maxRetries: 0, maxThrottleRetries: 0 } };
    const reader = createFleetReader(createArmRequester(settings), { sleep });

    const before = emu.requests.length;
    const report = await runAudit(reader, { discovery: 'resource-graph', checkDiagnostics: false, concurrency: 8 });
    const queries = emu.requests.slice(before).filter((r) => r.method === 'POST' && GRAPH.test(r.url));
    expect(report.errors).toEqual([]);
    expect(report.summary.workspaces).toBe(17_000);
    expect(report.resourceGraph).toEqual({ decidedFromRows: 17_000, confirmedWithArm: 0 });
    expect(queries).toHaveLength(17);
    expect(queries.filter((q) => q.status === 429)).toHaveLength(0);
    expect(waits).toEqual([5000]); // the 15th answer said the quota was spent; one window was waited out
  }, 60_000);
});
