import type { ArmReader } from '../azure/arm-requester.js';
import { ArmError } from '../errors.js';
import { apiVersions } from '../model/api-versions.js';
import { workspaceId } from '../model/resource-id.js';
import type { Plan } from '../plan/index.js';
import type { RunResult } from './contract.js';

/** One copied online endpoint: its scoring URI in the source and in the target, as read now (null: not there). */
export interface ScoringUriChange {
  endpoint: string;
  /** The copy's name: another than `endpoint` when the target shares the source's region (names are unique per region). */
  targetEndpoint: string;
  sourceId: string;
  targetId: string;
  before: string | null;
  after: string | null;
}

/**
 * The scoring URI of every online endpoint a succeeded workspace copied, read live after the run (the service sets
 * it, so the plan cannot know the new one): callers of the old URI must switch. Reads only.
 */
export async function readScoringUriChanges(plan: Plan, result: RunResult, arm: ArmReader): Promise<ScoringUriChange[]> {
  const changes: ScoringUriChange[] = [];
  for (const ws of plan.workspaces) {
    const group = ws.carryOver?.groups.find((g) => g.kind === 'onlineEndpoints' && g.decision === 'copy');
    if (!group || !ws.target || result.workspaces[ws.sourceId] !== 'succeeded') continue;
    const targetId = workspaceId(ws.target.subscriptionId, ws.target.resourceGroup, ws.target.name);
    for (const item of group.items) {
      const sourcePath = item.sourcePath ?? item.path;
      const [before, after] = await Promise.all([scoringUriAt(arm, `${ws.sourceId}/${sourcePath}`), scoringUriAt(arm, `${targetId}/${item.path}`)]);
      changes.push({ endpoint: sourcePath.split('/').pop()!, targetEndpoint: item.path.split('/').pop()!, sourceId: ws.sourceId, targetId, before, after });
    }
  }
  return changes;
}

/** One line per endpoint, for the end of an apply. */
export function formatScoringUriChange(c: ScoringUriChange): string {
  const from = `${c.sourceId.split('/').pop()}/${c.endpoint}`;
  return `endpoint ${from} scoring URI: ${c.before ?? '(source gone)'} → ${c.after ?? '(not found in the target)'} (${c.targetId.split('/').pop()}/${c.targetEndpoint})`;
}

async function scoringUriAt(arm: ArmReader, id: string): Promise<string | null> {
  try {
    const body = (await arm.get<{ properties?: { scoringUri?: unknown } }>(id, apiVersions.machineLearning)).body;
    const uri = body?.properties?.scoringUri;
    return typeof uri === 'string' ? uri : null;
  } catch (error) {
    if (error instanceof ArmError && error.statusCode === 404) return null;
    throw error;
  }
}
