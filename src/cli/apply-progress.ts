import type { ApplyEvents, JournalError, RunMode } from '../apply/contract.js';
import { oneLine } from '../errors.js';

/** The steps one run will show, per workspace, in the order they run (for rollback: undo order). */
export interface ProgressWorkspace {
  id: string;
  name: string;
  steps: { id: string; title: string }[];
}

export interface ApplyProgress {
  events: ApplyEvents;
  /** Runs the work while progress is shown; resolves with the work's result once the display is settled. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export type ProgressStyle = 'tty' | 'plain' | 'json';

/**
 * Progress of apply/rollback at the edge (the engine only emits events): listr2 on a terminal, plain line logs on
 * stderr otherwise, or with --output json one JSON event per line on stdout. Dry-run writes ("what would be sent")
 * are data: they go to stdout in every style.
 */
export function createApplyProgress(workspaces: ProgressWorkspace[], mode: RunMode, style: ProgressStyle): ApplyProgress {
  if (style === 'json') return jsonProgress();
  const wouldWrite: ApplyEvents['wouldWrite'] = (e) => {
    process.stdout.write(`${e.method} ${e.url}\n${e.body === undefined ? '' : `${JSON.stringify(e.body, null, 2)}\n`}\n`);
  };
  return style === 'tty' ? listrProgress(workspaces, mode, wouldWrite) : plainProgress(workspaces, wouldWrite);
}

function jsonProgress(): ApplyProgress {
  const emit = (event: string) => (e: object) => process.stdout.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...e })}\n`);
  const names = ['runStarted', 'workspaceStarted', 'stepStarted', 'stepProgress', 'stepSucceeded', 'stepFailed', 'stepIrreversible', 'wouldWrite', 'workspaceFinished', 'waveStarted', 'rolloutStopped'] as const;
  const events = Object.fromEntries(names.map((n) => [n, emit(n)])) as ApplyEvents;
  return { events, run: (work) => work() };
}

function describeError(error: JournalError): string {
  const id = error.requestId ? `, x-ms-request-id ${error.requestId}` : '';
  const status = error.statusCode ? ` (HTTP ${error.statusCode}${id})` : id ? ` (${id.slice(2)})` : '';
  return `${error.code}: ${oneLine(error.message)}${status}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function plainProgress(workspaces: ProgressWorkspace[], wouldWrite: ApplyEvents['wouldWrite']): ApplyProgress {
  const nameOf = new Map(workspaces.map((w) => [w.id.toLowerCase(), w.name]));
  const lastStatus = new Map<string, string>();
  const log = (workspaceId: string, text: string) =>
    process.stderr.write(`aml-isolate: [${nameOf.get(workspaceId.toLowerCase()) ?? workspaceId}] ${text}\n`);
  const events: ApplyEvents = {
    stepStarted: (e) => log(e.workspaceId, `${e.stepId} ${e.summary}`),
    // Only status changes: a 30-minute provisioning must not print a line per poll.
    stepProgress: (e) => {
      if (lastStatus.get(e.stepId) === e.status) return;
      lastStatus.set(e.stepId, e.status);
      log(e.workspaceId, `${e.stepId} ${e.status} after ${seconds(e.elapsedMs)}`);
    },
    stepSucceeded: (e) => log(e.workspaceId, `${e.stepId} ${e.skipped ? 'already done, skipped' : `done in ${seconds(e.elapsedMs)}`}`),
    stepFailed: (e) => log(e.workspaceId, `${e.stepId} FAILED: ${describeError(e.error)}`),
    stepIrreversible: (e) => log(e.workspaceId, `${e.stepId} cannot be undone: ${e.reason}`),
    wouldWrite,
    workspaceFinished: (e) => log(e.workspaceId, e.outcome),
    waveStarted: (e) => process.stderr.write(`aml-isolate: ${e.name}: ${e.workspaces} workspace(s)\n`),
    rolloutStopped: (e) => process.stderr.write(`aml-isolate: stopping before ${e.name}: ${e.failed} workspace(s) failed (--max-failures ${e.maxFailures})\n`),
  };
  return { events, run: (work) => work() };
}

type Outcome = { kind: 'done'; note: string } | { kind: 'failed'; message: string } | { kind: 'not-run' };

interface StepView {
  title: string;
  settle(outcome: Outcome): void;
  outcome: Promise<Outcome>;
  setOutput?(text: string): void;
  pendingOutput?: string;
}

/** listr2 mirrors the engine: one task per workspace, one subtask per step, each waiting for the engine's events. */
function listrProgress(workspaces: ProgressWorkspace[], mode: RunMode, wouldWrite: ApplyEvents['wouldWrite']): ApplyProgress {
  const views = new Map<string, StepView>();
  for (const w of workspaces) {
    for (const s of w.steps) {
      let settle!: (o: Outcome) => void;
      const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
      views.set(s.id, { title: s.title, settle, outcome });
    }
  }
  const output = (stepId: string, text: string) => {
    const view = views.get(stepId);
    if (!view) return;
    if (view.setOutput) view.setOutput(text);
    else view.pendingOutput = text;
  };
  const events: ApplyEvents = {
    stepStarted: (e) => output(e.stepId, e.summary),
    stepProgress: (e) => output(e.stepId, `${e.status} (${seconds(e.elapsedMs)})`),
    stepSucceeded: (e) => views.get(e.stepId)?.settle({ kind: 'done', note: e.skipped ? 'already done' : seconds(e.elapsedMs) }),
    stepFailed: (e) => views.get(e.stepId)?.settle({ kind: 'failed', message: describeError(e.error) }),
    stepIrreversible: (e) => views.get(e.stepId)?.settle({ kind: 'done', note: `cannot be undone: ${e.reason}` }),
    wouldWrite,
  };

  return {
    events,
    async run(work) {
      const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
      // stdout stays for data: the task list renders on stderr.
      const logger = new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
      const list = new Listr(
        workspaces.map((w) => ({
          title: `${mode === 'rollback' ? 'Roll back' : 'Apply'} ${w.name}`,
          task: (_ctx, task) =>
            task.newListr(
              w.steps.map((s) => ({
                title: s.title,
                task: async (_c, t) => {
                  const view = views.get(s.id)!;
                  view.setOutput = (text) => (t.output = text);
                  if (view.pendingOutput) t.output = view.pendingOutput;
                  const outcome = await view.outcome;
                  if (outcome.kind === 'not-run') return t.skip(`${s.title} (not run)`);
                  if (outcome.kind === 'failed') throw new Error(`${s.title}: ${outcome.message}`);
                  t.title = `${s.title} (${outcome.note})`;
                },
              })),
              { concurrent: false, exitOnError: true },
            ),
        })),
        {
          concurrent: true,
          exitOnError: false,
          // Ctrl-C belongs to the command: it stops the engine at a step boundary.
          registerSignalListeners: false,
          rendererOptions: { collapseSubtasks: false, logger },
          fallbackRenderer: 'simple',
          fallbackRendererOptions: { logger },
        },
      );
      const display = list.run().catch(() => undefined);
      try {
        return await work();
      } finally {
        for (const view of views.values()) view.settle({ kind: 'not-run' });
        await display;
      }
    },
  };
}
