// Audit speed: N workspaces in S subscriptions on the emulator (separate process) with per-call latency and ARM's real
// throttling, compared in the same run with
//   - the lower bound implied by the number of calls, the latency and the throttle, and
//   - the naive procedure (list, then one GET and one diagnostic-settings read per workspace, one at a time), measured
//     on the first --naive-subs subscriptions and extrapolated linearly (running it on all would take ~30 minutes).
// Prints the figures and peak memory of both processes.
// Run: npm run build && node bench/audit.mjs [--subs 100] [--per-sub 100] [--latency-ms 100] [--concurrency 64] [--naive-subs 2]
import { parseArgs } from 'node:util';
import { adminGet, credential, peakRssMiB, startEmulatorProcess } from './arm-bench-kit.mjs';

const { values } = parseArgs({
  options: {
    subs: { type: 'string', default: '100' },
    'per-sub': { type: 'string', default: '100' },
    'latency-ms': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '64' },
    'naive-subs': { type: 'string', default: '2' },
  },
});
const subs = Number(values.subs);
const perSub = Number(values['per-sub']);
const latencyMs = Number(values['latency-ms']);
const concurrency = Number(values.concurrency);
const naiveSubs = Math.min(subs, Number(values['naive-subs']));
const throttle = { readCapacity: 250, readRefillPerSec: 25 }; // ARM's per-subscription read bucket (FACTS.md)

const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { runAudit } = await import('../dist/audit/run-audit.js');

const emulator = await startEmulatorProcess({ subscriptions: subs, workspacesPerSubscription: perSub, latencyMs, throttle: true });
const clients = createAzureClients({ credential, armEndpoint: emulator.endpoint, tlsCa: emulator.caCertPem });
const logLength = async () => (await adminGet(emulator.endpoint, emulator.caCertPem, '/_emulator/requests')).value.length;

console.log(`audit benchmark: ${subs * perSub} workspaces in ${subs} subscriptions, ${latencyMs} ms per call, ARM throttling on, Node ${process.version}`);

// 1. The tool's audit.
let before = await logLength();
let start = performance.now();
const report = await runAudit(clients.fleetReader, { discovery: 'arm', concurrency, checkDiagnostics: true });
const auditMs = performance.now() - start;
const auditCalls = (await logLength()) - before;
if (report.workspaces.length !== subs * perSub) throw new Error(`audit found ${report.workspaces.length} workspaces, expected ${subs * perSub}`);
const auditRss = peakRssMiB();

// 2. The lower bound. Calls: the subscription list, the list pages of each subscription, one diagnostic-settings read
// per workspace. Critical path: subscription list -> a subscription's pages in sequence -> the last page's diagnostics.
const callsPerSub = (auditCalls - 1) / subs;
const pagesPerSub = callsPerSub - perSub;
const criticalPathMs = (1 + pagesPerSub + 1) * latencyMs;
const throttleMs = Math.max(0, (callsPerSub - throttle.readCapacity) / throttle.readRefillPerSec) * 1000;
const inFlightMs = (auditCalls * latencyMs) / concurrency;
const lowerBoundUnlimited = Math.max(criticalPathMs, throttleMs);
const lowerBoundAtConcurrency = Math.max(lowerBoundUnlimited, inFlightMs);

// 3. The naive procedure on a sample of subscriptions, one call at a time.
before = await logLength();
start = performance.now();
const subscriptions = (await clients.fleetReader.listSubscriptions()).slice(0, naiveSubs);
let naiveWorkspaces = 0;
for (const sub of subscriptions) {
  for await (const ws of clients.fleetReader.listWorkspaces(sub.subscriptionId)) {
    await clients.fleetReader.getWorkspace(ws.id);
    await clients.fleetReader.listDiagnosticSettings(ws.id);
    naiveWorkspaces++;
  }
}
const naiveSampleMs = performance.now() - start;
const naiveCalls = (await logLength()) - before;
const naiveMs = (naiveSampleMs * subs) / naiveSubs;

const emulatorRss = await emulator.stop();
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`calls made by audit:            ${auditCalls} (${pagesPerSub} list page(s) + ${perSub} diagnostic reads per subscription, + 1)`);
console.log(`audit (concurrency ${concurrency}):        ${s(auditMs)}`);
console.log(`lower bound at concurrency ${concurrency}:  ${s(lowerBoundAtConcurrency)}   (calls x latency / concurrency ${s(inFlightMs)}, critical path ${s(criticalPathMs)}, throttle ${s(throttleMs)})`);
console.log(`lower bound, unlimited calls in flight: ${s(lowerBoundUnlimited)}`);
console.log(`ratio audit / lower bound at concurrency ${concurrency}: ${(auditMs / lowerBoundAtConcurrency).toFixed(2)}x (aim: <= 1.5x)`);
console.log(`naive (list + GET + diagnostics, one at a time): ${s(naiveMs)} extrapolated from ${naiveWorkspaces} workspaces in ${s(naiveSampleMs)} (${naiveCalls} calls)`);
console.log(`speed-up over naive: ${(naiveMs / auditMs).toFixed(1)}x`);
console.log(`peak RSS: audit process ${auditRss.toFixed(0)} MiB, emulator process ${emulatorRss?.toFixed(0)} MiB`);
