import type { Fingerprint } from './observed.js';
import type { Policy } from './policy-schema.js';
import type { TargetWorkspaceSpec } from './target-spec.js';
import type { Diagnostic } from './diagnostics.js';
import type { PlanStep } from './steps.js';
import type { Strategy } from './strategy.js';
import type { PlanRollout } from './rollout.js';
import type { CarryOver } from './carry-over.js';

/**
 * A remediation plan: plain, versioned data. Written by `plan`, shown by `show`, executed by `apply`.
 * Invariants are stated per field; readPlanFile enforces the ones a schema can check, then the content hash.
 */
export const PLAN_FORMAT_VERSION = 1;
export const SUPPORTED_PLAN_FORMAT_VERSIONS: readonly number[] = [PLAN_FORMAT_VERSION];

export interface Plan {
  /** Always checked before anything else in the file; this tool reads only SUPPORTED_PLAN_FORMAT_VERSIONS. */
  formatVersion: 1;
  /** The tool that wrote the plan (named in the error when a newer format is refused). */
  tool: { name: string; version: string };
  /** From the injected newId(); unique per plan; names the plan in the journal. */
  planId: string;
  /** ISO 8601 UTC, from the injected clock. */
  createdAt: string;
  /** The resolved policy (every default applied); re-parsing it yields the same policy. */
  policy: Policy;
  /**
   * What the world looked like: the fingerprint of every resource read, by lower-cased ARM id. apply re-reads and
   * refuses the plan (saying what changed) when any differs. Never holds a secret (scrubbed).
   */
  basis: Record<string, Fingerprint>;
  /** One entry per workspace read, in the order read. */
  workspaces: PlanWorkspace[];
  /** Number of error diagnostics across the plan; > 0 means the plan cannot be applied. */
  errorCount: number;
  /** Optional (issue 15): the waves apply runs, chosen at plan time; absent: apply chooses (see rollout.ts). */
  rollout?: PlanRollout | undefined;
  /** sha256 (hex) of the canonical JSON (sorted keys) of every other field; a mismatch means the file was edited. */
  contentHash: string;
}

export interface PlanWorkspace {
  /** ARM id of the workspace as read. */
  sourceId: string;
  strategy: Strategy;
  /** Display-only. */
  strategyReason: string;
  /** undefined exactly when strategy is 'none'. For in-place its name is the source's; for recreate a new, validated name. */
  target?: TargetWorkspaceSpec | undefined;
  /** What the source holds at plan time (names only; never credentials). */
  holds: WorkspaceHoldings;
  /** Re-creation only: the source's contents as read at plan time and what is copied (see carry-over.ts). */
  carryOver?: CarryOver | undefined;
  /** Human lines: what the chosen strategy loses or leaves behind. Empty for 'none'. */
  notCarriedOver: string[];
  /** Ordered: every dependsOn names an earlier step of the same workspace. Empty for 'none'. */
  steps: PlanStep[];
  /** Errors and warnings for this workspace (collected, never only the first). */
  diagnostics: Diagnostic[];
  /** true exactly when diagnostics contain an error: apply must not run this workspace's steps. */
  blocked: boolean;
  /**
   * Hubs only: ARM ids of the hub's projects, which share its network settings and become compliant with it. No step
   * of any plan targets a project (a requested project is planned as its hub).
   */
  projects?: string[];
}

export interface WorkspaceHoldings {
  computes: { id: string; name: string; computeType: string }[];
  onlineEndpoints: { id: string; name: string }[];
  datastores: { name: string; datastoreType: string; isDefault: boolean }[];
  /** null: could not be listed. */
  models: string[] | null;
  environments: string[] | null;
  dataAssets: string[] | null;
  outboundRules: { name: string; type: string; category: string; destination: string }[];
}
