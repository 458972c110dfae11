import { readWorkspace } from './arm-state.js';
import { sendWrite } from './send-request.js';
import type { StepHandler } from './step-context.js';
import { StepRefusedError } from './step-errors.js';

/**
 * POST provisionManagedNetwork (about 30 minutes in Azure). Done when the managed network is Active (and sparkReady
 * when Spark is asked for). Undo: nothing when the workspace is one this plan creates (deleting it removes the
 * network); irreversible on an existing workspace: a provisioned managed network stays.
 */
export const provisionManagedNetwork: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const ws = await readWorkspace(ctx.arm, step.target);
    if (ws === null) {
      if (ctx.dryRun) return { done: false };
      throw new StepRefusedError('ResourceNotFound', `workspace ${step.target} does not exist`);
    }
    const status = ws.properties.managedNetwork?.status;
    const spark = (step.request.body as { includeSpark?: boolean } | undefined)?.includeSpark === true;
    return { done: status?.status === 'Active' && (!spark || status.sparkReady === true) };
  },
  async run(step, ctx) {
    await sendWrite(step.request, ctx);
  },
  undoRecord(step, _before, ctx) {
    const createdHere = ctx.workspace.steps.some((s) => s.kind === 'create-workspace' && s.target.toLowerCase() === step.target.toLowerCase());
    if (createdHere) return { kind: 'none', reason: 'deleting the new workspace removes its managed network' };
    if (step.undo.irreversible) return { kind: 'irreversible', reason: step.undo.reason };
    return { kind: 'irreversible', reason: 'a provisioned managed network cannot be un-provisioned; it stays (it only realises the outbound rules)' };
  },
};
