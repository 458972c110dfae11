import type { LimitFunction } from 'p-limit';
import type { FleetReader } from '../azure/ports.js';
import { ArmError } from '../errors.js';
import type { Workspace } from '../model/workspace.js';
import { isProject } from './project-rules.js';
import type { AuditError, WorkspaceResult } from './report.js';
import { evaluateWorkspace, type DiagnosticsObservation } from './rules.js';

/** Progress events for the caller (stderr progress, logs). The runner never prints. */
export interface AuditEvents {
  subscriptionStarted?(event: { subscriptionId: string }): void;
  /** Exactly one of subscriptionDone / subscriptionFailed follows every subscriptionStarted. */
  subscriptionDone?(event: { subscriptionId: string; workspaces: number }): void;
  /** The subscription (or some workspace in it) could not be read; `error` is also in report.errors. */
  subscriptionFailed?(event: { subscriptionId: string; error: AuditError; workspaces: number }): void;
  workspaceAudited?(event: { workspace: WorkspaceResult }): void;
  warning?(event: { message: string; subscriptionId?: string; workspaceId?: string }): void;
}

/**
 * State shared by one audit run. `call` is the ONE limiter every ARM call goes through, whatever level it comes
 * from (subscriptions, list pages, confirms, diagnostic settings), so `concurrency` bounds calls in flight globally.
 * Invariant: nothing runs inside `call` that itself waits on `call` (that would deadlock p-limit).
 */
export interface AuditContext {
  reader: FleetReader;
  call: LimitFunction;
  /** The limit `call` was built with (schedulers above the limiter size their queues by it). */
  concurrency: number;
  signal: AbortSignal | undefined;
  resourceGroup: string | undefined;
  checkDiagnostics: boolean;
  events: AuditEvents;
  results: WorkspaceResult[];
  errors: AuditError[];
  /** Lower-cased ids already audited: a workspace seen twice (overlapping pages, ARG duplicates) is audited once. */
  seen: Set<string>;
  /** Every non-project workspace read in scope, by lower-cased id: a project's hub is looked up here first. */
  read: Map<string, Workspace>;
  /** Projects waiting for their hub: evaluated once every listing is done (audit-projects.ts). */
  projects: { workspace: Workspace; diagnostics: DiagnosticsObservation }[];
  /** 'resource-graph' discovery only: how many workspaces were judged from ARG rows vs confirmed with an ARM GET. */
  resourceGraph?: { decidedFromRows: number; confirmedWithArm: number };
}

/** Runs one ARM call under the shared limiter, refusing to start once the run is aborted. */
export function limited<T>(ctx: AuditContext, fn: () => Promise<T>): Promise<T> {
  return ctx.call(() => {
    ctx.signal?.throwIfAborted();
    return fn();
  });
}

/**
 * Iterates a paged listing with every `next()` under the shared limiter: the port does not say which `next()`
 * fetches a page, so each one is treated as a potential ARM call (a buffered one releases its slot at once).
 */
export async function* limitedIterate<T>(ctx: AuditContext, iterable: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  // True once the iterator has ended by itself (done, or next() threw); otherwise it is closed with return().
  let ended = false;
  const next = async () => {
    try {
      const step = await iterator.next();
      ended = step.done === true;
      return step;
    } catch (error) {
      ended = true;
      throw error;
    }
  };
  try {
    for (;;) {
      const step = await limited(ctx, next);
      if (step.done) return;
      yield step.value;
    }
  } finally {
    if (!ended) await iterator.return?.();
  }
}

/** Reads the diagnostic settings (under the limiter), evaluates and records one workspace. Duplicates are ignored. */
export async function auditWorkspace(ctx: AuditContext, workspace: Workspace): Promise<boolean> {
  const key = workspace.id.toLowerCase();
  if (ctx.seen.has(key)) return false;
  ctx.seen.add(key);
  const observation = await observeDiagnostics(ctx, workspace.id);
  if (isProject(workspace)) {
    ctx.projects.push({ workspace, diagnostics: observation });
    return true;
  }
  ctx.read.set(key, workspace);
  const result = evaluateWorkspace(workspace, observation);
  ctx.results.push(result);
  ctx.events.workspaceAudited?.({ workspace: result });
  return true;
}

async function observeDiagnostics(ctx: AuditContext, workspaceId: string): Promise<DiagnosticsObservation> {
  if (!ctx.checkDiagnostics) return { kind: 'skipped' };
  try {
    const settings = await limited(ctx, () => ctx.reader.listDiagnosticSettings(workspaceId, readOptions(ctx)));
    return { kind: 'read', settings };
  } catch (error) {
    // A diagnostics read failing (403 on Microsoft.Insights is common) is not a subscription failure.
    if (!(error instanceof ArmError)) throw error;
    return { kind: 'failed', error: { code: error.code, statusCode: error.statusCode, message: error.serviceMessage } };
  }
}

export function toAuditError(error: ArmError, subscriptionId: string, workspaceId?: string): AuditError {
  const entry: AuditError = { subscriptionId, code: error.code, message: error.serviceMessage };
  if (workspaceId !== undefined) entry.workspaceId = workspaceId;
  if (error.statusCode !== undefined) entry.statusCode = error.statusCode;
  if (error.requestId !== undefined) entry.requestId = error.requestId;
  return entry;
}

export function readOptions(ctx: AuditContext): { abortSignal?: AbortSignal } {
  return ctx.signal ? { abortSignal: ctx.signal } : {};
}
