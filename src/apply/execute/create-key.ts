import { apiVersions } from '../../model/api-versions.js';
import { getOrNull } from './arm-state.js';
import { sendWrite } from './send-request.js';
import type { StepHandler } from './step-context.js';

/**
 * PUT of a new customer-managed key (RSA 3072). Done when a key of that name exists (Key Vault's PUT creates only if
 * absent, so a second plan naming the same key writes nothing). Irreversible: see the plan's undo reason.
 */
export const createKey: StepHandler = {
  async isAlreadyDone(step, ctx) {
    return { done: (await getOrNull(ctx.arm, step.target, apiVersions.keyVault)) !== null };
  },
  async run(step, ctx) {
    await sendWrite(step.request, ctx);
  },
  creates: (step) => [step.target],
  undoRecord: (step) => ({ kind: 'irreversible', reason: step.undo.irreversible ? step.undo.reason : 'a created key is kept' }),
};
