import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';

/**
 * The audit report: plain, versioned data. Every output format (table, JSON, SARIF, CSV) is rendered from it and
 * nothing else, so the JSON form is the contract scripts rely on. The zod schema is the source of truth; the types
 * are inferred from it so they cannot drift apart.
 */
/** 2: workspaces carry `kind` and, for AI Foundry projects, `inheritedFrom` (the hub that decides their verdict). */
export const REPORT_SCHEMA_VERSION = 2 as const;

export const checkStatusSchema = z.enum(['pass', 'fail', 'unknown']);
export const severitySchema = z.enum(['high', 'medium', 'low']);

export const checkSchema = z.object({
  /** Rule id from the rule catalog (rule-catalog.ts). */
  rule: z.string().min(1).describe('Rule id, e.g. ML005-public-network-access.'),
  title: z.string(),
  status: checkStatusSchema,
  /** What was observed, as shown to a user ("Enabled", "not set (service default Enabled)"). */
  actual: z.string().describe('What was observed.'),
  /** What the rule requires. */
  expected: z.string().describe('What the rule requires.'),
  /** One plain sentence: why the check passes, fails or could not be decided. Display only. */
  reason: z.string().describe('One sentence: why the check passes, fails or could not be decided.'),
  severity: severitySchema.optional(),
  /** Present when status is 'fail': what to do about it. */
  remediation: z.string().optional(),
  /** The hub whose setting this check read, for a project's MachineLearning-005 checks. */
  inheritedFrom: z.string().optional().describe("ARM id of the hub whose setting decided this check (a project's ML005 checks)."),
});

export const workspaceResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  /** The workspace kind as ARM reports it: Default, Hub, Project or FeatureStore ('Default' when ARM sends none). */
  kind: z.string().describe('Workspace kind: Default, Hub, Project or FeatureStore.'),
  /**
   * Set for a project (kind Project): the ARM id of its hub. A project's network is its hub's, so its two ML005
   * checks, and its verdict, are the hub's; 'unknown' (never compliant) when the hub could not be read.
   */
  inheritedFrom: z.string().optional().describe("For a project: ARM id of its hub, whose network settings decide the project's MachineLearning-005 verdict."),
  /** The MachineLearning-005 verdict: true only when both ML005-* checks pass. Related rules never change it. */
  compliant: z.boolean().describe('MachineLearning-005 verdict: both ML005-* checks pass. Related rules do not affect it.'),
  checks: z.array(checkSchema),
});

export const auditErrorSchema = z.object({
  subscriptionId: z.string(),
  /** Set when one workspace (not the whole subscription) could not be read, e.g. a confirm GET after Resource Graph. */
  workspaceId: z.string().optional().describe('Set when one workspace, not the whole subscription, could not be read.'),
  /** ARM error code, e.g. AuthorizationFailed, SubscriptionNotFound, TooManyRequests. */
  code: z.string(),
  statusCode: z.number().int().optional(),
  /** x-ms-request-id of the failing response, to quote to Azure support. */
  requestId: z.string().optional().describe('x-ms-request-id of the failing response.'),
  message: z.string(),
});

export const discoverySchema = z.enum(['arm', 'resource-graph']);

export const auditReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** ISO 8601, UTC. */
  generatedAt: z.iso.datetime().describe('When the report was generated (ISO 8601, UTC).'),
  scope: z.object({
    subscriptions: z.array(z.string()),
    resourceGroup: z.string().optional(),
    discovery: discoverySchema,
  }),
  /** Invariants: subscriptionsScanned + subscriptionsFailed = scope.subscriptions.length; compliant + nonCompliant = workspaces. */
  summary: z.object({
    /** Subscriptions read without any error. */
    subscriptionsScanned: z.number().int().nonnegative(),
    /** Subscriptions with at least one entry in `errors`. */
    subscriptionsFailed: z.number().int().nonnegative(),
    workspaces: z.number().int().nonnegative(),
    compliant: z.number().int().nonnegative(),
    nonCompliant: z.number().int().nonnegative(),
  }),
  /**
   * 'resource-graph' discovery only: how the workspaces were judged. A row lacking a field the verdict needs is never
   * read as a default; it is confirmed with an ARM GET.
   */
  resourceGraph: z
    .object({
      decidedFromRows: z.number().int().nonnegative().describe('Judged from Resource Graph rows alone (no ARM GET).'),
      confirmedWithArm: z.number().int().nonnegative().describe('Rows that lacked a needed field, judged from an ARM GET.'),
    })
    .optional()
    .describe("'resource-graph' discovery only: workspaces judged from Resource Graph rows vs confirmed with ARM."),
  /** Sorted by id, case-insensitively. */
  workspaces: z.array(workspaceResultSchema).describe('Sorted by id, case-insensitively.'),
  /** Sorted by subscriptionId, then workspaceId. */
  errors: z.array(auditErrorSchema).describe('Scopes that could not be read; non-empty means exit code 4 (partial).'),
});

export type CheckStatus = z.infer<typeof checkStatusSchema>;
export type Severity = z.infer<typeof severitySchema>;
export type Check = z.infer<typeof checkSchema>;
export type WorkspaceResult = z.infer<typeof workspaceResultSchema>;
export type AuditError = z.infer<typeof auditErrorSchema>;
export type Discovery = z.infer<typeof discoverySchema>;
export type AuditReport = z.infer<typeof auditReportSchema>;

/** JSON Schema (draft 2020-12) of the report, generated from the zod schema, for documentation. */
export function auditReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(auditReportSchema, { target: 'draft-2020-12' }),
    title: 'aml-isolate audit report',
  };
}

/**
 * Exit code of `audit`:
 * - 4 (partial) when any scope could not be read (report.errors non-empty). It wins over 1 on purpose: a clean
 *   result from a partial read proves nothing, and a script that sees 1 must be able to trust that every
 *   subscription was read. The non-compliant workspaces that were found are still in the report.
 * - 1 (nonCompliant) when everything was read and at least one workspace fails MachineLearning-005.
 * - 0 (ok) when everything was read and every workspace found is compliant, including when none was found.
 * Related rules (HBI, identity, CMK, diagnostic logs) never affect the exit code.
 */
export function auditExitCode(report: Pick<AuditReport, 'errors' | 'workspaces'>): number {
  if (report.errors.length > 0) return ExitCode.partial;
  if (report.workspaces.some((w) => !w.compliant)) return ExitCode.nonCompliant;
  return ExitCode.ok;
}
