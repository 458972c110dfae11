import { UsageError } from '../errors.js';
import { chooseWaves, defaultRolloutChoice, type Plan, type PlanRollout, type RolloutChoice } from '../plan/index.js';

/** What the command line said about the rollout; every field optional (unset: the plan's, else the default). */
export type RolloutOverrides = Partial<RolloutChoice>;

const ORDER_FIELDS = ['canary', 'waveSize', 'growth', 'waveBy', 'canaryFrom'] as const;

/**
 * The waves an apply runs. A plan that carries its rollout (chosen at plan time, reviewed with `show`) keeps its order:
 * a flag that would change the order is refused; only --max-failures may differ. Otherwise the command line's choice
 * over the default (a canary once the plan has more than a few workspaces, see rollout.ts). Pure.
 */
export function resolveRollout(plan: Plan, overrides: RolloutOverrides = {}): PlanRollout {
  const changesOrder = ORDER_FIELDS.filter((f) => overrides[f] !== undefined);
  if (plan.rollout) {
    if (changesOrder.length > 0) {
      throw new UsageError(`this plan carries its rollout (${plan.rollout.basis}; see aml-isolate show); leave out ${changesOrder.map(flagOf).join(', ')}, or make a new plan with the rollout you want.`);
    }
    return overrides.maxFailures === undefined ? plan.rollout : { ...plan.rollout, maxFailures: overrides.maxFailures };
  }
  const defaults = defaultRolloutChoice(plan);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as RolloutOverrides;
  return chooseWaves(plan, { ...defaults, ...defined });
}

function flagOf(field: (typeof ORDER_FIELDS)[number]): string {
  return { canary: '--canary', waveSize: '--wave-size', growth: '--wave-growth', waveBy: '--wave-by', canaryFrom: '--canary-from' }[field];
}
