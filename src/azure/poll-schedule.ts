/**
 * How the polls of one long-running operation are spaced. ARM answers an operation's status from the same read budget
 * as every other call of the subscription (25 reads/s refill, FACTS: Throttling); provisioning a managed network takes
 * about 30 minutes, so a fixed 2 s interval spends ~900 reads per workspace on "InProgress". Intervals therefore start
 * at `firstMs` and grow by `factor` up to `maxMs`; a server's Retry-After is honoured (never polled sooner), except
 * that an all-zero schedule (emulator and tests) polls back to back.
 */
export interface PollSchedule {
  /** Wait before the first poll. */
  firstMs: number;
  /** Longest wait between polls. */
  maxMs: number;
  /** Growth per poll. Default 1.5. */
  factor?: number;
}

/** How long an operation is expected to take: what decides its schedule. */
export type ExpectedDuration = 'seconds' | 'minutes' | 'half-hour';

/**
 * A schedule for an operation of the expected duration, in units of `baseMs` (the run's poll interval, 2000 by
 * default; 0 in emulator runs and tests). E.g. at 2 s: seconds 2 s → 10 s; minutes 5 s → 30 s; half-hour 15 s → 60 s,
 * so a 30-minute provisioning is polled about 35 times instead of about 900.
 */
export function scheduleFor(expected: ExpectedDuration, baseMs: number): PollSchedule {
  switch (expected) {
    case 'seconds':
      return { firstMs: baseMs, maxMs: baseMs * 5 };
    case 'minutes':
      return { firstMs: baseMs * 2.5, maxMs: baseMs * 15 };
    case 'half-hour':
      return { firstMs: baseMs * 7.5, maxMs: baseMs * 30 };
  }
}

/** The wait before poll number `poll` (0-based), given the server's requested delay if any. */
export function nextPollDelay(schedule: PollSchedule, poll: number, serverDelayMs: number | undefined): number {
  if (schedule.maxMs <= 0) return 0;
  const grown = Math.min(schedule.maxMs, schedule.firstMs * (schedule.factor ?? 1.5) ** poll);
  return Math.max(grown, serverDelayMs ?? 0);
}
