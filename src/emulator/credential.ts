import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The bearer token the emulator hands out; it accepts any non-empty bearer token, this one included. */
export const EMULATOR_TOKEN = 'aml-isolate-emulator-token';

/** A TokenCredential that never leaves the process: a static token valid for ten years. */
export function emulatorCredential(): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 10 * 365 * 24 * 3600_000, tokenType: 'Bearer' };
    },
  };
}
