import { computeContentHash } from './canonical-json.js';
import type { Plan, PlanWorkspace } from './plan.js';

/**
 * A rollout: the order in which apply runs a plan's workspaces, as waves. Wave 0 is the canary; apply runs one wave,
 * then the next, and stops before the next wave once maxFailures workspaces have failed. Plain data: the plan file
 * can carry it (chosen at plan time, shown by `show`) so reviewers see the order.
 */
export interface PlanRollout {
  /** Every runnable workspace (source id) exactly once; waves[0] is the canary when canary > 0. */
  waves: string[][];
  canary: number;
  /** A wave starts only while fewer than maxFailures + 1 workspaces have failed (0: the first failure stops). */
  maxFailures: number;
  /** Display-only: how the waves were chosen (e.g. "canary 1 from environment=dev, then 10% doubling, by subscription"). */
  basis: string;
}

export type WaveBy = 'workspace' | 'subscription' | 'resource-group' | { tag: string };
export type WaveSize = { count: number } | { percent: number };

export interface RolloutChoice {
  canary: number;
  /** The first wave after the canary; each later wave is `growth` times the one before. */
  waveSize: WaveSize;
  growth: number;
  waveBy: WaveBy;
  /** Least critical first: workspaces matching the first tag go first, then the second... (canary picked from them). */
  canaryFrom: { tag: string; value: string }[];
  maxFailures: number;
}

/** More runnable workspaces than this and apply uses DEFAULT_ROLLOUT unless told otherwise. */
export const FEW_WORKSPACES = 3;
export const DEFAULT_ROLLOUT: RolloutChoice = { canary: 1, waveSize: { percent: 10 }, growth: 2, waveBy: 'workspace', canaryFrom: [], maxFailures: 0 };
/** One wave with everything in it: the behaviour before rollouts (and the default for a few workspaces). */
export const ALL_AT_ONCE: RolloutChoice = { canary: 0, waveSize: { percent: 100 }, growth: 1, waveBy: 'workspace', canaryFrom: [], maxFailures: Number.MAX_SAFE_INTEGER };

/** The workspaces apply runs: not blocked, with at least one step. */
export function rolloutWorkspaces(plan: Plan): PlanWorkspace[] {
  return plan.workspaces.filter((w) => !w.blocked && w.steps.length > 0);
}

/** The default when neither the plan nor the command line chose: a canary once there are more than a few workspaces. */
export function defaultRolloutChoice(plan: Plan): RolloutChoice {
  return rolloutWorkspaces(plan).length > FEW_WORKSPACES ? DEFAULT_ROLLOUT : ALL_AT_ONCE;
}

/** The plan with its rollout, content hash recomputed (plan time). */
export function withRollout(plan: Plan, rollout: PlanRollout): Plan {
  const { contentHash: _old, ...rest } = plan;
  const body = { ...rest, rollout };
  return { ...body, contentHash: computeContentHash(body as unknown as Record<string, unknown>) };
}
