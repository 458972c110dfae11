import { parseResourceId } from '../model/resource-id.js';
import type { Plan, PlanWorkspace } from './plan.js';
import { rolloutWorkspaces, type PlanRollout, type RolloutChoice, type WaveBy } from './rollout.js';

/**
 * Cuts a plan's runnable workspaces into waves. Pure and deterministic (ties keep plan order).
 * Order: least critical first (the first `canaryFrom` tag matched, then the next, then the rest), so the canary comes
 * from the least critical workspaces and so do the early waves. With waveBy other than 'workspace' a wave never mixes
 * groups (subscriptions, resource groups, tag values): a group larger than the wave spans several waves, a smaller
 * one ends its wave early. Wave sizes: `waveSize` for the first wave after the canary, times `growth` each wave.
 */
export function chooseWaves(plan: Plan, choice: RolloutChoice): PlanRollout {
  const runnable = rolloutWorkspaces(plan);
  const rank = (w: PlanWorkspace) => rankOf(w, choice.canaryFrom);
  const keyed = runnable.map((w, index) => ({ id: w.sourceId, rank: rank(w), group: groupOf(w, choice.waveBy), index }));
  const canary = Math.min(Math.max(0, Math.floor(choice.canary)), keyed.length);
  const byRank = [...keyed].sort((a, b) => a.rank - b.rank || a.index - b.index);
  const canaryIds = byRank.slice(0, canary);
  const rest = byRank.slice(canary);
  // Groups in order of their least critical member, then their size (small groups first: smaller blast radius).
  const groupRank = new Map<string, { rank: number; size: number; first: number }>();
  for (const w of rest) {
    const g = groupRank.get(w.group) ?? { rank: w.rank, size: 0, first: w.index };
    groupRank.set(w.group, { rank: Math.min(g.rank, w.rank), size: g.size + 1, first: Math.min(g.first, w.index) });
  }
  const order = (k: string) => groupRank.get(k)!;
  rest.sort((a, b) => {
    const ga = order(a.group), gb = order(b.group);
    return ga.rank - gb.rank || ga.size - gb.size || ga.first - gb.first || a.rank - b.rank || a.index - b.index;
  });
  const waves: string[][] = canaryIds.length > 0 ? [canaryIds.map((w) => w.id)] : [];
  const base = firstWaveSize(choice, keyed.length);
  let size = base;
  let current: typeof rest = [];
  for (const w of rest) {
    if (current.length > 0 && (current.length >= Math.ceil(size) || current[0]!.group !== w.group)) {
      waves.push(current.map((x) => x.id));
      current = [];
      size *= Math.max(1, choice.growth);
    }
    current.push(w);
  }
  if (current.length > 0) waves.push(current.map((x) => x.id));
  return { waves, canary, maxFailures: choice.maxFailures, basis: describeChoice(choice, canary) };
}

function firstWaveSize(choice: RolloutChoice, total: number): number {
  const size = 'count' in choice.waveSize ? choice.waveSize.count : Math.ceil((choice.waveSize.percent / 100) * total);
  return Math.max(1, size);
}

function rankOf(w: PlanWorkspace, prefer: RolloutChoice['canaryFrom']): number {
  const tags = Object.entries(w.target?.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()] as const);
  const i = prefer.findIndex((p) => tags.some(([k, v]) => k === p.tag.toLowerCase() && v === p.value.toLowerCase()));
  return i < 0 ? prefer.length : i;
}

function groupOf(w: PlanWorkspace, by: WaveBy): string {
  if (by === 'workspace') return ''; // one group: waves are cut by size alone
  const id = parseResourceId(w.sourceId);
  const sub = (id?.subscriptionId ?? '').toLowerCase();
  if (by === 'subscription') return sub;
  if (by === 'resource-group') return `${sub}/${(id?.resourceGroup ?? '').toLowerCase()}`;
  const tag = Object.entries(w.target?.tags ?? {}).find(([k]) => k.toLowerCase() === by.tag.toLowerCase());
  return tag ? `=${tag[1].toLowerCase()}` : '(untagged)';
}

export function describeChoice(choice: RolloutChoice, canary: number): string {
  const from = choice.canaryFrom.length > 0 ? ` from ${choice.canaryFrom.map((p) => `${p.tag}=${p.value}`).join(', ')}` : '';
  const size = 'count' in choice.waveSize ? `${choice.waveSize.count}` : `${choice.waveSize.percent}%`;
  const growth = choice.growth > 1 ? (choice.growth === 2 ? ' doubling' : ` growing x${choice.growth}`) : '';
  const by = choice.waveBy === 'workspace' ? '' : `, by ${typeof choice.waveBy === 'string' ? choice.waveBy : `tag ${choice.waveBy.tag}`}`;
  const stop = choice.maxFailures >= Number.MAX_SAFE_INTEGER ? 'never stops on failures' : `stops after ${choice.maxFailures + 1} failure(s)`;
  return `${canary > 0 ? `canary ${canary}${from}, then ` : ''}waves of ${size}${growth}${by}; ${stop}`;
}
