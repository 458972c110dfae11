import { ArmError } from '../../errors.js';
import { isAbort } from '../../azure/arm-error.js';
import type { JournalError } from '../contract.js';

/** A step the executor refuses to run or that found the world not as required (precondition, verification, guard). */
export class StepRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StepRefusedError';
  }
}

/** Any failure of a step as the journal records it: ARM code, the service's own message, status, x-ms-request-id. */
export function toJournalError(error: unknown): JournalError {
  if (error instanceof ArmError) {
    const e: JournalError = { code: error.code, message: error.serviceMessage };
    if (error.statusCode !== undefined) e.statusCode = error.statusCode;
    if (error.requestId !== undefined) e.requestId = error.requestId;
    return e;
  }
  if (error instanceof StepRefusedError) return { code: error.code, message: error.message };
  if (isAbort(error)) return { code: 'Aborted', message: 'the operation was aborted' };
  return { code: 'InternalError', message: error instanceof Error ? error.message : String(error) };
}
