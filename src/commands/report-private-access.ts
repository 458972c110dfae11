import type { ArmReader } from '../azure/arm-requester.js';
import type { RunResult } from '../apply/contract.js';
import { renderPrivateAccess } from '../cli/private-access-report.js';
import { workspaceId } from '../model/resource-id.js';
import { readPrivateAccess } from '../observe/private-access.js';
import type { Plan } from '../plan/index.js';

/**
 * After a successful apply: for each workspace the run changed (its target, the new one when re-created), read live
 * how users now reach it and report it: text on stderr, or one `privateAccess` event per workspace on stdout (json).
 */
export async function reportPrivateAccess(plan: Plan, result: RunResult, arm: ArmReader, output: 'text' | 'json'): Promise<void> {
  const ids = plan.workspaces
    .filter((w) => w.target !== undefined && result.workspaces[w.sourceId] === 'succeeded')
    .map((w) => workspaceId(w.target!.subscriptionId, w.target!.resourceGroup, w.target!.name));
  const list = await Promise.all(ids.map((id) => readPrivateAccess(arm, id)));
  if (output === 'json') {
    for (const a of list) process.stdout.write(`${JSON.stringify({ event: 'privateAccess', at: new Date().toISOString(), ...a })}\n`);
    return;
  }
  process.stderr.write(renderPrivateAccess(list));
}
