import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { TokenBucket } from '../../src/emulator/throttle.js';
import { API, call, start, waitForOperation } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const R = DEMO.research.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe('throttling', () => {
  it('answers 429 SubscriptionRequestsThrottled with Retry-After once the bucket is empty, per subscription, and recovers', async () => {
    emu = await start({ throttle: { readCapacity: 3, readRefillPerSec: 2, writeCapacity: 1, writeRefillPerSec: 0.5, deleteCapacity: 1, deleteRefillPerSec: 1 } });
    const read = () => call(emu!, 'GET', `/subscriptions/${P}?${API}`);
    const remaining = [];
    for (let i = 0; i < 3; i++) remaining.push((await read()).headers['x-ms-ratelimit-remaining-subscription-reads']);
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await read();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('SubscriptionRequestsThrottled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another subscription has its own bucket; writes have theirs.
    expect((await call(emu, 'GET', `/subscriptions/${R}?${API}`)).status).toBe(200);
    expect((await call(emu, 'PUT', `/subscriptions/${P}/resourcegroups/rg-t?${API}`, { location: 'eastus' })).status).toBe(201);
    const write = await call(emu, 'PUT', `/subscriptions/${P}/resourcegroups/rg-t?${API}`, { location: 'eastus' });
    expect([write.status, write.headers['retry-after']]).toEqual([429, '2']);
    await new Promise((r) => setTimeout(r, 600));
    expect((await read()).status).toBe(200);
  });

  it('uses ARM defaults with throttle: true and limits Resource Graph to 15 queries per 5 s per caller', async () => {
    // A still clock: the buckets cannot refill between the calls however slow the machine is.
    const still = Date.now();
    emu = await start({ throttle: true, now: () => still });
    const first = await call(emu, 'GET', `/subscriptions/${P}?${API}`);
    expect(first.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
    const query = { subscriptions: [P], query: "resources | where type =~ 'microsoft.machinelearningservices/workspaces'" };
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await call(emu, 'POST', `/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, query)).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(statuses[15]).toBe(429);
    const other = await call(emu, 'POST', `/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, query, 'another-caller');
    expect(other.status).toBe(200);
  });

  it('computes Retry-After from the refill rate', () => {
    const bucket = new TokenBucket(1, 0.25, 0);
    expect(bucket.take(0).allowed).toBe(true);
    expect(bucket.take(0)).toEqual({ allowed: false, remaining: 0, retryAfterSec: 4 });
    expect(bucket.take(4000).allowed).toBe(true);
  });
});

describe('faults', () => {
  it('status faults answer the given status, code and Retry-After for `times` matching requests', async () => {
    emu = await start({ faults: [{ match: 'GET /subscriptions/' + P, kind: 'status', status: 503, retryAfterSec: 7, times: 2, code: 'ServiceUnavailable', message: 'try later' }] });
    const a = await call(emu, 'GET', `/subscriptions/${P}?${API}`);
    expect([a.status, a.headers['retry-after'], a.body.error]).toEqual([503, '7', { code: 'ServiceUnavailable', message: 'try later' }]);
    expect((await call(emu, 'GET', `/subscriptions/${P}/resourcegroups?${API}`)).status).toBe(503);
    expect((await call(emu, 'GET', `/subscriptions/${P}?${API}`)).status).toBe(200);
    expect((await call(emu, 'GET', `/subscriptions/${R}?${API}`)).status).toBe(200);
  });

  it('matches RegExp sources and can be replaced at runtime with configure()', async () => {
    emu = await start();
    emu.configure({ faults: [{ match: '^PATCH .*/workspaces/[^/]+$', kind: 'status', status: 429, retryAfterSec: 1, times: 1 }] });
    const r = await call(emu, 'PATCH', `${WS}/${DEMO.workspaces.publicOpen}?${API}`, { properties: { description: 'x' } });
    expect([r.status, r.body.error.code, r.headers['retry-after']]).toEqual([429, 'TooManyRequests', '1']);
    expect((await call(emu, 'PATCH', `${WS}/${DEMO.workspaces.publicOpen}?${API}`, { properties: { description: 'x' } })).status).toBe(202);
  });

  it('reset faults destroy the connection without an answer', async () => {
    emu = await start({ faults: [{ match: 'GET /subscriptions', kind: 'reset', times: 1 }] });
    await expect(call(emu, 'GET', `/subscriptions?${API}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await call(emu, 'GET', `/subscriptions?${API}`)).status).toBe(200);
    expect(emu.requests[0]).toMatchObject({ method: 'GET', status: 0 });
  });

  it('lro-failure faults end the operation Failed with the error and leave the workspace unchanged', async () => {
    emu = await start({ faults: [{ match: 'provisionManagedNetwork', kind: 'lro-failure', code: 'PrivateEndpointApprovalFailed', message: 'approval failed' }] });
    const url = `${WS}/${DEMO.workspaces.publicInternetOutbound}`;
    const started = await call(emu, 'POST', `${url}/provisionManagedNetwork?${API}`, { includeSpark: false });
    expect(started.status).toBe(202);
    const done = await waitForOperation(emu, started);
    expect(done.body).toEqual({ status: 'Failed', error: { code: 'PrivateEndpointApprovalFailed', message: 'approval failed' } });
    const location = await call(emu, 'GET', String(started.headers.location));
    expect([location.status, location.body.error.code]).toEqual([400, 'PrivateEndpointApprovalFailed']);
    const ws = (await call(emu, 'GET', `${url}?${API}`)).body;
    expect(ws.properties.managedNetwork.status.status).toBe('Inactive');
    expect(ws.properties.provisioningState).toBe('Succeeded');
  });

  it('adds latency to every answer', async () => {
    emu = await start({ latencyMs: 150 });
    const t0 = Date.now();
    await call(emu, 'GET', `/subscriptions?${API}`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
