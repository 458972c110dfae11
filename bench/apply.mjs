// Apply speed (issue 15): 200 workspaces in 4 subscriptions re-created in one apply on the emulator (separate
// process), ARM's read, write and delete buckets on, 20 ms per call, long-running operations with Azure's RELATIVE
// durations (the emulator's 'realistic' preset: a workspace create 3 min, a managed network 30 min...) scaled by
// --time-scale (0.01 = Azure's / 100), and no Retry-After on polls, as the recorded Machine Learning service answers.
// Prints the total against its floor: max(one workspace's chain applied alone, ARM's throttle floor for the reads and
// writes the plan cannot avoid), the calls, the 429s and the polls per workspace, all counted from the request log.
// Pacing: whatever createAzureClients does by default; --no-pacing turns it off, --pacing turns it on ({}).
// Run: npm run build && node bench/apply.mjs [--workspaces 200] [--subscriptions 4] [--time-scale 0.01]
//        [--lro-ms N (every LRO N ms instead of the preset)] [--retry-after none|remaining] [--latency-ms 20]
//        [--concurrency 200] [--poll-ms 2000] [--no-pacing | --pacing]
// The old shape: node bench/apply.mjs --workspaces 50 --subscriptions 1 --lro-ms 2000 --retry-after remaining --poll-ms 1000
import { parseArgs } from 'node:util';
import { adminConfigure, adminGet, credential, peakRssMiB, startEmulatorProcess } from './arm-bench-kit.mjs';
import { countBySubscription, isPoll, percent, seconds, subscriptionOf, throttleFloorMs } from './request-log-kit.mjs';

const { values } = parseArgs({
  options: {
    workspaces: { type: 'string', default: '200' },
    subscriptions: { type: 'string', default: '4' },
    'time-scale': { type: 'string', default: '0.01' },
    'lro-ms': { type: 'string' },
    'retry-after': { type: 'string', default: 'none' },
    'latency-ms': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '200' },
    'poll-ms': { type: 'string' },
    // Azure compressed in time as a whole: LRO durations, the tool's poll intervals and ARM's refill rates all scaled
    // by --time-scale (the buckets' capacities stay). Without it only the LROs are compressed: polls and refill stay at
    // real-time rates, which makes every poll 1/time-scale times dearer than in Azure (a stress test of the pacer).
    'lro-only': { type: 'boolean', default: false },
    'no-pacing': { type: 'boolean', default: false },
    pacing: { type: 'boolean', default: false },
  },
});
const count = Number(values.workspaces);
const subs = Number(values.subscriptions);
const perSub = Math.ceil(count / subs);
const concurrency = Number(values.concurrency);
const timeScale = values['lro-ms'] === undefined ? Number(values['time-scale']) : 1;
const compress = !values['lro-only'] && values['lro-ms'] === undefined;
const refillScale = compress ? 1 / timeScale : 1;
const pollIntervalInMs = values['poll-ms'] !== undefined ? Number(values['poll-ms']) : 2000 * (compress ? timeScale : 1);
const lro = values['lro-ms'] === undefined ? { lroDurationMs: 'realistic', lroTimeScale: Number(values['time-scale']) } : { lroDurationMs: Number(values['lro-ms']) };

const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { observeAndPlan } = await import('../dist/observe/observe-and-plan.js');
const { policySchema } = await import('../dist/plan/index.js');
const { applyPlan } = await import('../dist/apply/apply-plan.js');

// One more workspace per subscription than the big run needs: one of them is applied alone first, as the chain floor.
const emulator = await startEmulatorProcess({
  subscriptions: subs,
  workspacesPerSubscription: perSub + 1,
  linkedResources: true,
  latencyMs: Number(values['latency-ms']),
  ...lro,
  lroRetryAfter: values['retry-after'],
  throttle: { refillScale },
});
// The pacer is told the same (compressed) refill rates as the emulator's buckets: it models ARM's.
const scaledRefill = { refillPerSec: { reads: 25 * refillScale, writes: 10 * refillScale, deletes: 10 * refillScale } };
const pacing = values['no-pacing'] ? { pacing: false } : compress ? { pacing: scaledRefill } : values.pacing ? { pacing: {} } : {};
const clients = createAzureClients({ credential, armEndpoint: emulator.endpoint, tlsCa: emulator.caCertPem, ...pacing });
const session = { clients, endpoint: emulator.endpoint, close: async () => undefined };
const bySub = new Map();
for (const sub of await clients.fleetReader.listSubscriptions()) {
  const ids = [];
  for await (const ws of clients.fleetReader.listWorkspaces(sub.subscriptionId)) ids.push(ws.id);
  bySub.set(sub.subscriptionId, ids.sort());
}
const spare = [...bySub.values()].map((ids) => ids.at(-1));
const chosen = [...bySub.values()].flatMap((ids) => ids.slice(0, perSub)).slice(0, count);

// High Business Impact can only be set at creation: every workspace is re-created (create, provision, verify...).
// The synthetic workspaces have no inbound private endpoint to mirror, hence inbound none.
const policy = policySchema.parse({ hbi: true, inbound: { mode: 'none', allowNoInbound: true } });
const requestLog = async () => (await adminGet(emulator.endpoint, emulator.caCertPem, '/_emulator/requests')).value;

async function planAndApply(workspaceIds) {
  const { plan } = await observeAndPlan(session, workspaceIds, policy);
  if (plan.errorCount > 0) throw new Error(`plan has errors: ${JSON.stringify(plan.workspaces.flatMap((w) => w.diagnostics).slice(0, 3))}`);
  // Fresh, full buckets for the apply: planning's reads are not charged to it (the floor assumes full buckets).
  await adminConfigure(emulator.endpoint, emulator.caCertPem, { throttle: { refillScale } });
  const before = (await requestLog()).length;
  const journal = { path: ':memory:', entries: [], async append(e) { this.entries.push(e); } };
  const polls = new Map();
  const events = { stepProgress: (e) => polls.set(e.workspaceId, (polls.get(e.workspaceId) ?? 0) + 1) };
  const start = performance.now();
  const result = await applyPlan(plan, { arm: clients.arm, journal, runId: 'bench' }, { concurrency, dryRun: false, failFast: false, pollIntervalInMs, events });
  const totalMs = performance.now() - start;
  if (result.outcome !== 'succeeded') throw new Error(`apply ${result.outcome}: ${JSON.stringify(journal.entries.filter((e) => e.type === 'failure').slice(0, 2))}`);
  const calls = (await requestLog()).slice(before);
  return { plan, totalMs, entries: journal.entries, calls, polls };
}

/** Per workspace: the sum of its steps' begin→success durations, from the journal. */
function longestChainMs(plan, entries) {
  const stepWorkspace = new Map(plan.workspaces.flatMap((w) => w.steps.map((s) => [s.id, w.sourceId])));
  const begins = new Map();
  const perWorkspace = new Map();
  for (const e of entries) {
    if (e.type === 'begin') begins.set(e.stepId, Date.parse(e.at));
    if (e.type === 'success') perWorkspace.set(stepWorkspace.get(e.stepId), (perWorkspace.get(stepWorkspace.get(e.stepId)) ?? 0) + Date.parse(e.at) - begins.get(e.stepId));
  }
  return Math.max(...perWorkspace.values());
}

const pacingSaid = clients.pacer ? 'on' : 'off';
const lroSaid = values['lro-ms'] === undefined ? `Azure's relative LRO durations x ${values['time-scale']}` : `every LRO ${values['lro-ms']} ms`;
console.log(`apply benchmark: ${chosen.length} workspaces re-created in ${subs} subscription(s), ${lroSaid}, Retry-After ${values['retry-after']}, ${values['latency-ms']} ms per call, ARM throttling on (reads, writes, deletes${compress ? `; refill rates x ${refillScale.toFixed(0)} with the time compression` : ''}), concurrency ${concurrency}, poll interval ${pollIntervalInMs} ms, pacing ${pacingSaid}${values['no-pacing'] || values.pacing ? '' : ' (the default)'}, Node ${process.version}`);
const alone = await planAndApply([spare[0]]);
const big = await planAndApply(chosen);

// What the plan cannot avoid: every write it sends, and every read but the polls beyond one per operation.
const startsOperation = (c) => c.method !== 'GET' && (c.status === 202 || c.status === 201);
const operations = big.calls.filter(startsOperation).length;
const unavoidable = countBySubscription(big.calls, (c) => !isPoll(c.url));
for (const [sub, started] of countBySubscription(big.calls, startsOperation)) unavoidable.get(sub).reads += started.writes + started.deletes; // one poll each
const throttleFloor = throttleFloorMs(unavoidable, refillScale);
const floor = Math.max(alone.totalMs, throttleFloor);
const throttled = big.calls.filter((c) => c.status === 429).length;
const pollCalls = big.calls.filter((c) => isPoll(c.url)).length;
const perWs = [...big.polls.values()];
const actual = countBySubscription(big.calls);
const busiest = [...actual.entries()].sort((a, b) => b[1].reads - a[1].reads)[0];

console.log(`steps per workspace:                   ${big.plan.workspaces[0].steps.map((x) => x.kind).join(', ')}`);
console.log(`total:                                 ${seconds(big.totalMs)}`);
console.log(`one workspace applied alone (chain):   ${seconds(alone.totalMs)}; longest chain inside the big run ${seconds(longestChainMs(big.plan, big.entries))}`);
console.log(`throttle floor (unavoidable calls):    ${seconds(throttleFloor)} (per subscription: reads without extra polls ${[...unavoidable.values()].map((r) => r.reads).join('/')}, writes ${[...unavoidable.values()].map((r) => r.writes).join('/')}, deletes ${[...unavoidable.values()].map((r) => r.deletes).join('/')}; ${operations} LROs)`);
console.log(`floor = max(chain, throttle):          ${seconds(floor)}`);
console.log(`ratio total / floor:                   ${(big.totalMs / floor).toFixed(2)}x`);
console.log(`calls:                                 ${big.calls.length} (${pollCalls} polls; busiest subscription ${busiest ? `${subscriptionOf(`/subscriptions/${busiest[0]}`)}: ${busiest[1].reads} reads answered` : '-'})`);
console.log(`429s:                                  ${throttled} (${percent(throttled, big.calls.length)} of calls)`);
console.log(`polls per workspace (answered):        mean ${(perWs.reduce((a, b) => a + b, 0) / Math.max(1, perWs.length)).toFixed(1)}, max ${Math.max(0, ...perWs)}`);
if (clients.pacer) console.log(`pacer:                                 ${JSON.stringify(clients.pacer.stats)}`);
console.log(`peak RSS: apply process ${peakRssMiB().toFixed(0)} MiB, emulator ${(await emulator.stop())?.toFixed(0)} MiB`);
