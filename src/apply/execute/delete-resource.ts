import { getOrNull } from './arm-state.js';
import { sendWrite } from './send-request.js';
import type { StepHandler } from './step-context.js';

/** DELETE of something the plan removes for good. Done when it is gone (404). Undo: irreversible (the plan's reason). */
export function deleteHandler(fallbackReason: string): StepHandler {
  return {
    async isAlreadyDone(step, ctx) {
      return { done: (await getOrNull(ctx.arm, step.target, step.request.apiVersion)) === null };
    },
    async run(step, ctx) {
      await sendWrite(step.request, ctx);
    },
    undoRecord: (step) => ({ kind: 'irreversible', reason: step.undo.irreversible ? step.undo.reason : fallbackReason }),
  };
}
