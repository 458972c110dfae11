import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { ArmPacer, paceClassOf } from './pacing.js';
import { subscriptionOf } from './pacing-headers.js';

export const armPacingPolicyName = 'armPacingPolicy';

/**
 * The pacer as a pipeline policy, placed after the retry policy so every attempt (a retry included) is budgeted.
 * Keyed by the subscription in the URL: audit, plan, apply, rollback and guide all share one pacer per set of
 * clients (client-factory.ts), so together they stay within ARM's budget.
 */
export function armPacingPolicy(pacer: ArmPacer): PipelinePolicy {
  return {
    name: armPacingPolicyName,
    async sendRequest(request, next) {
      const subscription = subscriptionOf(request.url);
      if (subscription === undefined) return next(request);
      const signal = request.abortSignal instanceof AbortSignal ? request.abortSignal : undefined;
      const ticket = await pacer.acquire(subscription, paceClassOf(request.method), signal);
      try {
        const response = await next(request);
        ticket.settle({ status: response.status, headers: response.headers.toJSON() });
        return response;
      } catch (error) {
        ticket.settle(undefined);
        throw error;
      }
    },
  };
}
