import type { ArmRequester } from '../../azure/arm-requester.js';
import type { ApplyEvents, ApplyOptions, Journal, JournalEntry, RunMode, RunResult } from '../contract.js';

/** Shared by every workspace of one apply, dry run or rollback. */
export interface RunContext {
  runId: string;
  mode: RunMode;
  arm: ArmRequester;
  events: ApplyEvents;
  dryRun: boolean;
  failFast: boolean;
  abortSignal: AbortSignal | undefined;
  pollIntervalInMs: number;
  /** Appends durably; a no-op in a dry run. A failed append is fatal for the whole run (JournalWriteError). */
  append(entry: JournalEntry): Promise<void>;
  entries(): readonly JournalEntry[];
  isJournalError(error: unknown): boolean;
  /** Set after the first failure when failFast: no new step starts anywhere. */
  stopped: boolean;
  /** Set when the abort signal stopped the run at a step boundary. */
  interrupted: boolean;
  /** Steps refused for safety in this run (RunResult.refused). */
  refused: RunResult['refused'];
}

/** The journal could not record an entry: nothing more may be written to Azure. */
export class JournalWriteError extends Error {
  constructor(cause: unknown) {
    super(`the journal could not be written: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'JournalWriteError';
  }
}

export function createRunContext(
  mode: RunMode,
  deps: { arm: ArmRequester; journal?: Journal | undefined; runId: string },
  options: ApplyOptions,
): RunContext {
  const journal = options.dryRun ? undefined : deps.journal;
  if (!options.dryRun && !journal) throw new Error('a journal is required unless dryRun');
  return {
    runId: deps.runId,
    mode,
    arm: deps.arm,
    events: options.events ?? {},
    dryRun: options.dryRun,
    failFast: options.failFast,
    abortSignal: options.abortSignal,
    pollIntervalInMs: options.pollIntervalInMs ?? 2000,
    async append(entry) {
      if (!journal) return;
      try {
        await journal.append(entry);
      } catch (error) {
        throw new JournalWriteError(error);
      }
    },
    entries: () => deps.journal?.entries ?? [],
    isJournalError: (error) => error instanceof JournalWriteError,
    stopped: false,
    interrupted: false,
    refused: [],
  };
}
