import { ArmHttpError } from '../http-types.js';

/**
 * Error codes of the workspace service rules, in one place so callers (and tests) can rely on them:
 * name pattern → 400 InvalidResourceName; every other service rule → 400 BadRequest (the AML RP's validation code);
 * soft-deleted name → 409 Conflict.
 */
export function badRequest(message: string): ArmHttpError {
  return new ArmHttpError(400, 'BadRequest', message);
}

export function conflict(message: string): ArmHttpError {
  return new ArmHttpError(409, 'Conflict', message);
}
