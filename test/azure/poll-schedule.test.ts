import { afterEach, describe, expect, it } from 'vitest';
import { runArmOperation } from '../../src/azure/arm-lro.js';
import { createAzureClients } from '../../src/azure/client-factory.js';
import { nextPollDelay, scheduleFor } from '../../src/azure/poll-schedule.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { workspaceApiVersion } from '../../src/model/api-versions.js';
import { start } from '../emulator/helpers.js';

describe('poll schedule', () => {
  it('grows from the first wait to the longest, and never polls sooner than the server asked', () => {
    const long = scheduleFor('half-hour', 2000);
    const waits = Array.from({ length: 12 }, (_, i) => nextPollDelay(long, i, undefined));
    expect(waits[0]).toBe(15_000);
    expect(waits.every((w, i) => i === 0 || w >= waits[i - 1]!)).toBe(true);
    expect(Math.max(...waits)).toBe(60_000);
    expect(nextPollDelay(long, 0, 90_000)).toBe(90_000); // Retry-After longer than ours: honoured
    expect(nextPollDelay(scheduleFor('seconds', 2000), 0, 500)).toBe(2000); // shorter: ours (no extra reads)
    // A 30-minute operation at the default base: tens of polls, not the ~900 of a fixed 2 s interval.
    let elapsed = 0;
    let polls = 0;
    while (elapsed < 30 * 60_000) elapsed += nextPollDelay(long, polls++, undefined);
    expect(polls).toBeLessThan(40);
  });

  it('an all-zero schedule (emulator runs, tests) polls back to back, whatever Retry-After says', () => {
    expect(nextPollDelay(scheduleFor('half-hour', 0), 3, 5000)).toBe(0);
  });

  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  it('a long operation on the emulator is polled a few times on a growing schedule, not at a fixed interval', async () => {
    emu = await start({ seed: 'demo', lroDurationMs: 800, validateResponses: false });
    const clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem });
    const ws = `/subscriptions/${DEMO.prod.subscriptionId}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/ws-public-open`;
    const before = emu.requests.length;
    // Base 40 ms: the half-hour schedule waits 300, 450, 675 ms…: the operation (800 ms) ends within 3 polls.
    await runArmOperation(clients.arm, 'PATCH', ws, workspaceApiVersion, { tags: { polled: 'yes' } }, { pollSchedule: scheduleFor('half-hour', 40) });
    const polls = emu.requests.slice(before).filter((r) => r.method === 'GET');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.length).toBeLessThanOrEqual(4);
  });
});

describe('waiting between polls', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  it('an abort while waiting for the next poll stops at once with an AbortError, whatever the signal’s reason', async () => {
    emu = await start({ seed: 'demo', lroDurationMs: 60_000, validateResponses: false });
    const clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem });
    const ws = `/subscriptions/${DEMO.prod.subscriptionId}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces/ws-public-open`;
    const controller = new AbortController();
    const running = runArmOperation(clients.arm, 'PATCH', ws, workspaceApiVersion, { tags: { polled: 'no' } }, { pollSchedule: { firstMs: 60_000, maxMs: 60_000 }, abortSignal: controller.signal });
    await new Promise((r) => setTimeout(r, 300)); // the PATCH is answered 202; the loop now waits a minute
    controller.abort(new Error('user pressed Ctrl-C'));
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });
});
