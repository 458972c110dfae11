import type { ArmCallRecord, JournalEntry, StepState, UndoRecord } from '../contract.js';

/**
 * What the executor needs to know about each step from the journal alone. A private, minimal derivation: the shared
 * one (src/apply/step-states.ts) gives the StepStatus the CLI shows; this one adds what resume and rollback decide on
 * (was the step ever attempted, did a failed attempt send a write).
 *
 * States: apply begin → in-progress; apply success → done; apply failure → failed; rollback begin without an end →
 * rollback-failed (indeterminate: apply re-checks real state, rollback undoes again); rollback success → rolled-back;
 * rollback failure → rollback-failed.
 */
export interface StepView {
  state: StepState;
  /** From the last apply success. */
  undo?: UndoRecord;
  created: string[];
  /** An apply begin exists for this step (this tool tried it before). */
  attempted: boolean;
  /** Calls of the last apply failure. */
  failedCalls?: ArmCallRecord[];
}

export function viewSteps(entries: readonly JournalEntry[]): Map<string, StepView> {
  const views = new Map<string, StepView>();
  const view = (stepId: string): StepView => {
    let v = views.get(stepId);
    if (!v) views.set(stepId, (v = { state: 'pending', created: [], attempted: false }));
    return v;
  };
  for (const e of entries) {
    if (e.type !== 'begin' && e.type !== 'success' && e.type !== 'failure') continue;
    const v = view(e.stepId);
    if (e.mode === 'apply') {
      if (e.type === 'begin') {
        v.state = 'in-progress';
        v.attempted = true;
      } else if (e.type === 'success') {
        v.state = 'done';
        if (e.undo) v.undo = e.undo;
        else delete v.undo;
        v.created = [...new Set([...v.created, ...e.created])];
        delete v.failedCalls;
      } else {
        v.state = 'failed';
        v.failedCalls = e.calls;
      }
    } else if (e.type === 'begin' || e.type === 'failure') {
      v.state = 'rollback-failed';
    } else {
      v.state = 'rolled-back';
    }
  }
  return views;
}

export function stepView(entries: readonly JournalEntry[], stepId: string): StepView {
  return viewSteps(entries).get(stepId) ?? { state: 'pending', created: [], attempted: false };
}
