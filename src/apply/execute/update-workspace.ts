import { workspaceApiVersion } from '../../model/api-versions.js';
import type { Workspace } from '../../model/workspace.js';
import type { UndoRecord } from '../contract.js';
import { withoutLockTag } from '../../model/lock-tag.js';
import { keepingLockTag, matchesSubset, readWorkspace, sameTags } from './arm-state.js';
import { sendWrite } from './send-request.js';
import { undoFromPlan } from './plan-undo.js';
import type { StepHandler } from './step-context.js';
import { StepRefusedError } from './step-errors.js';

/**
 * PATCH of a workspace (publicNetworkAccess and tags; or managedNetwork.isolationMode). Done when every field of
 * step.after already holds. Undo: PATCH back the values read just before the change, except the isolation mode,
 * which can never go back (one-way transitions).
 */
export const updateWorkspace: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const ws = await readWorkspace(ctx.arm, step.target);
    if (ws === null) throw new StepRefusedError('ResourceNotFound', `workspace ${step.target} does not exist`);
    return { done: holds(ws, step.after ?? {}), before: ws };
  },
  undoAfterCrash: (step) => undoFromPlan(step),
  async run(step, ctx) {
    const tags = step.request.body?.tags as Record<string, string> | undefined;
    if (tags === undefined) return void (await sendWrite(step.request, ctx));
    // The planned tags (checked by the request guard), plus the lock tag the workspace carries now (arm-state.ts).
    const live = await readWorkspace(ctx.arm, step.target);
    await sendWrite({ ...step.request, body: { ...step.request.body, tags: keepingLockTag(tags, live) } }, ctx);
  },
  undoRecord(step, before): UndoRecord {
    if (step.undo.irreversible) return { kind: 'irreversible', reason: step.undo.reason };
    const ws = before as Workspace;
    const body: Record<string, unknown> = {};
    const properties: Record<string, unknown> = {};
    for (const key of Object.keys(step.after ?? {})) {
      if (key === 'tags') body.tags = withoutLockTag({ ...(ws.tags ?? {}) });
      else if (key === 'publicNetworkAccess') properties.publicNetworkAccess = ws.properties.publicNetworkAccess ?? 'Enabled';
      else properties[key] = (ws.properties as unknown as Record<string, unknown>)[key] ?? null;
    }
    if (Object.keys(properties).length) body.properties = properties;
    return { kind: 'patch', id: step.target, apiVersion: step.request.apiVersion || workspaceApiVersion, body };
  },
};

/** step.after fields, read from a workspace: tags at the top level (compared whole), the rest under properties. */
export function holds(ws: Workspace, after: Record<string, unknown>): boolean {
  const props = ws.properties as unknown as Record<string, unknown>;
  return Object.entries(after).every(([k, v]) => (k === 'tags' ? sameTags(ws.tags, v) : matchesSubset(props[k], v)));
}
