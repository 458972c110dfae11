import { ExitCode } from '../exit-codes.js';
import { statusView } from '../apply/step-states.js';
import { renderStatus } from '../cli/render-status.js';
import { runLooksAlive } from '../apply/locks.js';
import { loadPlanOnDisk } from '../apply/plan-on-disk.js';
import { useColor } from '../cli/option-parsers.js';
import { rolloutToShow } from '../apply/rollout-record.js';
import { renderRolloutStatus, rolloutStatus } from '../apply/rollout-status.js';

/** `aml-isolate status PLAN`: where a run stands, from the plan and its journal alone (no Azure call). */
export async function statusCommand(path: string, options: { output: 'text' | 'json'; color: boolean }): Promise<number> {
  const { plan, entries, journalPath } = await loadPlanOnDisk(path);
  const journal = entries ?? [];
  const live = { isRunLive: runLooksAlive };
  const rollout = await rolloutToShow(plan, journalPath);
  const waves = rollout ? rolloutStatus(plan, rollout, journal) : undefined;
  if (options.output === 'json') {
    process.stdout.write(`${JSON.stringify({ ...statusView(plan, journal, live), ...(waves ? { rollout: waves } : {}) }, null, 2)}\n`);
  } else {
    const color = useColor(options);
    process.stdout.write(renderStatus(plan, journal, { color, ...live }));
    if (waves) process.stdout.write(`\n${renderRolloutStatus(waves)}`);
  }
  return ExitCode.ok;
}
