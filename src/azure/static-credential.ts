import type { AccessToken, TokenCredential } from '@azure/core-auth';

/**
 * A credential that returns a fixed token without any network call. Used only with an emulator on loopback
 * (`--credential emulator`): the emulator requires a bearer token but does not verify it.
 */
export function staticTokenCredential(token = 'aml-isolate-emulator'): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}
