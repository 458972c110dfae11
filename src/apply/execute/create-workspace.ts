import type { Workspace } from '../../model/workspace.js';
import { matchesSubset, readWorkspace } from './arm-state.js';
import { sendWrite } from './send-request.js';
import type { StepHandler } from './step-context.js';

/**
 * PUT of the new workspace. Done when it exists, provisioned, with the target's key settings (location, linked
 * resources, public access, isolation mode, HBI, encryption). Undo: delete it and purge, so its name is free again.
 */
export const createWorkspace: StepHandler = {
  async isAlreadyDone(step, ctx) {
    const ws = await readWorkspace(ctx.arm, step.target);
    return { done: ws !== null && isCreatedAsPlanned(ws, step.request.body ?? {}) };
  },
  async run(step, ctx) {
    await sendWrite(step.request, ctx);
  },
  creates: (step) => [step.target],
  undoRecord: (step) => ({ kind: 'delete', id: step.target, apiVersion: step.request.apiVersion, purge: true }),
};

/** The workspace found is the one the step would create (and, with requireSucceeded, its creation finished). */
export function isCreatedAsPlanned(ws: Workspace, body: Record<string, unknown>, requireSucceeded = true): boolean {
  if (requireSucceeded && ws.properties?.provisioningState !== 'Succeeded') return false;
  const p = (body.properties ?? {}) as Record<string, unknown>;
  const mn = p.managedNetwork as { isolationMode?: string } | undefined;
  const expected: Record<string, unknown> = {};
  for (const k of ['storageAccount', 'keyVault', 'applicationInsights', 'containerRegistry', 'publicNetworkAccess', 'hbiWorkspace']) {
    if (p[k] !== undefined) expected[k] = p[k];
  }
  if (mn?.isolationMode) expected.managedNetwork = { isolationMode: mn.isolationMode };
  const enc = p.encryption as { status?: string; keyVaultProperties?: { keyVaultArmId?: string } } | undefined;
  if (enc) expected.encryption = { status: enc.status, ...(enc.keyVaultProperties?.keyVaultArmId ? { keyVaultProperties: { keyVaultArmId: enc.keyVaultProperties.keyVaultArmId } } : {}) };
  const sameLocation = typeof body.location !== 'string' || String(ws.location).toLowerCase().replace(/\s/g, '') === body.location.toLowerCase().replace(/\s/g, '');
  return sameLocation && matchesSubset(ws.properties, expected);
}
