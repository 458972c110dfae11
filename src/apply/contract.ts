import type { Plan, PlanRollout } from '../plan/index.js';

/**
 * Contracts of `apply` / `rollback` / `status` (issue 4). The journal is the rollback record: append-only JSONL
 * beside the plan (plans/<plan-id>/journal.jsonl), every entry flushed to disk (fsync) before the next ARM call.
 * Nothing in it is a secret: bodies are the plan's own request bodies (which never hold secrets) and ARM ids.
 */

export type RunMode = 'apply' | 'rollback';

export interface ArmCallRecord {
  method: string;
  url: string;
  status?: number;
  /** x-ms-request-id, to quote to Azure support. */
  requestId?: string;
}

/** What undoing a completed step needs, recorded when the step succeeds. */
export type UndoRecord =
  /** Restore the previous values of the fields the step changed (e.g. publicNetworkAccess, tags). */
  | { kind: 'patch'; id: string; apiVersion: string; body: Record<string, unknown> }
  /** Delete what the step created (a new workspace: soft delete then purge, so its name is free again). */
  | { kind: 'delete'; id: string; apiVersion: string; purge?: boolean }
  /** Put back what the step replaced or deleted (an outbound rule, a diagnostic setting). */
  | { kind: 'put'; id: string; apiVersion: string; body: Record<string, unknown> }
  /**
   * Delete what a carry-over step copied into the target: the step's writes are derived from the plan again (not
   * listed here: thousands of ids), except `keep`, the items that were already there before this apply.
   */
  | { kind: 'delete-copies'; keep: string[] }
  /** Nothing to undo (a read, a verification). */
  | { kind: 'none'; reason: string }
  /** Cannot be undone: a purge, a one-way isolation change, a provisioned managed network. */
  | { kind: 'irreversible'; reason: string };

export interface JournalError {
  code: string;
  message: string;
  statusCode?: number;
  requestId?: string;
}

export type JournalEntry =
  /** First line, exactly once. planHash = plan.contentHash: a journal never serves another plan. */
  | { type: 'header'; formatVersion: 1; planId: string; planHash: string; tool: { name: string; version: string }; createdAt: string }
  /** One per invocation of apply or rollback (a resume is a new run). */
  | { type: 'run'; runId: string; mode: RunMode; at: string; pid: number; host: string }
  | { type: 'begin'; runId: string; mode: RunMode; stepId: string; workspaceId: string; at: string }
  | {
      type: 'success';
      runId: string;
      mode: RunMode;
      stepId: string;
      at: string;
      /** The step's effect was already there (checked against real state first): nothing was written. */
      skipped?: 'already-done';
      /** ARM ids this step created: nothing the tool creates is ever unrecorded. */
      created: string[];
      calls: ArmCallRecord[];
      /** Only for mode 'apply'. */
      undo?: UndoRecord;
    }
  | { type: 'failure'; runId: string; mode: RunMode; stepId: string; at: string; error: JournalError; calls: ArmCallRecord[] }
  | { type: 'end'; runId: string; mode: RunMode; at: string; outcome: 'succeeded' | 'failed' | 'interrupted' };

export interface Journal {
  readonly path: string;
  /** Every entry so far, in order (including those read from disk when the journal was reopened). */
  readonly entries: readonly JournalEntry[];
  /** Appends one entry and resolves only once it is durable (written and fsynced). */
  append(entry: JournalEntry): Promise<void>;
}

/** Where each step stands, derived from the plan and the journal alone. */
export type StepState = 'pending' | 'in-progress' | 'done' | 'failed' | 'rolled-back' | 'rollback-failed';

export interface StepStatus {
  stepId: string;
  workspaceId: string;
  state: StepState;
  /** From the last success entry of mode 'apply'. */
  undo?: UndoRecord;
  created: string[];
  lastError?: JournalError;
}

/** Progress events of the executor: the core never prints; the CLI renders them (listr2, plain lines or JSON). */
export interface ApplyEvents {
  runStarted?(e: { runId: string; mode: RunMode; dryRun: boolean }): void;
  workspaceStarted?(e: { workspaceId: string }): void;
  stepStarted?(e: { workspaceId: string; stepId: string; kind: string; summary: string }): void;
  /** Long-running operation polled: the service's status (InProgress, Succeeded...) and elapsed time. */
  stepProgress?(e: { workspaceId: string; stepId: string; status: string; elapsedMs: number }): void;
  stepSucceeded?(e: { workspaceId: string; stepId: string; skipped: boolean; elapsedMs: number }): void;
  stepFailed?(e: { workspaceId: string; stepId: string; error: JournalError }): void;
  /** A step that cannot be undone (reported by rollback). */
  stepIrreversible?(e: { workspaceId: string; stepId: string; reason: string }): void;
  /** Dry run: the write that would be sent. */
  wouldWrite?(e: { workspaceId: string; stepId: string; method: string; url: string; body?: unknown }): void;
  workspaceFinished?(e: { workspaceId: string; outcome: 'succeeded' | 'failed' | 'skipped' | 'cancelled' }): void;
  /** A rollout wave starts (index 0 is the canary when the rollout has one). */
  waveStarted?(e: { index: number; name: string; workspaces: number }): void;
  /** The rollout stopped before wave `index`: `failed` workspaces failed, more than maxFailures allows. */
  rolloutStopped?(e: { index: number; name: string; failed: number; maxFailures: number }): void;
}

export interface ApplyOptions {
  /** Workspaces in parallel (their steps stay in dependency order). */
  concurrency: number;
  dryRun: boolean;
  /** Stop starting new steps in other workspaces after the first failure. */
  failFast: boolean;
  events?: ApplyEvents;
  /** Abort = stop at the next step boundary (Ctrl-C): the journal says where things stand. */
  abortSignal?: AbortSignal;
  /** LRO poll interval; tests use 0. */
  pollIntervalInMs?: number;
  /** Apply only: run the workspaces in these waves, stopping between waves on failures (src/apply/rollout-run.ts). */
  rollout?: PlanRollout | undefined;
}

export interface RunResult {
  outcome: 'succeeded' | 'failed' | 'interrupted';
  /** Per workspace (source id). */
  workspaces: Record<string, 'succeeded' | 'failed' | 'skipped' | 'cancelled'>;
  /** Rollback only: steps that could not be undone, with the reason. */
  irreversible: { stepId: string; reason: string }[];
  /**
   * Steps the executor refused to protect a workspace (code SourceGuard: a source not retired, a last copy not
   * deleted; RequestRefused: a request its kind may not send). The command exits 7 with these messages.
   */
  refused: { stepId: string; code: string; message: string }[];
  /** With a rollout: how many waves there are, how many ran, and the wave it stopped before (if it stopped). */
  rollout?: { waves: number; ran: number; stoppedBefore?: number };
}

/** Failure codes that mean "refused for safety", not "Azure said no". */
export const SAFETY_REFUSALS: ReadonlySet<string> = new Set(['SourceGuard', 'RequestRefused']);

export type { Plan };
