import { ALL_AT_ONCE, DEFAULT_ROLLOUT, FEW_WORKSPACES, chooseWaves, rolloutWorkspaces, withRollout, type Plan, type RolloutChoice } from '../plan/index.js';
import { parseResourceId } from '../model/resource-id.js';
import { selectQuestion, type GuideHost } from './question.js';

type Answer = 'waves' | 'waves-by-subscription' | 'all';

/**
 * Issue 15: with more than one workspace to change, how apply rolls them out, saved in the plan (so `show` and the
 * plan shown next list the waves). The default follows `apply`'s: a canary and growing waves that stop at the first
 * failure once there are more than a few workspaces, else all at once.
 */
export async function askRollout(host: GuideHost, plan: Plan): Promise<Plan> {
  const runnable = rolloutWorkspaces(plan);
  if (runnable.length < 2) return plan;
  const subscriptions = new Set(runnable.map((w) => parseResourceId(w.sourceId)?.subscriptionId.toLowerCase())).size;
  const choices = [
    { value: 'waves' as Answer, name: `a canary (1 workspace) first, then waves of 10% doubling; stop at the first failure`, description: 'aml-isolate apply resumes with the next wave after a stop; rollback undoes what ran' },
    ...(subscriptions > 1 ? [{ value: 'waves-by-subscription' as Answer, name: 'a canary first, then the waves one subscription at a time; stop at the first failure' }] : []),
    { value: 'all' as Answer, name: `all ${runnable.length} workspaces at once` },
  ];
  const answer = await host.ask(selectQuestion('rollout', `How should apply roll out the ${runnable.length} workspaces?`, choices, runnable.length > FEW_WORKSPACES ? 'waves' : 'all'));
  const choice: RolloutChoice =
    answer === 'all' ? ALL_AT_ONCE : answer === 'waves-by-subscription' ? { ...DEFAULT_ROLLOUT, waveBy: 'subscription' } : DEFAULT_ROLLOUT;
  return withRollout(plan, chooseWaves(plan, choice));
}
