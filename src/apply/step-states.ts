import type { ArmCallRecord, JournalEntry, JournalError, Plan, RunMode, StepState, StepStatus } from './contract.js';

/**
 * Where each step stands, from the journal alone (pure: no I/O, no clock): the one replay that status, resume and
 * rollback share. Entries are replayed in order:
 *
 *   begin (either mode)  → in-progress   (stays so if no success/failure follows: the run crashed or was killed)
 *   success apply        → done          (undo = this entry's undo)
 *   failure apply        → failed
 *   success rollback     → rolled-back
 *   failure rollback     → rollback-failed
 *
 * A later run re-beginning a step replaces what an earlier run left (resume, retry). `created` accumulates the ids of
 * every success of the step, in either mode, first seen first, each once (case-insensitively): nothing the tool
 * created goes unrecorded. `applyState` is the state as of the step's apply entries only: what rollback decides on
 * (a rollback that only began leaves the step as apply left it, so it is undone again, or not at all if apply never
 * wrote).
 */
export interface StepView extends StepStatus {
  /** The mode of the step's last entry. */
  lastMode?: RunMode;
  applyState: 'pending' | 'in-progress' | 'done' | 'failed';
  /** An apply begin exists for this step (this tool tried it before). */
  attempted: boolean;
  /** Calls of the last apply failure: did the failed attempt send a write? */
  failedCalls?: ArmCallRecord[];
}

/** Every step the journal names, plan-independent (the executor's view). */
export function viewSteps(entries: readonly JournalEntry[]): Map<string, StepView> {
  return new Map([...replay(undefined, entries).tracks].map(([id, t]) => [id, t.status]));
}

export function stepView(entries: readonly JournalEntry[], stepId: string): StepView {
  return viewSteps(entries).get(stepId) ?? pendingView(stepId, '');
}

/** Every step of the plan (pending when the journal does not name it); entries naming other steps are ignored. */
export function stepStates(plan: Plan, entries: readonly JournalEntry[]): Map<string, StepView> {
  return replay(plan, entries).statuses;
}

/** The step's status plus what rendering needs: the time of its last entry, whether it was skipped. */
interface StepTrack {
  status: StepView;
  lastRunId?: string;
  lastAt?: string;
  skipped?: boolean;
}

type RunEntry = Extract<JournalEntry, { type: 'run' }>;
type EndEntry = Extract<JournalEntry, { type: 'end' }>;

interface Replay {
  statuses: Map<string, StepView>;
  tracks: Map<string, StepTrack>;
  runs: { run: RunEntry | undefined; runId: string; end?: EndEntry }[];
}

const pendingView = (stepId: string, workspaceId: string): StepView => ({ stepId, workspaceId, state: 'pending', applyState: 'pending', attempted: false, created: [] });

/** With a plan, only its steps are tracked (each seeded pending); without one, every step the journal names. */
function replay(plan: Plan | undefined, entries: readonly JournalEntry[]): Replay {
  const tracks = new Map<string, StepTrack>();
  for (const ws of plan?.workspaces ?? []) {
    for (const step of ws.steps) tracks.set(step.id, { status: pendingView(step.id, ws.sourceId) });
  }
  const runs: Replay['runs'] = [];
  const runOf = (runId: string) => {
    let run = runs.find((r) => r.runId === runId);
    if (!run) runs.push((run = { run: undefined, runId }));
    return run;
  };
  for (const entry of entries) {
    if (entry.type === 'header') continue;
    if (entry.type === 'run') {
      runOf(entry.runId).run = entry;
      continue;
    }
    if (entry.type === 'end') {
      runOf(entry.runId).end = entry;
      continue;
    }
    runOf(entry.runId);
    let track = tracks.get(entry.stepId);
    if (!track) {
      if (plan) continue;
      tracks.set(entry.stepId, (track = { status: pendingView(entry.stepId, entry.type === 'begin' ? entry.workspaceId : '') }));
    }
    const s = track.status;
    if (entry.type === 'begin' && !s.workspaceId) s.workspaceId = entry.workspaceId;
    s.lastMode = entry.mode;
    track.lastRunId = entry.runId;
    track.lastAt = entry.at;
    track.skipped = false;
    if (entry.type === 'begin') {
      s.state = 'in-progress';
      if (entry.mode === 'apply') {
        s.applyState = 'in-progress';
        s.attempted = true;
      }
    } else if (entry.type === 'success') {
      s.state = entry.mode === 'apply' ? 'done' : 'rolled-back';
      for (const id of entry.created) if (!s.created.some((c) => c.toLowerCase() === id.toLowerCase())) s.created.push(id);
      if (entry.mode === 'apply') {
        s.applyState = 'done';
        if (entry.undo) s.undo = entry.undo;
        else delete s.undo;
        delete s.lastError;
        delete s.failedCalls;
      }
      track.skipped = entry.skipped === 'already-done';
    } else {
      s.state = entry.mode === 'apply' ? 'failed' : 'rollback-failed';
      s.lastError = entry.error;
      if (entry.mode === 'apply') {
        s.applyState = 'failed';
        s.failedCalls = entry.calls;
      }
    }
  }
  return { statuses: new Map([...tracks].map(([id, t]) => [id, t.status])), tracks, runs };
}

export type OverallState = 'not started' | 'in progress' | 'applied' | 'failed' | 'interrupted' | 'rolled back' | 'partially rolled back';

export interface RunOutcome {
  runId: string;
  mode: RunMode;
  /** When the run started (its `run` entry), if recorded. */
  at?: string;
  pid?: number;
  host?: string;
  /** From the run's `end` entry; 'running' when it has none and is live; 'interrupted' when it has none and is not. */
  outcome: 'succeeded' | 'failed' | 'interrupted' | 'running';
}

export interface WorkspaceSummary {
  workspaceId: string;
  steps: number;
  counts: Record<StepState, number>;
  state: OverallState;
  /** The workspace's plan has errors: apply never runs its steps. */
  blocked: boolean;
  /** The last run that touched this workspace's steps, with its outcome for this workspace. */
  lastRun?: RunOutcome;
}

export interface RunSummary {
  planId: string;
  workspaces: WorkspaceSummary[];
  /** The last run in the journal (of any mode), with its own outcome. */
  lastRun?: RunOutcome;
}

export interface RunSummaryOptions {
  /**
   * Whether a run with no `end` entry is still executing (e.g. its pid is alive on this host and it holds the apply
   * lock; see locks.ts runLooksAlive). Default: no run is live, so a run without an end was interrupted (crash, kill).
   */
  isRunLive?: (run: { runId: string; pid?: number; host?: string }) => boolean;
}

/** Per workspace: counts per state, an overall state, and the last run's outcome. Pure. */
export function runSummary(plan: Plan, entries: readonly JournalEntry[], options: RunSummaryOptions = {}): RunSummary {
  const r = replay(plan, entries);
  const live = (runId: string | undefined) => {
    const run = r.runs.find((x) => x.runId === runId);
    return run !== undefined && run.end === undefined && (options.isRunLive?.({ runId: run.runId, ...(run.run ? { pid: run.run.pid, host: run.run.host } : {}) }) ?? false);
  };
  const outcomeOf = (runId: string, mode: RunMode, scoped?: StepTrack[]): RunOutcome => {
    const run = r.runs.find((x) => x.runId === runId)!;
    let outcome: RunOutcome['outcome'] = run.end?.outcome ?? (live(runId) ? 'running' : 'interrupted');
    if (scoped && outcome !== 'running') {
      // For one workspace: its own steps in that run decide (another workspace's failure does not fail this one).
      const mine = scoped.filter((t) => t.lastRunId === runId);
      if (mine.some((t) => t.status.state === 'in-progress')) outcome = 'interrupted';
      else if (mine.some((t) => t.status.state === 'failed' || t.status.state === 'rollback-failed')) outcome = 'failed';
      else if (run.end?.outcome !== 'interrupted' && mine.length > 0) outcome = 'succeeded';
    }
    return { runId, mode: run.run?.mode ?? mode, ...(run.run ? { at: run.run.at, pid: run.run.pid, host: run.run.host } : {}), outcome };
  };
  const workspaces = plan.workspaces.map((ws): WorkspaceSummary => {
    const tracks = ws.steps.map((s) => r.tracks.get(s.id)!);
    const counts: Record<StepState, number> = { pending: 0, 'in-progress': 0, done: 0, failed: 0, 'rolled-back': 0, 'rollback-failed': 0 };
    for (const t of tracks) counts[t.status.state]++;
    const touched = [...r.runs].reverse().find((run) => tracks.some((t) => t.lastRunId === run.runId));
    const lastMode = tracks.find((t) => t.lastRunId === touched?.runId)?.status.lastMode ?? 'apply';
    const anyLive = tracks.some((t) => t.lastRunId !== undefined && live(t.lastRunId));
    return {
      workspaceId: ws.sourceId,
      steps: ws.steps.length,
      counts,
      state: overall(ws.blocked, tracks, counts, anyLive),
      blocked: ws.blocked,
      ...(touched ? { lastRun: outcomeOf(touched.runId, lastMode, tracks) } : {}),
    };
  });
  const last = r.runs.at(-1);
  return { planId: plan.planId, workspaces, ...(last ? { lastRun: outcomeOf(last.runId, last.run?.mode ?? 'apply') } : {}) };
}

function overall(blocked: boolean, tracks: StepTrack[], c: Record<StepState, number>, live: boolean): OverallState {
  const n = tracks.length;
  if (n === 0) return blocked ? 'not started' : 'applied';
  if (c.pending === n) return 'not started';
  if (c['in-progress'] > 0) return live ? 'in progress' : 'interrupted';
  if (c['rolled-back'] + c['rollback-failed'] > 0) {
    // Steps whose undo is "nothing" or impossible stay done after a complete rollback.
    const open = tracks.filter((t) => {
      const s = t.status;
      if (s.state === 'pending' || s.state === 'rolled-back') return false;
      return !(s.state === 'done' && (s.undo?.kind === 'none' || s.undo?.kind === 'irreversible'));
    });
    return open.length === 0 ? 'rolled back' : 'partially rolled back';
  }
  if (c.failed > 0) return 'failed';
  if (c.done === n) return 'applied';
  return live ? 'in progress' : 'interrupted';
}

export interface StepStatusView {
  stepId: string;
  kind: string;
  target: string;
  state: StepState;
  /** Time of the step's last journal entry. */
  at?: string;
  /** The last success found the effect already there and wrote nothing. */
  skipped?: boolean;
  /** From the plan: this step cannot be undone by rollback. */
  irreversible?: string;
  error?: JournalError;
  created: string[];
}

export interface StatusView extends RunSummary {
  planHash: string;
  workspaces: (WorkspaceSummary & { stepStatuses: StepStatusView[] })[];
}

/** The JSON form of `status`: the run summary with every step's state. */
export function statusView(plan: Plan, entries: readonly JournalEntry[], options: RunSummaryOptions = {}): StatusView {
  const summary = runSummary(plan, entries, options);
  const { tracks } = replay(plan, entries);
  return {
    ...summary,
    planHash: plan.contentHash,
    workspaces: summary.workspaces.map((w, i) => ({
      ...w,
      stepStatuses: plan.workspaces[i]!.steps.map((step): StepStatusView => {
        const t = tracks.get(step.id)!;
        return {
          stepId: step.id,
          kind: step.kind,
          target: step.target,
          state: t.status.state,
          ...(t.lastAt ? { at: t.lastAt } : {}),
          ...(t.skipped ? { skipped: true } : {}),
          ...(step.undo.irreversible ? { irreversible: step.undo.reason } : {}),
          ...(t.status.lastError && (t.status.state === 'failed' || t.status.state === 'rollback-failed') ? { error: t.status.lastError } : {}),
          created: t.status.created,
        };
      }),
    })),
  };
}
