// Plan speed (issue 15): `plan` of 500 workspaces in 10 subscriptions on the emulator (separate process) with ARM's
// throttle on (planning only reads: the read bucket, 250 then 25/s per subscription) and 20 ms per call. Runs the
// planning the way `aml-isolate plan` does (observeAndPlan: observe + planRemediation) on the listed workspaces, counts
// its reads per subscription from the emulator's request log, and prints the total against the throttle floor:
// max over subscriptions of (reads - 250) / 25 s (subscriptions refill in parallel). Aim: total / floor <= 1.5x.
// Pacing: whatever createAzureClients does by default; --no-pacing turns it off, --pacing turns it on ({}).
// Run: npm run build && node bench/plan.mjs [--workspaces 500] [--subscriptions 10] [--latency-ms 20] [--no-pacing | --pacing]
import { parseArgs } from 'node:util';
import { adminConfigure, adminGet, credential, peakRssMiB, startEmulatorProcess } from './arm-bench-kit.mjs';
import { countBySubscription, percent, seconds, throttleFloorMs } from './request-log-kit.mjs';

const { values } = parseArgs({
  options: {
    workspaces: { type: 'string', default: '500' },
    subscriptions: { type: 'string', default: '10' },
    'latency-ms': { type: 'string', default: '20' },
    'no-pacing': { type: 'boolean', default: false },
    pacing: { type: 'boolean', default: false },
  },
});
const subs = Number(values.subscriptions);
const perSub = Math.ceil(Number(values.workspaces) / subs);

const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { observeAndPlan } = await import('../dist/observe/observe-and-plan.js');
const { policySchema, summarise } = await import('../dist/plan/index.js');

const emulator = await startEmulatorProcess({ subscriptions: subs, workspacesPerSubscription: perSub, linkedResources: true, latencyMs: Number(values['latency-ms']), throttle: true });
const pacing = values['no-pacing'] ? { pacing: false } : values.pacing ? { pacing: {} } : {};
const clients = createAzureClients({ credential, armEndpoint: emulator.endpoint, tlsCa: emulator.caCertPem, ...pacing });
const session = { clients, endpoint: emulator.endpoint, close: async () => undefined };
const ids = [];
for (const sub of await clients.fleetReader.listSubscriptions()) {
  for await (const ws of clients.fleetReader.listWorkspaces(sub.subscriptionId)) ids.push(ws.id);
}
const chosen = ids.sort().slice(0, Number(values.workspaces));
const requestLog = async () => (await adminGet(emulator.endpoint, emulator.caCertPem, '/_emulator/requests')).value;

// The default policy (what `aml-isolate plan` uses without --policy). Full buckets for the planning itself.
const policy = policySchema.parse({});
await adminConfigure(emulator.endpoint, emulator.caCertPem, { throttle: true });
const before = (await requestLog()).length;
const start = performance.now();
const { plan } = await observeAndPlan(session, chosen, policy);
const totalMs = performance.now() - start;
const calls = (await requestLog()).slice(before);

const counts = countBySubscription(calls);
const floorMs = throttleFloorMs(counts);
const throttled = calls.filter((c) => c.status === 429).length;
const reads = [...counts.values()].map((r) => r.reads);
const changes = summarise(plan);
console.log(`plan benchmark: ${chosen.length} workspaces in ${subs} subscriptions, ${values['latency-ms']} ms per call, ARM throttling on, pacing ${clients.pacer ? 'on' : 'off'}${values['no-pacing'] || values.pacing ? '' : ' (the default)'}, Node ${process.version}`);
console.log(`plan: ${plan.workspaces.length} workspaces; resources: ${changes.create} to create, ${changes.update} to update, ${changes.replace} to replace, ${changes.destroy} to destroy; ${plan.errorCount} errors`);
console.log(`total:                        ${seconds(totalMs)}`);
console.log(`reads per subscription:       min ${Math.min(...reads)}, max ${Math.max(...reads)} (answered; ${(reads.reduce((a, b) => a + b, 0) / chosen.length).toFixed(1)} per workspace)`);
console.log(`throttle floor:               ${seconds(floorMs)} (max over subscriptions of (reads - 250) / 25 per s)`);
console.log(`ratio total / floor:          ${floorMs > 0 ? `${(totalMs / floorMs).toFixed(2)}x (aim <= 1.5x)` : 'no floor: every subscription fits in its bucket'}`);
console.log(`calls:                        ${calls.length}`);
console.log(`429s:                         ${throttled} (${percent(throttled, calls.length)} of calls)`);
if (clients.pacer) console.log(`pacer:                        ${JSON.stringify(clients.pacer.stats)}`);
console.log(`peak RSS: plan process ${peakRssMiB().toFixed(0)} MiB, emulator ${(await emulator.stop())?.toFixed(0)} MiB`);
