import type { PlanRollout } from './rollout.js';

/** The rollout as `plan` and `show` print it: one line per wave, so reviewers see the order. Display only. */
export function renderRollout(rollout: PlanRollout): string[] {
  const lines = ['', `Rollout: ${rollout.waves.length} wave(s) (${rollout.basis}):`];
  rollout.waves.forEach((wave, i) => {
    const name = waveName(i, rollout);
    const shown = wave.slice(0, 5).map((id) => id.split('/').pop() ?? id).join(', ');
    lines.push(`  ${name}: ${wave.length} workspace(s): ${shown}${wave.length > 5 ? `, ... (+${wave.length - 5})` : ''}`);
  });
  return lines;
}

/** "canary" for wave 0 of a rollout with a canary, else "wave N" (1-based after the canary). */
export function waveName(index: number, rollout: Pick<PlanRollout, 'canary'>): string {
  return rollout.canary > 0 ? (index === 0 ? 'canary' : `wave ${index}`) : `wave ${index + 1}`;
}
