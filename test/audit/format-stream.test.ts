import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { assembleReport } from '../../src/audit/assemble-report.js';
import { formatAuditReport, OUTPUT_FORMATS } from '../../src/audit/format/index.js';
import { writeAuditReport } from '../../src/audit/format/stream.js';
import type { AuditReport } from '../../src/audit/report.js';
import { evaluateWorkspace } from '../../src/audit/rules.js';
import { aDiagnosticSetting, aFleet, anArmError, SUB_A, SUB_B, SUB_C } from './builders.js';
import { aReport } from './report-fixture.js';

/** A sink that takes 1 KiB at a time, so the writer must wait for 'drain' again and again. */
function slowSink(): { sink: Writable; text: () => string; drains: () => number } {
  const chunks: Buffer[] = [];
  let writes = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      writes++;
      setImmediate(done);
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString('utf8'), drains: () => writes };
}

/** A fleet report big enough for many chunks: a mix of verdicts, unreadable diagnostics, errors, ARG counts. */
function aFleetReport(): AuditReport {
  const workspaces = aFleet([SUB_A, SUB_B], 700).map((w, i) =>
    evaluateWorkspace(
      i % 7 === 0 ? { ...w, name: `${w.name},"q"`, properties: { ...w.properties, publicNetworkAccess: 'Enabled' } } : w,
      i % 5 === 0
        ? { kind: 'failed', error: { code: 'AuthorizationFailed', statusCode: 403, message: 'no\nread' } }
        : { kind: 'read', settings: i % 3 === 0 ? [] : [aDiagnosticSetting()] },
    ),
  );
  const error = anArmError({ code: 'AuthorizationFailed', statusCode: 403, message: 'denied', requestId: 'r-1' });
  return assembleReport({
    tool: { name: 'aml-isolate', version: '1.2.3' },
    generatedAt: new Date('2026-11-30T10:00:00Z'),
    scope: { subscriptions: [SUB_A, SUB_B, SUB_C], discovery: 'resource-graph' },
    workspaces,
    errors: [{ subscriptionId: SUB_C, code: error.code, statusCode: 403, requestId: 'r-1', message: 'denied' }],
    resourceGraph: { decidedFromRows: 1000, confirmedWithArm: 400 },
  });
}

describe('writeAuditReport (streamed output)', () => {
  for (const format of OUTPUT_FORMATS) {
    for (const color of [false, true]) {
      it(`writes exactly formatAuditReport's ${format} output for a 1,400-workspace fleet (color ${color})`, async () => {
        const report = aFleetReport();
        const options = { color, width: 100 };
        const { sink, text, drains } = slowSink();
        await writeAuditReport(report, format, options, sink);
        const expected = formatAuditReport(report, format, options);
        expect(text()).toBe(expected);
        if (format !== 'sarif') expect(drains()).toBeGreaterThan(1); // really written in pieces
      });
    }
  }

  it('is equal for the small fixture report and for a report with no workspaces', async () => {
    const empty = { ...aReport(), workspaces: [] };
    for (const report of [aReport(), empty]) {
      for (const format of OUTPUT_FORMATS) {
        const { sink, text } = slowSink();
        await writeAuditReport(report, format, { color: false, width: 80 }, sink);
        expect(text()).toBe(formatAuditReport(report, format, { color: false, width: 80 }));
      }
    }
  });

  it('validates JSON as formatJson does: an invalid report is refused, not written', async () => {
    const report = aFleetReport();
    (report.workspaces[1300] as { compliant: unknown }).compliant = 'yes'; // far past the first chunk
    const { sink, text } = slowSink();
    await expect(writeAuditReport(report, 'json', { color: false, width: 80 }, sink)).rejects.toThrow();
    expect(text()).toBe('');
  });
});
