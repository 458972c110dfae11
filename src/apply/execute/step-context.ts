import type { PollSchedule } from '../../azure/poll-schedule.js';
import type { JournalEntry, UndoRecord } from '../contract.js';
import type { PlanStep, PlanWorkspace } from '../../plan/index.js';
import type { RecordingRequester } from './recording-requester.js';

/** What a handler may use while checking or running one step. */
export interface StepContext {
  /** Records the writes of this step; refuses every write in a dry run. */
  arm: RecordingRequester;
  workspace: PlanWorkspace;
  /** How this step's long-running operations are polled (pollScheduleOf(step, the run's base interval)). */
  pollSchedule: PollSchedule;
  /** Called after each poll of a long-running operation with the service's status. */
  onPoll(status: string): void;
  /** The journal so far (for the source guard and step-succeeded preconditions); empty in a dry run without one. */
  entries(): readonly JournalEntry[];
  dryRun: boolean;
}

/** The outcome of reading real state before a step. */
export interface StepCheck {
  /** The step's effect is already there: nothing will be written. */
  done: boolean;
  /** The state read (what undoRecord needs: the previous values of the fields the step changes). */
  before?: unknown;
}

/**
 * One per StepKind. The protocol (run-step.ts): guard → isAlreadyDone → preconditions → run → undoRecord(before).
 * Only `run` writes; it sends exactly step.request.
 */
export interface StepHandler {
  /** Refuses the step outright (throws StepRefusedError), before anything is read. */
  guard?(step: PlanStep, ctx: StepContext): void;
  /** Last live check right before `run` (the moment of acting): throws StepRefusedError to refuse. */
  confirmLive?(step: PlanStep, ctx: StepContext): Promise<void>;
  isAlreadyDone(step: PlanStep, ctx: StepContext): Promise<StepCheck>;
  run(step: PlanStep, ctx: StepContext): Promise<void>;
  /** ARM ids the step creates (recorded in the success entry). */
  creates?(step: PlanStep): string[];
  undoRecord(step: PlanStep, before: unknown, ctx: StepContext): UndoRecord;
  /**
   * The undo of a step found already done on resume after an attempt that left no end entry (a crash): the values
   * read before the change are lost, so the plan's own undo is used. Default: undoRecord(step, undefined).
   */
  undoAfterCrash?(step: PlanStep, ctx: StepContext): UndoRecord;
}
