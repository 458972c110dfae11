import type { RunResult } from '../apply/contract.js';
import type { AuditReport } from '../audit/report.js';
import type { Plan } from '../plan/plan.js';
import type { NameState, ObservedContext, ObservedKey, ObservedVault } from '../plan/observed.js';
import type { Policy } from '../plan/policy-schema.js';

/**
 * Everything the guide reads, writes or runs, as one narrow port. The real implementation (azure-world.ts) goes
 * through the same code as `audit`, `plan` and `apply`; tests of the conversation use an in-memory fake.
 * Every method may reject with an ArmError; the guide lets it through (run-cli turns it into exit code 6).
 */
export interface GuideWorld {
  listSubscriptions(): Promise<{ id: string; displayName: string }[]>;
  /** MachineLearning-005 audit of the subscriptions (no diagnostic settings). */
  audit(subscriptionIds: string[]): Promise<AuditReport>;
  /** What `plan` reads for these workspaces under this policy (observeForPolicy). */
  observe(workspaceIds: string[], policy: Policy): Promise<ObservedContext>;
  /** Live check of a would-be workspace name beside `sourceId`: GET → 200 'taken', 404 'unknown'. */
  nameState(sourceId: string, name: string): Promise<NameState>;
  /** Key vaults of a subscription, each read as the planner reads a CMK vault (with RBAC role assignments). */
  listVaults(subscriptionId: string): Promise<ObservedVault[]>;
  listKeys(vaultId: string): Promise<ObservedKey[]>;
  /** Resources that may be the target of a private-endpoint outbound rule (storage accounts, key vaults, registries). */
  listPrivateEndpointTargets(subscriptionId: string): Promise<{ id: string; name: string; type: string }[]>;
  /** Subnets (not delegated) of the subscription's virtual networks in `location`, for an inbound private endpoint. */
  listSubnets?(subscriptionId: string, location: string): Promise<{ id: string; name: string; location: string }[]>;
  /** Atomic write to plans/<plan-id>/plan.json; returns the path as it should be shown. */
  savePlan(plan: Plan): Promise<string>;
  /**
   * Runs a saved plan as `apply` does, showing the same progress; an aborted signal stops it at a step boundary
   * (outcome 'interrupted'). Absent when this build has no apply engine.
   */
  apply?(plan: Plan, planPath: string, options: { abortSignal: AbortSignal }): Promise<RunResult>;
  /** ML-005 verdicts of these workspaces as they are now (after an apply). */
  verify?(workspaceIds: string[]): Promise<{ id: string; compliant: boolean }[]>;
}
