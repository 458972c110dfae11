import { deleteHandler } from './delete-resource.js';
import type { StepHandler } from './step-context.js';
import { assertRetirable, confirmRetirableNow } from './source-guard.js';

/** Purges the source (DELETE ?forceToPurge=true): after the replacement is verified, or first for the same-name opt-in. */
export const purgeSource: StepHandler = {
  ...deleteHandler('purging permanently deletes the workspace and everything in it'),
  guard: assertRetirable,
  confirmLive: confirmRetirableNow,
};
