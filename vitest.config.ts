import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the real CLI and emulator processes; keep them from starving each other on 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Nothing in the suite may leave loopback; nock guards the adapter tests, this guards everything else.
    env: { AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', AML_ISOLATE_NO_UPDATE_CHECK: '1' },
  },
});
