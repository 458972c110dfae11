import { getOrNull, matchesSubset } from './arm-state.js';
import { sendWrite } from './send-request.js';
import type { StepHandler } from './step-context.js';

/** PUT of a diagnostic setting on the new workspace (copied from the source). Undo: DELETE it. */
export const copyDiagnosticSettings: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const setting = await getOrNull<{ properties?: unknown }>(ctx.arm, step.target, step.request.apiVersion);
    const wanted = (step.request.body as { properties?: unknown } | undefined)?.properties ?? {};
    return { done: setting !== null && matchesSubset(setting.properties, wanted) };
  },
  async run(step, ctx) {
    await sendWrite(step.request, ctx);
  },
  creates: (step) => [step.target],
  undoRecord: (step) => ({ kind: 'delete', id: step.target, apiVersion: step.request.apiVersion }),
};
