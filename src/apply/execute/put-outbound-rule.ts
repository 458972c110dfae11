import { getOrNull, matchesSubset } from './arm-state.js';
import { sendWrite } from './send-request.js';
import { undoFromPlan } from './plan-undo.js';
import type { StepHandler } from './step-context.js';

type RuleResource = { properties?: Record<string, unknown> };

/**
 * PUT of a user-defined outbound rule. Done when the rule exists with the planned type and destination.
 * Undo: DELETE a rule the step added; PUT back a rule it replaced, as read just before.
 */
export const putOutboundRule: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const rule = await getOrNull<RuleResource>(ctx.arm, step.target, step.request.apiVersion);
    return { done: rule !== null && matchesSubset(rule.properties, wanted(step.request.body)), before: rule };
  },
  undoAfterCrash: (step) => undoFromPlan(step),
  async run(step, ctx) {
    await sendWrite(step.request, ctx);
  },
  undoRecord(step, before) {
    const previous = before as RuleResource | null;
    if (previous === null) return { kind: 'delete', id: step.target, apiVersion: step.request.apiVersion };
    return { kind: 'put', id: step.target, apiVersion: step.request.apiVersion, body: { properties: writableRule(previous.properties ?? {}) } };
  },
};

/** What must hold of the rule read back: the planned body without the fields the service sets. */
function wanted(body: Record<string, unknown> | undefined): Record<string, unknown> {
  return writableRule(((body ?? {}).properties ?? {}) as Record<string, unknown>, true);
}

/** A rule as it can be sent back: no service-set status, category or sparkStatus. */
function writableRule(rule: Record<string, unknown>, dropCategory = false): Record<string, unknown> {
  const { status: _s, category, ...rest } = rule;
  const destination = rest.destination;
  if (destination && typeof destination === 'object' && !Array.isArray(destination)) {
    const { sparkStatus: _sp, ...d } = destination as Record<string, unknown>;
    rest.destination = d;
  }
  return dropCategory || category === undefined ? rest : { ...rest, category };
}
