import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../src/audit/run-audit.js';
import { aFleet, FakeFleetReader } from './builders.js';

const subs = (n: number) => Array.from({ length: n }, (_, i) => `${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`);

describe('runAudit concurrency', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([1, 4, 9])('never has more than %i ARM calls in flight across all levels', async (limit) => {
    const reader = new FakeFleetReader({ workspaces: aFleet(subs(12), 15) });
    reader.pageSize = 4;
    const report = await runAudit(reader, { concurrency: limit });
    expect(report.summary.workspaces).toBe(180);
    expect(reader.maxInFlight).toBeLessThanOrEqual(limit);
    if (limit > 1) expect(reader.maxInFlight).toBe(limit); // parallel, and the limit is used fully
  });

  it('bounds resource-graph confirms and diagnostics by the same limiter', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet(subs(5), 20) });
    const report = await runAudit(reader, { discovery: 'resource-graph', concurrency: 6 });
    expect(report.summary.workspaces).toBe(100);
    expect(reader.maxInFlight).toBeLessThanOrEqual(6);
    expect(reader.maxInFlight).toBeGreaterThan(1);
  });

  it('approaches the lower bound: 10,000 workspaces in 100 subscriptions at 100 ms per call', async () => {
    vi.useFakeTimers({ loopLimit: 100_000 });
    const reader = new FakeFleetReader({ workspaces: aFleet(subs(100), 100) });
    reader.latencyMs = 100;
    reader.pageSize = 100;
    const started = Date.now();
    const run = runAudit(reader, { concurrency: 32 });
    await vi.runAllTimersAsync();
    const report = await run;
    const elapsed = Date.now() - started;
    expect(report.summary.workspaces).toBe(10_000);
    // 1 listSubscriptions + 100 listings + 10,000 diagnostics reads, 32 at a time.
    const calls = reader.calls.length;
    expect(calls).toBe(10_101);
    const lowerBound = Math.ceil(calls / 32) * 100;
    expect(elapsed).toBeGreaterThanOrEqual(lowerBound);
    expect(elapsed).toBeLessThanOrEqual(lowerBound * 1.05);
    expect(reader.maxInFlight).toBe(32);
  });
});
