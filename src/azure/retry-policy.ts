import { setTimeout as sleepTimer } from 'node:timers/promises';
import { isRestError, type PipelinePolicy, type PipelineResponse } from '@azure/core-rest-pipeline';

/**
 * Retry for ARM, replacing core-rest-pipeline's defaultRetryPolicy, which (1.24, verified in test/azure) honours
 * Retry-After only on 429/503, ignores it on 500/502/504, and does not retry a 429 that lacks Retry-After at all.
 *
 * Retried: 408, 429, 500, 502, 503, 504 and transport errors (connection reset/refused, timeouts, DNS hiccups).
 * Delay: the server's retry-after-ms / x-ms-retry-after-ms / Retry-After (seconds or HTTP date) / Resource Graph's
 * x-ms-user-quota-resets-after (hh:mm:ss) when present, else exponential backoff with jitter.
 * Bounded: at most maxRetries retries; a server delay longer than maxRetryAfterInMs is not waited for (the last
 * response is returned so the caller reports the throttling).
 * Throttling is flow control, not failure: a 429 that says when to come back (Retry-After) is retried on its own
 * budget, up to maxThrottleRetries times and maxThrottleWaitInMs of requested waits per request. Many workspaces of
 * one subscription applied at once drain ARM's per-subscription buckets; they must wait, not fail.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** First backoff delay when the server gives none. Default 1000. */
  retryDelayInMs?: number;
  /** Cap of the computed backoff. Default 30000. */
  maxRetryDelayInMs?: number;
  /** Longest server-requested delay that is honoured. Default 300000 (5 min). */
  maxRetryAfterInMs?: number;
  /** Retries of a 429 that carries Retry-After (on top of nothing else). Default 20. */
  maxThrottleRetries?: number;
  /** Total server-requested wait honoured for one request's 429s. Default 300000 (5 min). */
  maxThrottleWaitInMs?: number;
  /** Injectable for tests; must reject when the signal aborts. */
  sleep?: (ms: number, abortSignal?: AbortSignal) => Promise<void>;
}

export const armRetryPolicyName = 'armRetryPolicy';

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_ERROR_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

const defaultSleep = (ms: number, abortSignal?: AbortSignal): Promise<void> =>
  sleepTimer(ms, undefined, abortSignal ? { signal: abortSignal } : {});

export function armRetryPolicy(options: RetryOptions = {}): PipelinePolicy {
  const maxRetries = options.maxRetries ?? 4;
  const baseDelay = options.retryDelayInMs ?? 1000;
  const maxDelay = options.maxRetryDelayInMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterInMs ?? 300_000;
  const sleep = options.sleep ?? defaultSleep;
  const maxThrottleRetries = options.maxThrottleRetries ?? 20;
  const maxThrottleWait = options.maxThrottleWaitInMs ?? 300_000;
  return {
    name: armRetryPolicyName,
    async sendRequest(request, next) {
      let throttleRetries = 0;
      let throttleWait = 0;
      // `attempt` counts the retries charged to maxRetries: everything but a 429 that says when to come back.
      for (let attempt = 0; ; attempt++) {
        let response: PipelineResponse | undefined;
        try {
          response = await next(request);
        } catch (error) {
          const code = isRestError(error) ? error.code : undefined;
          const transient = code !== undefined && RETRY_ERROR_CODES.has(code) && !request.abortSignal?.aborted;
          if (!transient || attempt >= maxRetries) throw error;
          await sleep(backoff(attempt, baseDelay, maxDelay), abortSignalOf(request.abortSignal));
          continue;
        }
        if (!RETRY_STATUS.has(response.status)) return response;
        const serverDelay = retryAfterInMs(response);
        if (serverDelay !== undefined && serverDelay > maxRetryAfter) return response;
        const throttled = response.status === 429 && serverDelay !== undefined;
        if (throttled && throttleRetries < maxThrottleRetries && throttleWait + serverDelay <= maxThrottleWait) {
          throttleRetries++;
          throttleWait += serverDelay;
          attempt--; // not charged to maxRetries
        } else if (attempt >= maxRetries) {
          return response;
        }
        await drain(response);
        await sleep(serverDelay ?? backoff(attempt, baseDelay, maxDelay), abortSignalOf(request.abortSignal));
      }
    },
  };
}

function backoff(attempt: number, baseDelay: number, maxDelay: number): number {
  const exponential = baseDelay * 2 ** attempt;
  const jitter = 0.8 + Math.random() * 0.4;
  return Math.min(maxDelay, Math.round(exponential * jitter));
}

/** Server-requested delay in ms, or undefined when the response names none. */
export function retryAfterInMs(response: PipelineResponse, now: number = Date.now()): number | undefined {
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = response.headers.get(header);
    if (value !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  }
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== undefined) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  // Azure Resource Graph throttling: x-ms-user-quota-resets-after: hh:mm:ss
  const resets = /^(\d+):(\d{2}):(\d{2})(\.\d+)?$/.exec(response.headers.get('x-ms-user-quota-resets-after') ?? '');
  if (resets && response.status === 429) {
    return ((Number(resets[1]) * 60 + Number(resets[2])) * 60 + Number(resets[3])) * 1000;
  }
  return undefined;
}

/** Release the socket of a response we are about to discard. */
async function drain(response: PipelineResponse): Promise<void> {
  const stream = response.readableStreamBody;
  if (stream) stream.resume();
}

function abortSignalOf(signal: unknown): AbortSignal | undefined {
  return signal instanceof AbortSignal ? signal : undefined;
}
