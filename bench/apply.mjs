// Apply speed: N workspaces re-created in one apply on the emulator (separate process) with ARM throttling, per-call
// latency and long-running operations scaled down (every LRO lasts --lro-ms; in Azure a workspace creation takes
// minutes and provisioning a managed network ~30 minutes). Compared in the same run with the longest single-workspace
// chain (the sum of its steps' durations, from the journal) and with one workspace applied alone.
// Run: npm run build && node bench/apply.mjs [--workspaces 50] [--lro-ms 2000] [--latency-ms 20] [--concurrency 50]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { adminGet, credential, peakRssMiB, startEmulatorProcess } from './arm-bench-kit.mjs';

const { values } = parseArgs({
  options: {
    workspaces: { type: 'string', default: '50' },
    'lro-ms': { type: 'string', default: '2000' },
    'latency-ms': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '50' },
  },
});
const count = Number(values.workspaces);
const lroMs = Number(values['lro-ms']);
const concurrency = Number(values.concurrency);

const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { observeForPolicy } = await import('../dist/commands/plan-support.js');
const { defaultPolicy, mergePolicy, planRemediation } = await import('../dist/plan/index.js');
const { openJournal, readJournal } = await import('../dist/apply/journal.js');
const { applyPlan } = await import('../dist/apply/apply-plan.js');

// One more workspace than the big run: it is applied alone first, for reference.
const emulator = await startEmulatorProcess({
  subscriptions: 1,
  workspacesPerSubscription: count + 1,
  latencyMs: Number(values['latency-ms']),
  lroDurationMs: lroMs,
  throttle: true,
  linkedResources: true,
});
const clients = createAzureClients({ credential, armEndpoint: emulator.endpoint, tlsCa: emulator.caCertPem });
const subscriptionId = (await clients.fleetReader.listSubscriptions())[0].subscriptionId;
const ids = [];
for await (const ws of clients.fleetReader.listWorkspaces(subscriptionId)) ids.push(ws.id);
ids.sort();

// High Business Impact can only be set at creation: every workspace without it is re-created.
const policy = mergePolicy(defaultPolicy(), { hbi: true });
let n = 0;
const newId = () => `bench-${++n}`;
async function planAndApply(workspaceIds) {
  const context = await observeForPolicy(clients, workspaceIds, policy);
  const { plan } = planRemediation(context, policy, { now: new Date(), newId, toolVersion: 'bench' });
  if (plan.errorCount > 0) throw new Error(`plan has errors: ${JSON.stringify(plan.workspaces.flatMap((w) => w.diagnostics))}`);
  const path = join(mkdtempSync(join(tmpdir(), 'aml-bench-apply-')), 'journal.jsonl');
  const journal = await openJournal(path, plan);
  const start = performance.now();
  const result = await applyPlan(plan, { arm: clients.arm, journal, runId: 'bench' }, { concurrency, dryRun: false, failFast: false, pollIntervalInMs: 1000 });
  const totalMs = performance.now() - start;
  if (result.outcome !== 'succeeded') throw new Error(`apply ${result.outcome}: ${readFileSync(path, 'utf8').split('\n').filter((l) => l.includes('failure')).slice(0, 2).join('\n')}`);
  return { plan, totalMs, entries: await readJournal(path) };
}

/** Per workspace: the sum of its steps' begin→success durations, from the journal. */
function chains(plan, entries) {
  const stepWorkspace = new Map(plan.workspaces.flatMap((w) => w.steps.map((s) => [s.id, w.sourceId])));
  const begins = new Map();
  const perWorkspace = new Map();
  for (const e of entries) {
    if (e.type === 'begin') begins.set(e.stepId, Date.parse(e.at));
    if (e.type === 'success') {
      const ws = stepWorkspace.get(e.stepId);
      perWorkspace.set(ws, (perWorkspace.get(ws) ?? 0) + Date.parse(e.at) - begins.get(e.stepId));
    }
  }
  return [...perWorkspace.values()];
}

console.log(`apply benchmark: ${count} workspaces re-created, every LRO ${lroMs} ms, ${values['latency-ms']} ms per call, ARM throttling on, concurrency ${concurrency}, Node ${process.version}`);
const requestLog = async () => (await adminGet(emulator.endpoint, emulator.caCertPem, '/_emulator/requests')).value;
const alone = await planAndApply([ids.at(-1)]);
const before = (await requestLog()).length;
const big = await planAndApply(ids.slice(0, count));
const calls = (await requestLog()).slice(before);
// Planning reads too (observe): count only what apply itself sent, from its first write on.
const firstWrite = calls.findIndex((c) => c.method !== 'GET');
const applyCalls = calls.slice(firstWrite);
const reads = applyCalls.filter((c) => c.method === 'GET' && c.status !== 429).length;
const throttled = applyCalls.filter((c) => c.status === 429).length;
const readFloorMs = (reads / 25) * 1000; // ARM refills 25 reads/s per subscription; planning has drained the bucket
const longest = Math.max(...chains(big.plan, big.entries));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`steps per workspace:                   ${big.plan.workspaces[0].steps.map((x) => x.kind).join(', ')}`);
console.log(`one workspace applied alone:           ${s(alone.totalMs)}`);
console.log(`${count} workspaces in one apply:           ${s(big.totalMs)}`);
console.log(`longest single-workspace chain in it:  ${s(longest)}`);
console.log(`ratio total / longest chain:           ${(big.totalMs / longest).toFixed(2)}x (aim: <= 1.3x)`);
console.log(`ratio total / one workspace alone:     ${(big.totalMs / alone.totalMs).toFixed(2)}x`);
console.log(`calls by apply: ${applyCalls.length} (${reads} reads answered, ${throttled} answered 429); read-throttle floor ${s(readFloorMs)} (reads / 25 per s)`);
console.log(`peak RSS: apply process ${peakRssMiB().toFixed(0)} MiB, emulator ${(await emulator.stop())?.toFixed(0)} MiB`);
