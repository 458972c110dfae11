import type { GlobalOptions } from '../cli/global-options.js';
import { withAzureSession } from '../azure/session.js';
import { compareInventories, hasParity, type KindParity } from '../apply/compare-inventories.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { workspaceApiVersion } from '../model/api-versions.js';
import { parseResourceId } from '../model/resource-id.js';
import { readContents } from '../observe/read-contents.js';
import { DEFAULT_ENDPOINT_NAME_RULE, endpointRuleProblem, renamesEndpoints } from '../plan/endpoint-names.js';

export interface CompareCommandOptions extends GlobalOptions {
  output: 'text' | 'json';
  /** carryOver.endpointName of the plan that made the target (default DEFAULT_ENDPOINT_NAME_RULE). */
  endpointName?: string;
}

/**
 * `aml-isolate compare SOURCE_ID TARGET_ID`: per kind of contents, source count, target count, copied, skipped with
 * reason, and differences. Only reads. Exit 0 at parity, 1 when any kind differs.
 */
export async function compareCommand(sourceId: string, targetId: string, options: CompareCommandOptions): Promise<number> {
  for (const id of [sourceId, targetId]) {
    if (!/\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i.test(id) || !parseResourceId(id)) {
      throw new UsageError(`${id} is not a workspace ARM id: give /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{name}.`);
    }
  }
  const rule = options.endpointName ?? DEFAULT_ENDPOINT_NAME_RULE;
  const problem = endpointRuleProblem(rule);
  if (problem) throw new UsageError(`--endpoint-name ${rule} ${problem}.`);
  return withAzureSession(options, async (session) => {
    const arm = session.clients.armReader;
    const read = async (id: string) => {
      const ws = (await arm.get<{ location?: string; properties?: { workspaceId?: string } }>(id, workspaceApiVersion)).body;
      return { location: ws.location ?? '', contents: await readContents(arm, id, ws.properties?.workspaceId) };
    };
    const [source, target] = await Promise.all([read(sourceId), read(targetId)]);
    // Same rule as the plan: copies into the source's region were renamed (endpoint names are unique per region).
    const renamed = renamesEndpoints(source.location, target.location, sourceId.toLowerCase() === targetId.toLowerCase());
    const kinds = compareInventories(source.contents, target.contents, sourceId, targetId, renamed ? rule : undefined);
    process.stdout.write(options.output === 'json' ? `${JSON.stringify({ parity: hasParity(kinds), kinds }, null, 2)}\n` : renderParity(kinds));
    return hasParity(kinds) ? ExitCode.ok : ExitCode.nonCompliant;
  });
}

export function renderParity(kinds: readonly KindParity[]): string {
  const rows = kinds.filter((k) => k.source || k.target);
  const lines = [`${'kind'.padEnd(18)}${'source'.padStart(8)}${'target'.padStart(8)}${'copied'.padStart(8)}${'skipped'.padStart(9)}${'diff'.padStart(6)}`];
  for (const k of rows) lines.push(`${k.kind.padEnd(18)}${String(k.source).padStart(8)}${String(k.target).padStart(8)}${String(k.copied).padStart(8)}${String(k.skipped.length).padStart(9)}${String(k.differences.length).padStart(6)}`);
  for (const k of rows) {
    for (const s of k.skipped) lines.push(`  skipped ${k.kind} ${s.path}: ${s.reason}`);
    for (const d of k.differences) lines.push(`  differs ${k.kind} ${d}`);
  }
  lines.push(hasParity(kinds) ? 'parity: every copied kind is present and identical in the target' : 'no parity: see the differences above');
  return `${lines.join('\n')}\n`;
}
