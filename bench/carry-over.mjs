// Carry-over speed: one workspace holding 2,000 model versions, 200 environments, 200 data versions and 20 deployments
// is re-created (every kind copied) on the in-process emulator with ARM's write throttle (200 writes, then 10/s per
// subscription), its refill scaled by --refill-scale so the run takes seconds, not minutes. Prints the apply time
// against the floor the throttle sets: (writes - 200) / (10 x scale) seconds. The ratio is what counts (aim <= 1.3x).
// Run: npm run build && node bench/carry-over.mjs [--models 2000] [--environments 200] [--data 200] [--deployments 20] [--refill-scale 10] [--timings]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '2000' },
    environments: { type: 'string', default: '200' },
    data: { type: 'string', default: '200' },
    deployments: { type: 'string', default: '20' },
    'refill-scale': { type: 'string', default: '10' },
    timings: { type: 'boolean', default: false },
  },
});
const scale = Number(values['refill-scale']);
const { startEmulator, syntheticFleetState, seedSyntheticContents } = await import('../dist/emulator/index.js');
const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { observeForPolicy } = await import('../dist/observe/observe-for-policy.js');
const { readClients } = await import('../dist/observe/ports.js');
const { planDeterministically, policySchema } = await import('../dist/plan/index.js');
const { applyPlan } = await import('../dist/apply/apply-plan.js');

const state = syntheticFleetState({ subscriptions: 1, workspacesPerSubscription: 1 });
const wsId = Object.values(state.resources).find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces').id;
seedSyntheticContents(state, wsId, { modelVersions: Number(values.models), environments: Number(values.environments), dataVersions: Number(values.data), deployments: Number(values.deployments) });
const emu = await startEmulator({ seed: state, lroDurationMs: 0, certDir: mkdtempSync(join(tmpdir(), 'aml-bench-carry-')) });
try {
  const clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem });
  // hbi can only be set at creation: the workspace is re-created, and every kind is carried over.
  const policy = policySchema.parse({ hbi: true, recreate: { nameSuffix: '-iso' }, inbound: { mode: 'none', allowNoInbound: true }, carryOver: { onlineEndpoints: 'copy' } });
  const ctx = await observeForPolicy(readClients(clients), undefined, [wsId], policy);
  const { plan } = planDeterministically(ctx, policy);
  const ws = plan.workspaces[0];
  if (ws.blocked || !ws.carryOver) throw new Error(`not re-created: ${ws.strategy} ${JSON.stringify(ws.diagnostics)}`);
  const copied = ws.carryOver.groups.filter((g) => g.decision === 'copy').map((g) => `${g.kind} ${g.items.length}`).join(', ');
  // Throttling starts now, with full buckets (the plan's reads are not charged to the copy).
  emu.configure({ throttle: { refillScale: scale } });
  const before = emu.requests.length;
  const journal = { path: ':memory:', entries: [], async append(e) { this.entries.push(e); } };
  const started = performance.now();
  // Per-step timings (--timings): which copy steps run when, and for how long.
  const labels = new Map(ws.steps.map((s) => [s.id, s.kind === 'copy-contents' ? `copy ${s.request.body.carryOver}` : s.kind]));
  const spans = new Map();
  const at = () => (performance.now() - started) / 1000;
  const events = {
    stepStarted: (e) => spans.set(e.stepId, { from: at() }),
    stepSucceeded: (e) => Object.assign(spans.get(e.stepId), { to: at() }),
  };
  const result = await applyPlan(plan, { arm: clients.arm, journal, runId: 'bench' }, { concurrency: 1, dryRun: false, failFast: true, pollIntervalInMs: 0, events });
  const seconds = (performance.now() - started) / 1000;
  if (values.timings) {
    for (const [id, { from, to }] of spans) console.log(`  ${labels.get(id).padEnd(28)} ${from.toFixed(1).padStart(6)} s → ${(to ?? NaN).toFixed(1).padStart(6)} s  (${((to ?? NaN) - from).toFixed(1)} s)`);
  }
  const log = emu.requests.slice(before);
  const writes = log.filter((r) => r.method !== 'GET' && r.method !== 'DELETE' && r.status < 400).length;
  const throttled = log.filter((r) => r.status === 429).length;
  const readsThrottled = log.filter((r) => r.status === 429 && r.method === 'GET').length;
  const floor = Math.max(0, writes - 200) / (10 * scale);
  console.log(`carry-over: ${copied}`);
  console.log(`outcome ${result.outcome}; ${writes} writes (${throttled} answered 429, ${readsThrottled} of them reads); ${seconds.toFixed(1)} s against a throttle floor of ${floor.toFixed(1)} s (refill x${scale}): ${(seconds / Math.max(floor, 0.001)).toFixed(2)}x`);
} finally {
  await emu.stop();
}
