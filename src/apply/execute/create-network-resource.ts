import { getOrNull } from './arm-state.js';
import { sendWrite } from './send-request.js';
import { undoFromPlan } from './plan-undo.js';
import type { StepHandler } from './step-context.js';

type NetworkResource = { properties?: { provisioningState?: string } };

/**
 * PUT of a network resource the plan creates for inbound access (private DNS zone, virtual network link, private
 * endpoint, zone group). Done when it exists and is not Failed. Undo: DELETE it, only when this step created it: one
 * found already there before the step was not this plan's, and rollback leaves it alone.
 */
export const createNetworkResource: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const found = await getOrNull<NetworkResource>(ctx.arm, step.target, step.request.apiVersion);
    return { done: found !== null && found.properties?.provisioningState !== 'Failed', before: found };
  },
  undoAfterCrash: (step) => undoFromPlan(step),
  async run(step, ctx) {
    await sendWrite(step.request, ctx);
  },
  creates: (step) => [step.target],
  undoRecord(step, before) {
    if (before !== null && before !== undefined) return { kind: 'none', reason: `${step.target} existed before this plan: rollback leaves it` };
    return { kind: 'delete', id: step.target, apiVersion: step.request.apiVersion };
  },
};
