import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpPoller, type LongRunningOperation, type OperationState, type SimplePollerLike } from '@azure/core-lro';
import { ArmError, ToolError } from '../errors.js';
import { isAbort } from './arm-error.js';
import { retryAfterFromHeaders } from './pacing-headers.js';
import { nextPollDelay, type PollSchedule } from './poll-schedule.js';
import type { ArmMethod, ArmRequester, ArmRequestOptions, ArmResponse } from './arm-requester.js';

/**
 * ARM long-running operations (PUT/PATCH/DELETE workspace, outbound rules, provisionManagedNetwork) over the raw
 * requester, polled by @azure/core-lro: Azure-AsyncOperation first, then Location, honouring Retry-After.
 */
export interface LongRunningOptions extends ArmRequestOptions {
  /** Wait between polls when no pollSchedule is given: a fixed schedule. Default 2000 (the SDK's); tests pass 0. */
  updateIntervalInMs?: number;
  /** How polls are spaced (poll-schedule.ts): growing intervals for long operations, Retry-After honoured. */
  pollSchedule?: PollSchedule;
  /** A previous poller's toString(), to resume polling (e.g. after a crash) without re-sending the request. */
  restoreFrom?: string;
  /** Where the final resource is read from; core-lro's default suits ARM (PUT: original URI, PATCH: Location). */
  resourceLocationConfig?: 'azure-async-operation' | 'location' | 'original-uri';
  /** Called after every poll with the operation's state. */
  onProgress?: (state: OperationState<unknown>) => void;
}

export type ArmPoller<T> = SimplePollerLike<OperationState<T>, T>;

export async function beginArmOperation<T = unknown>(
  arm: ArmRequester,
  method: Exclude<ArmMethod, 'GET' | 'HEAD'>,
  pathOrUrl: string,
  apiVersion: string,
  body: unknown,
  options: LongRunningOptions = {},
): Promise<ArmPoller<T> & { lastPoll(): ArmResponse | undefined; lastHeaders(): Record<string, string | undefined> }> {
  let lastPoll: ArmResponse | undefined;
  let lastHeaders: Record<string, string | undefined> = {};
  const requestOptions = { abortSignal: options.abortSignal, headers: options.headers };
  const lro: LongRunningOperation<T> = {
    requestMethod: method,
    requestPath: pathOrUrl,
    async sendInitialRequest() {
      const response = await arm.request(method, pathOrUrl, apiVersion, { ...requestOptions, body });
      lastHeaders = response.headers;
      return { flatResponse: response.body, rawResponse: { statusCode: response.status, headers: response.headers, body: response.body } };
    },
    async sendPollRequest(path, pollOptions) {
      const abortSignal = (pollOptions?.abortSignal as AbortSignal | undefined) ?? options.abortSignal;
      lastPoll = await arm.get(path, apiVersion, { abortSignal });
      lastHeaders = lastPoll.headers;
      return { flatResponse: lastPoll.body as T, rawResponse: { statusCode: lastPoll.status, headers: lastPoll.headers, body: lastPoll.body } };
    },
  };
  const poller = await createHttpPoller<T, OperationState<T>>(lro, {
    intervalInMs: options.updateIntervalInMs ?? 2000,
    ...(options.restoreFrom ? { restoreFrom: options.restoreFrom } : {}),
    ...(options.resourceLocationConfig ? { resourceLocationConfig: options.resourceLocationConfig } : {}),
  });
  if (options.onProgress) poller.onProgress(options.onProgress as (state: OperationState<T>) => void);
  return Object.assign(poller, { lastPoll: () => lastPoll, lastHeaders: () => lastHeaders });
}

/** Starts the operation and waits for its end. A failed operation is an ArmError carrying the service's error code. */
export async function runArmOperation<T = unknown>(
  arm: ArmRequester,
  method: Exclude<ArmMethod, 'GET' | 'HEAD'>,
  pathOrUrl: string,
  apiVersion: string,
  body: unknown,
  options: LongRunningOptions = {},
): Promise<T> {
  const poller = await beginArmOperation<T>(arm, method, pathOrUrl, apiVersion, body, options);
  const fixed = options.updateIntervalInMs ?? 2000;
  const schedule = options.pollSchedule ?? { firstMs: fixed, maxMs: fixed };
  try {
    // Our loop, not pollUntilDone: core-lro polls once at once and then at a fixed interval; a 30-minute provisioning
    // polled every 2 s spends ARM's read budget that other workspaces' steps need.
    for (let poll = 0; !poller.isDone(); poll++) {
      const serverDelay = retryAfterFromHeaders(poller.lastHeaders(), Date.now());
      // Node's timer: an abort rejects at once with an AbortError (isAbort), whatever reason the signal carries.
      await sleep(nextPollDelay(schedule, poll, serverDelay), undefined, options.abortSignal ? { signal: options.abortSignal } : {});
      await poller.poll(options.abortSignal ? { abortSignal: options.abortSignal } : {});
    }
    const state = poller.getOperationState();
    if (state.status === 'failed') throw state.error ?? new Error('The operation failed.');
    if (state.status === 'canceled') throw new Error('Operation was canceled');
    return poller.getResult() as T;
  } catch (error) {
    if (error instanceof ToolError || isAbort(error)) throw error;
    const last = poller.lastPoll();
    const failure = (last?.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw new ArmError({
      code: typeof failure?.code === 'string' ? failure.code : 'LongRunningOperationFailed',
      message: typeof failure?.message === 'string' ? failure.message : error instanceof Error ? error.message : String(error),
      statusCode: last?.status,
      requestId: last?.headers['x-ms-request-id'],
      method,
      url: pathOrUrl,
      cause: error,
    });
  }
}
