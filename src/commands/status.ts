import { ExitCode } from '../exit-codes.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { withAzureSession } from '../azure/session.js';
import { reconcile } from '../apply/reconcile.js';
import { statusView } from '../apply/step-states.js';
import { renderStatus } from '../cli/render-status.js';
import { runLooksAlive } from '../apply/locks.js';
import { loadPlanOnDisk } from '../apply/plan-on-disk.js';
import { useColor } from '../cli/option-parsers.js';
import { rolloutToShow } from '../apply/rollout-record.js';
import { renderRolloutStatus, rolloutStatus } from '../apply/rollout-status.js';

/**
 * `aml-isolate status PLAN`: where a run stands, from the plan and its journal alone (no Azure call). With
 * --reconcile, first what live state says of every step, and a journal rebuilt from it when it was lost.
 */
export async function statusCommand(path: string, options: GlobalOptions & { output: 'text' | 'json'; reconcile?: boolean }): Promise<number> {
  if (options.reconcile) await reconcileFromLiveState(path, options);
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

async function reconcileFromLiveState(path: string, options: GlobalOptions & { output: 'text' | 'json' }): Promise<void> {
  const disk = await loadPlanOnDisk(path);
  const { steps, wroteJournal } = await withAzureSession(options, (session) => reconcile(disk, session.clients.arm, { pollIntervalInMs: session.emulator ? 0 : 1000 }));
  const out = options.output === 'json' ? process.stderr : process.stdout;
  out.write(`Live state of plan ${disk.plan.planId}:\n`);
  for (const s of steps) out.write(`  ${s.live.padEnd(8)}  ${s.stepId}  ${s.kind}  ${s.target.split('/').pop()}${s.reason ? `  (${s.reason})` : ''}\n`);
  out.write(
    wroteJournal
      ? `The journal was missing: rebuilt at ${disk.journalPath} with ${steps.filter((s) => s.recorded).length} step(s) done. apply resumes after them; rollback can undo them.\n\n`
      : 'The journal exists and was left as it is.\n\n',
  );
}
