import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import { ArmError } from '../../src/errors.js';
import { createArmRequester } from '../../src/azure/arm-requester.js';
import { retryAfterInMs } from '../../src/azure/retry-policy.js';
import type { RetryOptions } from '../../src/azure/retry-policy.js';
import { FakeCredential, recordedRetry } from './helpers.js';

const ARM = 'https://management.azure.com';
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const requester = (retry: RetryOptions) =>
  createArmRequester({ credential: new FakeCredential(), endpoint: ARM, scope: `${ARM}/.default`, retry });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('ARM retry policy', () => {
  it('retries a 429 after Retry-After seconds (real clock)', async () => {
    const scope = nock(ARM)
      .get('/x').query(true).reply(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '1' })
      .get('/x').query(true).reply(200, { ok: true });
    const started = performance.now();
    const response = await requester({ maxRetries: 2 }).get('/x', '1');
    const elapsed = performance.now() - started;
    expect(response.body).toEqual({ ok: true });
    expect(scope.isDone()).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(990);
  });

  it('honours Retry-After on 429, 500 and 503, and the ms headers, in order', async () => {
    const retry = recordedRetry({ maxRetries: 5 });
    const date = new Date(Date.now() + 30_000).toUTCString();
    const scope = nock(ARM)
      .get('/x').query(true).reply(429, '', { 'retry-after': '7' })
      .get('/x').query(true).reply(500, '', { 'retry-after': '3' })
      .get('/x').query(true).reply(503, '', { 'retry-after-ms': '250' })
      .get('/x').query(true).reply(502, '', { 'x-ms-retry-after-ms': '120' })
      .get('/x').query(true).reply(504, '', { 'retry-after': date })
      .get('/x').query(true).reply(200, { ok: 1 });
    await requester(retry).get('/x', '1');
    expect(scope.isDone()).toBe(true);
    expect(retry.sleeps.slice(0, 4)).toEqual([7000, 3000, 250, 120]);
    expect(retry.sleeps[4]).toBeGreaterThan(25_000);
    expect(retry.sleeps[4]).toBeLessThanOrEqual(30_000);
  });

  it('retries 429 without Retry-After and 5xx with exponential backoff', async () => {
    const retry = recordedRetry({ maxRetries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 10_000 });
    const scope = nock(ARM)
      .get('/x').query(true).reply(429)
      .get('/x').query(true).reply(500)
      .get('/x').query(true).reply(503)
      .get('/x').query(true).reply(200, {});
    await requester(retry).get('/x', '1');
    expect(scope.isDone()).toBe(true);
    expect(retry.sleeps).toHaveLength(3);
    expect(retry.sleeps[0]).toBeGreaterThanOrEqual(80);
    expect(retry.sleeps[1]).toBeGreaterThanOrEqual(160);
    expect(retry.sleeps[2]).toBeGreaterThanOrEqual(320);
  });

  it('retries a connection reset', async () => {
    const retry = recordedRetry();
    const scope = nock(ARM)
      .get('/x').query(true).replyWithError(connectionReset())
      .get('/x').query(true).reply(200, { ok: true });
    expect((await requester(retry).get('/x', '1')).body).toEqual({ ok: true });
    expect(scope.isDone()).toBe(true);
    expect(retry.sleeps).toHaveLength(1);
  });

  it('gives up after maxRetries with the last ArmError (code, status, x-ms-request-id)', async () => {
    const retry = recordedRetry({ maxRetries: 2 });
    const scope = nock(ARM)
      .get('/x').query(true).reply(503, { error: { code: 'ServerBusy', message: 'a' } }, { 'x-ms-request-id': 'id-1', 'retry-after': '0' })
      .get('/x').query(true).reply(503, { error: { code: 'ServerBusy', message: 'b' } }, { 'x-ms-request-id': 'id-2', 'retry-after': '0' })
      .get('/x').query(true).reply(500, { error: { code: 'InternalServerError', message: 'c' } }, { 'x-ms-request-id': 'id-3', 'retry-after': '0' });
    const error = await requester(retry).get('/x', '1').catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({ code: 'InternalServerError', statusCode: 500, requestId: 'id-3' });
    expect(retry.sleeps).toEqual([0, 0]);
  });

  it('a 429 with Retry-After is flow control: retried on its own budget, beyond maxRetries', async () => {
    const retry = recordedRetry({ maxRetries: 1, maxThrottleRetries: 5 });
    const scope = nock(ARM)
      .get('/x').query(true).times(5).reply(429, { error: { code: 'SubscriptionRequestsThrottled', message: 't' } }, { 'retry-after': '2' })
      .get('/x').query(true).reply(200, { ok: true });
    expect((await requester(retry).get('/x', '1')).body).toEqual({ ok: true });
    expect(scope.isDone()).toBe(true);
    expect(retry.sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
  });

  it('the throttle budget ends: after maxThrottleRetries, or when the requested waits would pass maxThrottleWaitInMs', async () => {
    const byCount = recordedRetry({ maxRetries: 0, maxThrottleRetries: 2 });
    nock(ARM).get('/x').query(true).times(3).reply(429, { error: { code: 'Throttled', message: 't' } }, { 'retry-after': '1', 'x-ms-request-id': 'last' });
    await expect(requester(byCount).get('/x', '1')).rejects.toMatchObject({ code: 'Throttled', statusCode: 429, requestId: 'last' });
    expect(byCount.sleeps).toEqual([1000, 1000]);

    const byTime = recordedRetry({ maxRetries: 0, maxThrottleWaitInMs: 5000 });
    nock(ARM).get('/y').query(true).times(3).reply(429, { error: { code: 'Throttled', message: 't' } }, { 'retry-after': '2' });
    await expect(requester(byTime).get('/y', '1')).rejects.toMatchObject({ statusCode: 429 });
    expect(byTime.sleeps).toEqual([2000, 2000]); // a third wait would make 6 s > 5 s
  });

  it('a 429 without Retry-After is charged to maxRetries like a 5xx', async () => {
    const retry = recordedRetry({ maxRetries: 1 });
    const scope = nock(ARM).get('/x').query(true).times(2).reply(429, { error: { code: 'Throttled', message: 't' } });
    await expect(requester(retry).get('/x', '1')).rejects.toMatchObject({ statusCode: 429 });
    expect(scope.isDone()).toBe(true);
    expect(retry.sleeps).toHaveLength(1);
  });

  it('gives up on persistent connection resets with an ArmError naming the code', async () => {
    const scope = nock(ARM).get('/x').query(true).times(3).replyWithError(connectionReset());
    const error = await requester(recordedRetry({ maxRetries: 2 })).get('/x', '1').catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({ code: 'ECONNRESET', method: 'GET' });
  });

  it('does not wait for a Retry-After beyond maxRetryAfterInMs, and does not retry 4xx', async () => {
    const retry = recordedRetry({ maxRetryAfterInMs: 60_000 });
    nock(ARM).get('/x').query(true).reply(429, { error: { code: 'Throttled', message: 'm' } }, { 'retry-after': '3600' });
    nock(ARM).get('/y').query(true).reply(409, { error: { code: 'Conflict', message: 'm' } });
    await expect(requester(retry).get('/x', '1')).rejects.toMatchObject({ code: 'Throttled', statusCode: 429 });
    await expect(requester(retry).get('/y', '1')).rejects.toMatchObject({ code: 'Conflict' });
    expect(retry.sleeps).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('an abort during the wait stops retrying', async () => {
    const controller = new AbortController();
    nock(ARM).get('/x').query(true).reply(429, '', { 'retry-after': '30' });
    const pending = requester({ maxRetries: 3 }).get('/x', '1', { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });

  it('reads Resource Graph x-ms-user-quota-resets-after on 429', () => {
    const response = { status: 429, headers: createHttpHeaders({ 'x-ms-user-quota-resets-after': '00:00:05' }) };
    expect(retryAfterInMs(response as never)).toBe(5000);
  });
});

/** Why we replace defaultRetryPolicy: what core-rest-pipeline 1.24 does on its own. */
describe('core-rest-pipeline defaultRetryPolicy (documenting the gaps)', () => {
  const send = (maxRetries: number) => {
    const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries, retryDelayInMs: 1, maxRetryDelayInMs: 1 } });
    return pipeline.sendRequest(createDefaultHttpClient(), createPipelineRequest({ url: `${ARM}/x` }));
  };

  it('does not retry a 429 without Retry-After', async () => {
    nock(ARM).get('/x').reply(429);
    const second = nock(ARM).get('/x').reply(200);
    expect((await send(3)).status).toBe(429);
    expect(second.isDone()).toBe(false);
  });

  it('ignores Retry-After on a 500 (exponential delay instead)', async () => {
    nock(ARM).get('/x').reply(500, '', { 'retry-after': '5' }).get('/x').reply(200);
    const started = performance.now();
    expect((await send(1)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
