import type { ObservedContext } from './observed.js';
import type { Policy } from './policy-schema.js';
import type { Plan } from './plan.js';
import type { Diagnostic } from './diagnostics.js';
import { planRemediation } from './plan-remediation.js';

/** Fixed clock and ids for reproducible plans (plans/example/plan.json, golden files). */
export const EXAMPLE_NOW = new Date('2026-01-01T00:00:00.000Z');

/** Ids plan-00000001, plan-00000002, … in call order. */
export function sequentialIds(prefix = 'plan'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(8, '0')}`;
}

/** A deterministic plan: same inputs, byte-identical output (fixed now, sequential ids, a fixed tool version). */
export function planDeterministically(ctx: ObservedContext, policy: Policy, toolVersion = '0.0.0-example'): { plan: Plan; diagnostics: Diagnostic[] } {
  return planRemediation(ctx, policy, { now: EXAMPLE_NOW, newId: sequentialIds(), toolVersion });
}
