import { afterEach, describe, expect, it } from 'vitest';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { ArmPacer } from '../../src/azure/pacing.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { start } from '../emulator/helpers.js';

/**
 * Pacing against the emulator's ARM throttle (its buckets send x-ms-ratelimit-remaining-subscription-*): the same
 * burst of reads across two subscriptions, with and without the pacer. Counts of 429s, not timings.
 */
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const BUCKET = { readCapacity: 4, readRefillPerSec: 2, writeCapacity: 4, writeRefillPerSec: 2, deleteCapacity: 4, deleteRefillPerSec: 2 };
const READS_PER_SUB = 12;

async function burst(pacing: boolean): Promise<{ calls: number; throttled: number; clients: AzureClients }> {
  emu = await start({ seed: 'demo', throttle: BUCKET, validateRequests: false, validateResponses: false });
  const clients = createAzureClients({
    credential: emu.credential,
    armEndpoint: emu.endpoint,
    tlsCa: emu.caCertPem,
    retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
    pacing: pacing ? { refillPerSec: { reads: 2, writes: 2, deletes: 2 }, capacity: { reads: 4, writes: 4, deletes: 4 } } : false,
  });
  const subs = [DEMO.prod, DEMO.research];
  await Promise.all(
    subs.flatMap((s) =>
      Array.from({ length: READS_PER_SUB }, () => clients.armReader.get(`/subscriptions/${s.subscriptionId}/resourceGroups/${s.rg}`, '2022-09-01')),
    ),
  );
  const log = emu.requests.filter((r) => r.url.includes('/resourceGroups/'));
  return { calls: log.length, throttled: log.filter((r) => r.status === 429).length, clients };
}

describe('ARM pacing', () => {
  it('without pacing a burst is paced by 429s; with it, 429s are rare and every read succeeds', async () => {
    const unpaced = await burst(false);
    expect(unpaced.throttled).toBeGreaterThan(unpaced.calls * 0.2);
    await emu!.stop();
    emu = undefined;

    const paced = await burst(true);
    expect(paced.calls - paced.throttled).toBe(2 * READS_PER_SUB);
    // Known gap (see the report): a few 429s can still follow the first probe on a loaded machine.
    expect(paced.throttled).toBeLessThan(unpaced.throttled / 4);
    expect(paced.throttled).toBeLessThanOrEqual(Math.ceil(paced.calls * 0.15));
    expect(paced.clients.pacer!.stats.waited).toBeGreaterThan(0);
  });

  it('writes are budgeted too (PUT/PATCH/POST against the writes bucket)', async () => {
    emu = await start({ seed: 'demo', throttle: BUCKET, validateRequests: false, validateResponses: false });
    const clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem, pacing: { refillPerSec: { writes: 2 }, capacity: { writes: 4 } } });
    const tags = (i: number) => ({ location: 'eastus', tags: { n: String(i) } });
    await Promise.all(Array.from({ length: 12 }, (_, i) => clients.arm.put(`/subscriptions/${DEMO.prod.subscriptionId}/resourceGroups/rg-paced-${i}`, '2022-09-01', tags(i))));
    const writes = emu.requests.filter((r) => r.method === 'PUT');
    expect(writes.filter((r) => r.status < 300)).toHaveLength(12);
    expect(writes.filter((r) => r.status === 429).length).toBeLessThanOrEqual(1);
  });

  it('an aborted wait rejects at once and leaves the queue moving', async () => {
    let t = 0;
    const pacer = new ArmPacer({ now: () => t });
    const first = await pacer.acquire('sub', 'reads'); // the probe: the bucket is unknown until it answers
    const controller = new AbortController();
    const waiting = pacer.acquire('sub', 'reads', controller.signal);
    const next = pacer.acquire('sub', 'reads');
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    t = 5;
    first.settle({ status: 200, headers: { 'x-ms-ratelimit-remaining-subscription-reads': '10' } });
    await expect(next).resolves.toHaveProperty('settle');
  });

  it('a 429 closes the bucket for its Retry-After; a known empty bucket waits for the refill', async () => {
    let t = 1_000;
    const pacer = new ArmPacer({ now: () => t, refillPerSec: { reads: 10 } });
    const probe = await pacer.acquire('sub', 'reads');
    probe.settle({ status: 429, headers: { 'retry-after': '2' } });
    let granted = false;
    const next = pacer.acquire('sub', 'reads').then((x) => ((granted = true), x));
    await new Promise((r) => setTimeout(r, 20));
    expect(granted).toBe(false);
    expect(pacer.stats.throttled).toBe(1);
    t += 2_100; // Retry-After over, and 0.1 s of refill (one token at 10/s)
    await new Promise((r) => setTimeout(r, 2_100));
    await next;
    expect(granted).toBe(true);
  });

  it('a server that sends no budget headers is not paced (no budget to keep), until a header or a 429 arrives', async () => {
    let t = 0;
    const pacer = new ArmPacer({ now: () => t, capacity: { reads: 2 }, refillPerSec: { reads: 100 } });
    (await pacer.acquire('sub', 'reads')).settle({ status: 200, headers: {} });
    // Far more than the bucket's capacity, all granted at once with the clock standing still.
    const tickets = await Promise.all(Array.from({ length: 10 }, () => pacer.acquire('sub', 'reads')));
    expect(pacer.stats.waited).toBe(0);
    tickets[0]!.settle({ status: 200, headers: { 'x-ms-ratelimit-remaining-subscription-reads': '0' } });
    let granted = false;
    const next = pacer.acquire('sub', 'reads').then((x) => ((granted = true), x));
    await new Promise((r) => setTimeout(r, 20));
    expect(granted).toBe(false); // the header told an empty bucket: now it is kept
    for (const x of tickets.slice(1)) x.settle({ status: 200, headers: {} });
    t += 1_000; // 9 requests were still out when the header came: they are counted as spent, then refilled
    await new Promise((r) => setTimeout(r, 150));
    await next;
    expect(granted).toBe(true);
  });
});
