import pLimit from 'p-limit';
import type { FleetReader } from '../azure/ports.js';
import { UsageError } from '../errors.js';
import { assembleReport, compareInsensitive } from './assemble-report.js';
import { limited, readOptions, type AuditContext, type AuditEvents } from './audit-context.js';
import { auditSubscriptionArm } from './audit-arm.js';
import { auditProjects } from './audit-projects.js';
import { auditResourceGraph } from './audit-resource-graph.js';
import type { AuditReport, Discovery } from './report.js';
import { toolName, toolVersion } from '../version.js';

export type { AuditEvents } from './audit-context.js';

/** Same as the CLI default; chosen from bench/audit.mjs (README, Benchmarks). */
export const DEFAULT_AUDIT_CONCURRENCY = 64;

export interface AuditOptions {
  /** Subscriptions to audit; absent or empty: every subscription the credential sees (reader.listSubscriptions). */
  subscriptions?: string[];
  /** Only this resource group (in each subscription). */
  resourceGroup?: string;
  /** How workspaces are found. Default 'arm'. */
  discovery?: Discovery;
  /** Max ARM calls in flight across the whole run (one shared limiter). Default 64. */
  concurrency?: number;
  /** Read diagnostic settings for the AML-diagnostic-logs check. Default true; false leaves that check out. */
  checkDiagnostics?: boolean;
  abortSignal?: AbortSignal;
  /** Written into report.tool.version. Default: the version in package.json. */
  toolVersion?: string;
  /** Clock for report.generatedAt (injected in tests). Default: the system clock. */
  now?: () => Date;
}

/**
 * The thin shell of the audit: reads the fleet through the FleetReader port, evaluates with the pure rules and
 * assembles the report. Never prints (progress goes to `events`), never exits.
 *
 * Failures of one subscription are collected in report.errors and the rest completes. It rejects only when the
 * scope itself cannot be determined (listSubscriptions failing: ArmError), on abort (the signal's reason), on
 * bad options (UsageError) and on bugs.
 */
export async function runAudit(reader: FleetReader, options: AuditOptions = {}, events: AuditEvents = {}): Promise<AuditReport> {
  const concurrency = options.concurrency ?? DEFAULT_AUDIT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`Concurrency must be a whole number of at least 1, not ${String(options.concurrency)}.`);
  }
  const discovery = options.discovery ?? 'arm';
  const resourceGroup = options.resourceGroup?.trim() || undefined;
  const ctx: AuditContext = {
    reader,
    call: pLimit(concurrency),
    concurrency,
    signal: options.abortSignal,
    resourceGroup,
    checkDiagnostics: options.checkDiagnostics ?? true,
    events,
    results: [],
    errors: [],
    seen: new Set(),
    read: new Map(),
    projects: [],
  };
  ctx.signal?.throwIfAborted();

  const subscriptions = await resolveSubscriptions(ctx, options.subscriptions);
  if (discovery === 'resource-graph') {
    if (subscriptions.length > 0) await auditResourceGraph(ctx, subscriptions);
  } else {
    // Caps how many listings are open at once; it wraps no ARM call, so it does not multiply with ctx.call.
    const walkers = pLimit(concurrency);
    await Promise.all(subscriptions.map((s) => walkers(() => auditSubscriptionArm(ctx, s))));
  }
  await auditProjects(ctx);
  ctx.signal?.throwIfAborted();

  return assembleReport({
    tool: { name: toolName, version: options.toolVersion ?? toolVersion },
    generatedAt: (options.now ?? (() => new Date()))(),
    scope: { subscriptions, resourceGroup, discovery },
    workspaces: ctx.results,
    errors: ctx.errors,
    resourceGraph: discovery === 'resource-graph' ? (ctx.resourceGraph ?? { decidedFromRows: 0, confirmedWithArm: 0 }) : undefined,
  });
}

async function resolveSubscriptions(ctx: AuditContext, given: string[] | undefined): Promise<string[]> {
  const requested = (given ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
  const ids =
    requested.length > 0
      ? requested
      : (await limited(ctx, () => ctx.reader.listSubscriptions(readOptions(ctx)))).map((s) => s.subscriptionId);
  const unique = new Map<string, string>();
  for (const id of ids) if (!unique.has(id.toLowerCase())) unique.set(id.toLowerCase(), id);
  return [...unique.values()].sort(compareInsensitive);
}
