import { readWorkspace } from './arm-state.js';
import { sendWrite } from './send-request.js';
import type { StepHandler } from './step-context.js';
import { StepRefusedError } from './step-errors.js';
import { inactivePrivateEndpointRules, isApprovalDenied } from './rule-approval.js';

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
    const active = status?.status === 'Active' && (!spark || status.sparkReady === true);
    // A network that is Active with a private-endpoint rule still not Active (its approval failed) is provisioned
    // again: once the approver role is granted, that is what makes the rule Active.
    return { done: active && (await inactivePrivateEndpointRules(ctx.arm, step.target)).length === 0 };
  },
  async run(step, ctx) {
    try {
      await sendWrite(step.request, ctx);
    } catch (error) {
      // The service provisioned the network but could not approve a private endpoint. The step has done what it can;
      // verify-compliance then fails the workspace naming each rule, its status, the cause and the fix.
      if (!isApprovalDenied(error)) throw error;
      const ws = await readWorkspace(ctx.arm, step.target);
      if (ws?.properties.managedNetwork?.status?.status !== 'Active') throw error;
    }
  },
  undoRecord(step, _before, ctx) {
    const createdHere = ctx.workspace.steps.some((s) => s.kind === 'create-workspace' && s.target.toLowerCase() === step.target.toLowerCase());
    if (createdHere) return { kind: 'none', reason: 'deleting the new workspace removes its managed network' };
    if (step.undo.irreversible) return { kind: 'irreversible', reason: step.undo.reason };
    return { kind: 'irreversible', reason: 'a provisioned managed network cannot be un-provisioned; it stays (it only realises the outbound rules)' };
  },
};
