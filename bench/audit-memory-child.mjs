// Child of bench/audit-memory.mjs: one audit of the emulator's fleet, report streamed to a file; prints one JSON line
// with its own peak RSS, wall time and workspace count. argv: endpoint caFile discovery format outFile concurrency
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { credential } from './arm-bench-kit.mjs';

const [endpoint, caFile, discovery, format, outFile, concurrency] = process.argv.slice(2);
const { createAzureClients } = await import('../dist/azure/client-factory.js');
const { runAudit } = await import('../dist/audit/run-audit.js');
const { writeAuditReport } = await import('../dist/audit/format/stream.js');

const clients = createAzureClients({ credential, armEndpoint: endpoint, tlsCa: readFileSync(caFile, 'utf8') });
const start = performance.now();
const report = await runAudit(clients.fleetReader, { discovery, concurrency: Number(concurrency) });
const auditMs = performance.now() - start;
const auditRssMiB = process.resourceUsage().maxRSS / 1024;
const out = createWriteStream(outFile);
await writeAuditReport(report, format, { color: false, width: 120 }, out);
out.end();
await once(out, 'finish');
process.stdout.write(
  JSON.stringify({ workspaces: report.summary.workspaces, errors: report.errors.length, resourceGraph: report.resourceGraph, auditMs, totalMs: performance.now() - start, auditRssMiB, peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
