import { workspaceApiVersion } from '../model/api-versions.js';
import type { ArmReader } from '../azure/arm-requester.js';
import { parseResourceId, workspaceId } from '../model/resource-id.js';
import { UsageError } from '../errors.js';
import type { NameState } from '../plan/observed.js';
import { isStatus, problemFrom, type ReadContext } from './read-problems.js';

export interface CandidateName {
  /** The workspace being re-created; the candidate lives in its subscription and resource group. */
  sourceId: string;
  name: string;
}

/**
 * State of each candidate workspace name, by lower-cased would-be workspace id.
 *
 * GET the would-be id (2025-06-01): 200 → 'taken'. A 404 → 'unknown', not 'free': a soft-deleted workspace keeps its
 * name for up to 14 days (FACTS: Soft delete and names), the GET of a soft-deleted workspace answers 404, and neither
 * the 2025-06-01 spec (workspaceRP.json has only list/get/put/patch/delete, no deleted-workspaces list or recover) nor
 * the docs (concept-soft-delete.md: "Recently deleted" is managed in the portal only) offer a documented ARM read that
 * reveals one. 'unknown' lets the planner say so; if the name is in fact held, the create fails loudly with
 * "Soft-deleted workspace exists. Please purge or recover it." before anything was deleted.
 * One cheap, undocumented hint is used when it can only make the answer safer: Azure's resource-group list has been
 * reported to include soft-deleted / deleting workspaces (Azure/azure-powershell#28286); a name that the list shows
 * but GET does not is reported 'soft-deleted'.
 * 403 or other failures → 'unknown', recorded in ctx.problems.
 */
export async function observeNameStates(
  arm: ArmReader,
  candidates: readonly CandidateName[],
  ctx: ReadContext,
): Promise<Record<string, NameState>> {
  const listed = new Map<string, Promise<Set<string> | undefined>>();
  const namesInGroup = (sub: string, rg: string) => {
    const key = `${sub}/${rg}`.toLowerCase();
    let names = listed.get(key);
    if (!names) {
      const path = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces`;
      names = ctx
        .limit(() => arm.listAll<{ name?: string }>(path, workspaceApiVersion, { abortSignal: ctx.abortSignal }))
        .then((items) => new Set(items.map((w) => (w.name ?? '').toLowerCase())))
        .catch(() => undefined);
      listed.set(key, names);
    }
    return names;
  };

  const entries = await Promise.all(
    candidates.map(async ({ sourceId, name }): Promise<[string, NameState]> => {
      const source = parseResourceId(sourceId);
      if (!source) throw new UsageError(`'${sourceId}' is not the ARM id of a Machine Learning workspace.`);
      const id = workspaceId(source.subscriptionId, source.resourceGroup, name);
      try {
        await ctx.limit(() => arm.get(id, workspaceApiVersion, { abortSignal: ctx.abortSignal }));
        return [id.toLowerCase(), 'taken'];
      } catch (error) {
        if (isStatus(error, 404)) {
          const names = await namesInGroup(source.subscriptionId, source.resourceGroup);
          return [id.toLowerCase(), names?.has(name.toLowerCase()) ? 'soft-deleted' : 'unknown'];
        }
        if (isStatus(error, 400, 403, 429, 500, 502, 503, 504)) {
          ctx.problems.push(problemFrom('candidateName', id, error));
          return [id.toLowerCase(), 'unknown'];
        }
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries);
}
