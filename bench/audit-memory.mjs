// Audit memory at scale: the audit runs in a child process of its own (so its peak RSS is its own), against the
// emulator (another process, no latency, ARM and Resource Graph throttling on), and streams its report to a file.
// Prints, per discovery mode: peak RSS after the audit and after writing the report, time, and the calls by kind
// (Resource Graph pages, workspace GETs, diagnostic-settings reads, ARG 429s) from the emulator's request log.
// Run: npm run build && node bench/audit-memory.mjs [--subs 100] [--per-sub 1000] [--discovery arm,resource-graph] [--format json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adminGet, startEmulatorProcess } from './arm-bench-kit.mjs';

const { values } = parseArgs({
  options: {
    subs: { type: 'string', default: '100' },
    'per-sub': { type: 'string', default: '1000' },
    discovery: { type: 'string', default: 'arm,resource-graph' },
    format: { type: 'string', default: 'json' },
    concurrency: { type: 'string', default: '64' },
  },
});
const subs = Number(values.subs);
const perSub = Number(values['per-sub']);
const dir = mkdtempSync(join(tmpdir(), 'aml-audit-memory-'));
const emulator = await startEmulatorProcess({ subscriptions: subs, workspacesPerSubscription: perSub, latencyMs: 0, throttle: true });
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, emulator.caCertPem);
const log = async () => (await adminGet(emulator.endpoint, emulator.caCertPem, '/_emulator/requests')).value;
console.log(`audit memory: ${subs * perSub} workspaces in ${subs} subscriptions; ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), Node ${process.version}`);

try {
  for (const discovery of values.discovery.split(',')) {
    const before = (await log()).length;
    const outFile = join(dir, `report.${values.format}`);
    const child = fileURLToPath(new URL('./audit-memory-child.mjs', import.meta.url));
    const result = JSON.parse(
      execFileSync(process.execPath, [child, emulator.endpoint, caFile, discovery, values.format, outFile, values.concurrency], { encoding: 'utf8', maxBuffer: 1 << 20 }),
    );
    const calls = (await log()).slice(before);
    const graph = calls.filter((c) => /^\/providers\/Microsoft\.ResourceGraph\//i.test(c.url));
    // Answered calls only; the 429s (waited out and retried) are counted apart.
    const count = (re) => calls.filter((c) => c.method === 'GET' && c.status !== 429 && re.test(c.url)).length;
    const throttled = calls.filter((c) => c.status === 429 && !/ResourceGraph/i.test(c.url)).length;
    console.log(
      `${discovery.padEnd(14)} ${result.workspaces} workspaces (${result.errors} errors) in ${(result.auditMs / 1000).toFixed(1)} s; ` +
        `peak RSS ${result.auditRssMiB.toFixed(0)} MiB after the audit, ${result.peakRssMiB.toFixed(0)} MiB after writing ${(statSync(outFile).size / 2 ** 20).toFixed(0)} MiB of ${values.format}; ` +
        `calls: ${graph.length} Resource Graph pages (${graph.filter((c) => c.status === 429).length} x 429), ` +
        `${count(/\/workspaces\/[^/?]+\?/i)} workspace GETs, ${count(/diagnosticSettings/i)} diagnostic-settings reads, ${count(/\/workspaces\?/i)} list pages, ${throttled} ARM 429s waited out` +
        (result.resourceGraph ? `; judged from rows ${result.resourceGraph.decidedFromRows}, confirmed with ARM ${result.resourceGraph.confirmedWithArm}` : ''),
    );
  }
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
