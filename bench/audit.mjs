// Audit speed: N workspaces in S subscriptions on the emulator (separate process) with per-call latency, compared in
// the same run with a minimal keep-alive HTTPS client replaying the very same calls (taken from the emulator's request
// log) at the same concurrency. Ratios within one run are what count: the machine is shared, absolute times are noisy.
// Also prints the lower bound implied by calls x latency / concurrency, the critical path and ARM's throttle, and
// optionally the naive procedure (one call at a time) on --naive-subs subscriptions, extrapolated.
// Run: npm run build && node bench/audit.mjs [--subs 100] [--per-sub 100] [--latency-ms 100] [--concurrency 64,256]
//        [--repeat 1] [--naive-subs 0] [--no-throttle]
import { parseArgs } from 'node:util';
import { adminGet, credential, peakRssMiB, replayCalls, startEmulatorProcess } from './arm-bench-kit.mjs';

const { values } = parseArgs({
  options: {
    subs: { type: 'string', default: '100' },
    'per-sub': { type: 'string', default: '100' },
    'latency-ms': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '64,256' },
    repeat: { type: 'string', default: '1' },
    'naive-subs': { type: 'string', default: '0' },
    'no-throttle': { type: 'boolean', default: false },
  },
});
const subs = Number(values.subs);
const perSub = Number(values['per-sub']);
const latencyMs = Number(values['latency-ms']);
const levels = values.concurrency.split(',').map(Number);
const repeat = Number(values.repeat);
const naiveSubs = Math.min(subs, Number(values['naive-subs']));
const throttle = !values['no-throttle'];
const bucket = { readCapacity: 250, readRefillPerSec: 25 }; // ARM's per-subscription read bucket (FACTS.md)

const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { runAudit } = await import('../dist/audit/run-audit.js');

const emulator = await startEmulatorProcess({ subscriptions: subs, workspacesPerSubscription: perSub, latencyMs, throttle });
const clients = createAzureClients({ credential, armEndpoint: emulator.endpoint, tlsCa: emulator.caCertPem });
const requestLog = async () => (await adminGet(emulator.endpoint, emulator.caCertPem, '/_emulator/requests')).value;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log(`audit benchmark: ${subs * perSub} workspaces in ${subs} subscriptions, ${latencyMs} ms per call, ARM throttling ${throttle ? 'on' : 'off'}`);
console.log(`machine: ${(await import('node:os')).cpus().length} CPUs (${(await import('node:os')).cpus()[0]?.model.trim()}), Node ${process.version}`);

const rows = [];
for (let round = 0; round < repeat; round++) {
  for (const concurrency of levels) {
    // 1. The tool's audit, through the whole SDK pipeline (retry, auth, user agent, TLS agent).
    const before = (await requestLog()).length;
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const report = await runAudit(clients.fleetReader, { discovery: 'arm', concurrency, checkDiagnostics: true });
    const auditMs = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const auditCpuMs = (cpu.user + cpu.system) / 1000;
    if (report.workspaces.length !== subs * perSub) throw new Error(`audit found ${report.workspaces.length} workspaces, expected ${subs * perSub}`);
    const calls = (await requestLog()).slice(before).map(({ method, url, body }) => ({ method, url, body }));
    // 2. The same calls, same concurrency, minimal client.
    const replay = await replayCalls(emulator.endpoint, emulator.caCertPem, calls, concurrency);
    rows.push({ concurrency, calls: calls.length, auditMs, auditCpuMs, replayMs: replay.ms, replayCpuMs: replay.cpuMs });
    const r = rows.at(-1);
    console.log(
      `concurrency ${String(concurrency).padStart(4)}: audit ${s(auditMs)} vs replay ${s(replay.ms)} = ${(auditMs / replay.ms).toFixed(2)}x (aim <= 1.5x); ` +
        `CPU per call ${(auditCpuMs / calls.length).toFixed(3)} ms vs ${(replay.cpuMs / calls.length).toFixed(3)} ms = ${(r.auditCpuMs / r.replayCpuMs).toFixed(2)}x (aim <= 3x); ${calls.length} calls`,
    );
  }
}
const auditRss = peakRssMiB();

// Lower bound from the call count. Critical path: subscription list -> a subscription's pages -> the last diagnostics.
const calls = rows[0].calls;
const callsPerSub = (calls - 1) / subs;
const pagesPerSub = callsPerSub - perSub;
const criticalPathMs = (1 + pagesPerSub + 1) * latencyMs;
const throttleMs = throttle ? Math.max(0, (callsPerSub - bucket.readCapacity) / bucket.readRefillPerSec) * 1000 : 0;
for (const concurrency of levels) {
  const best = rows.filter((r) => r.concurrency === concurrency).sort((a, b) => a.auditMs - b.auditMs)[0];
  const bound = Math.max(criticalPathMs, throttleMs, (calls * latencyMs) / concurrency);
  console.log(`concurrency ${concurrency}: best audit ${s(best.auditMs)}, lower bound ${s(bound)} (${(best.auditMs / bound).toFixed(2)}x)`);
}

if (naiveSubs > 0) {
  // The naive procedure on a sample of subscriptions, one call at a time, extrapolated linearly.
  const start = performance.now();
  let naiveWorkspaces = 0;
  for (const sub of (await clients.fleetReader.listSubscriptions()).slice(0, naiveSubs)) {
    for await (const ws of clients.fleetReader.listWorkspaces(sub.subscriptionId)) {
      await clients.fleetReader.getWorkspace(ws.id);
      await clients.fleetReader.listDiagnosticSettings(ws.id);
      naiveWorkspaces++;
    }
  }
  const naiveMs = ((performance.now() - start) * subs) / naiveSubs;
  console.log(`naive (list + GET + diagnostics, one at a time): ${s(naiveMs)} extrapolated from ${naiveWorkspaces} workspaces`);
}
const emulatorRss = await emulator.stop();
console.log(`peak RSS: audit process ${auditRss.toFixed(0)} MiB (all rounds), emulator process ${emulatorRss?.toFixed(0)} MiB`);
