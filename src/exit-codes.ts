/**
 * Process exit codes. Documented in README ("Exit codes"); scripts depend on them, so they never change meaning.
 */
export const ExitCode = {
  /** Success; for `audit`: every workspace found is compliant (or none was found). */
  ok: 0,
  /** `audit`: at least one workspace is non-compliant; every scope was read. */
  nonCompliant: 1,
  /** `plan --detailed-exitcode`: changes were planned and saved. Never means anything else. */
  changesPlanned: 2,
  /**
   * Unexpected failure inside the tool (a bug): reported in one line, details with --verbose. 70 is sysexits'
   * EX_SOFTWARE; it is not 2 so that a pipeline reading `plan --detailed-exitcode`'s 2 as "changes" never mistakes a
   * crash for a plan.
   */
  internal: 70,
  /** Bad usage: unknown flag, bad value, malformed input file. Nothing was read or written. */
  usage: 3,
  /** Partial failure: some subscriptions or workspaces could not be read (403, throttled past retries, ...). */
  partial: 4,
  /** Authentication failed or no credential available. */
  auth: 5,
  /** An Azure (ARM) call failed and the command could not continue. */
  azure: 6,
  /**
   * The world is not in a state to run the command: the plan or a workspace is locked by another run, the plan is
   * stale (a resource changed since it was made), or it was applied already.
   */
  locked: 7,
  /** The user declined or interrupted (Ctrl-C). */
  cancelled: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
