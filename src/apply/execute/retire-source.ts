import { deleteHandler } from './delete-resource.js';
import type { StepHandler } from './step-context.js';
import { assertRetirable, confirmRetirableNow } from './source-guard.js';

/** Soft-deletes the source once the replacement is verified (recreate.retireSource: soft-delete). Irreversible. */
export const retireSource: StepHandler = {
  ...deleteHandler('a deleted workspace is treated as irreversible (recovery exists only in the portal)'),
  guard: assertRetirable,
  confirmLive: confirmRetirableNow,
};
