/** The plan layer's public API (plan, show, apply, guide and the tests import from here). */
export { planRemediation, type PlanRemediationOptions } from './plan-remediation.js';
export { loadPolicy, policyFromFlags, mergePolicy, defaultPolicy, PolicyError, formatProblem, type PolicyFlags, type PolicyProblem } from './policy.js';
export { policySchema, type Policy, type PolicyInput, type RetireSource } from './policy-schema.js';
export { parsePlanText, serialisePlan } from './plan-file.js';
export { writePlanFile, readPlanFile, type WritePlanFileOptions } from './plan-store.js';
export { renderPlan, planExitCode, summarise, type RenderPlanOptions, type PlanSummary } from './render.js';
export { planDeterministically, sequentialIds, EXAMPLE_NOW } from './example-plan.js';
export { createWorkspaceBody, outboundRuleBody } from './target.js';
export { endpointBody, inboundApiVersion, linkBody, zoneBody, zoneGroupBody, zoneGroupId } from './inbound-target.js';
export type { TargetInbound, TargetInboundEndpoint } from './target-spec.js';
export { PLAN_FORMAT_VERSION, SUPPORTED_PLAN_FORMAT_VERSIONS, type Plan, type PlanWorkspace, type WorkspaceHoldings } from './plan.js';
export type { PlanStep, StepKind, StepAction, StepRequest, Precondition, Undo } from './steps.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export type { Strategy } from './strategy.js';
export { DEFAULT_ROLLOUT, ALL_AT_ONCE, FEW_WORKSPACES, defaultRolloutChoice, rolloutWorkspaces, withRollout, type PlanRollout, type RolloutChoice, type WaveBy, type WaveSize } from './rollout.js';
export { chooseWaves } from './rollout-waves.js';
export { waveName } from './rollout-render.js';
