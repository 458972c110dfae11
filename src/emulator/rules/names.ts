import { ArmHttpError } from '../http-types.js';

/** FACTS (API versions): workspace and outbound rule names. Also keeps clients from sending `__SYS_…` rule names. */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;

export function assertValidName(kind: 'workspace' | 'outbound rule', name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ArmHttpError(400, 'InvalidResourceName', `The ${kind} name '${name}' is invalid: it must match ${NAME_PATTERN.source}.`);
  }
}
