import { runArmOperation } from '../../azure/arm-lro.js';
import { resolveArmUrl } from '../../azure/arm-requester.js';
import type { StepRequest } from '../../plan/index.js';
import type { StepContext } from './step-context.js';

/** The ARM path of a request with its query (api-version is added by the requester). */
export function requestPath(request: StepRequest): string {
  const query = new URLSearchParams(request.query ?? {}).toString();
  return query ? `${request.path}?${query}` : request.path;
}

/** The full URL a request goes to (for dry-run output and messages). */
export function requestUrl(endpoint: string, request: StepRequest): string {
  return resolveArmUrl(endpoint, requestPath(request), request.apiVersion);
}

/**
 * Sends a write exactly as planned and waits for it to finish. Every write goes through the SDK poller: the service's
 * long-running ones (202 + Azure-AsyncOperation) are polled; synchronous answers (200/201/204) end at once.
 * A long-running operation ending Failed throws ArmError with the service's code and message.
 */
export async function sendWrite(request: StepRequest, ctx: StepContext): Promise<unknown> {
  if (request.method === 'GET') return (await ctx.arm.get(requestPath(request), request.apiVersion)).body;
  return runArmOperation(ctx.arm, request.method, requestPath(request), request.apiVersion, request.body, {
    pollSchedule: ctx.pollSchedule,
    onProgress: (state) => ctx.onPoll(ctx.arm.lastPollStatus ?? state.status),
  });
}
