import { carriedContentProblems } from '../carried-content.js';
import type { StepHandler } from './step-context.js';
import { StepRefusedError } from './step-errors.js';

/** Parity, the last step of a re-creation before retiring: every item the plan copied is present and identical. */
export const compareContents: StepHandler = {
  isAlreadyDone: async () => ({ done: false }),
  async run(_step, ctx) {
    const problems = await carriedContentProblems(ctx.workspace, ctx.arm);
    if (problems.length) {
      throw new StepRefusedError('ParityFailed', `${problems.length} carried item(s) are not as copied: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`);
    }
  },
  undoRecord: () => ({ kind: 'none', reason: 'a read: nothing was changed' }),
};
