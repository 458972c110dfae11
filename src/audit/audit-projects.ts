import { parseResourceId } from '../model/resource-id.js';
import { ArmError } from '../errors.js';
import { limited, readOptions, toAuditError, type AuditContext } from './audit-context.js';
import { hubIdOf, type HubObservation } from './project-rules.js';
import { evaluateWorkspace } from './rules.js';

/**
 * Evaluates the projects queued during discovery, once every in-scope workspace has been read: a project's hub is
 * taken from what was read in scope, else fetched by id (one GET per hub, shared by its projects) even when it lies
 * outside the audited resource group or subscriptions.
 *
 * - a hub answering 404 makes its projects 'unknown' (a warning, not a read error: the answer was clear);
 * - any other ArmError (403, 429 past retries, ...) makes them 'unknown' AND is recorded in report.errors against
 *   the hub, so the exit code says the result is partial;
 * - a project naming no hub is 'unknown'.
 */
export async function auditProjects(ctx: AuditContext): Promise<void> {
  const fetches = new Map<string, Promise<HubObservation>>();
  const observe = (hubId: string | undefined, projectSubscription: string): Promise<HubObservation> => {
    if (hubId === undefined) return Promise.resolve({ kind: 'unreadable', hubId, reason: 'hubResourceId is not set.' });
    const key = hubId.toLowerCase();
    const known = ctx.read.get(key);
    if (known) return Promise.resolve({ kind: 'read', hub: known });
    let pending = fetches.get(key);
    if (!pending) fetches.set(key, (pending = fetchHub(ctx, hubId, projectSubscription)));
    return pending;
  };
  await Promise.all(
    ctx.projects.map(async ({ workspace, diagnostics }) => {
      const subscriptionId = parseResourceId(workspace.id)?.subscriptionId ?? '';
      const result = evaluateWorkspace(workspace, diagnostics, await observe(hubIdOf(workspace), subscriptionId));
      ctx.results.push(result);
      ctx.events.workspaceAudited?.({ workspace: result });
    }),
  );
  ctx.projects = [];
}

async function fetchHub(ctx: AuditContext, hubId: string, projectSubscription: string): Promise<HubObservation> {
  try {
    return { kind: 'read', hub: await limited(ctx, () => ctx.reader.getWorkspace(hubId, readOptions(ctx))) };
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    const http = error.statusCode === undefined ? '' : ` (HTTP ${error.statusCode})`;
    if (error.statusCode === 404 || error.code === 'ResourceNotFound') {
      ctx.events.warning?.({ subscriptionId: projectSubscription, workspaceId: hubId, message: `Hub ${hubId} named by a project does not exist; its projects are reported unknown.` });
      return { kind: 'unreadable', hubId, reason: `${error.code}${http}: it does not exist.` };
    }
    const entry = toAuditError(error, parseResourceId(hubId)?.subscriptionId ?? projectSubscription, hubId);
    ctx.errors.push(entry);
    ctx.events.warning?.({ subscriptionId: projectSubscription, workspaceId: hubId, message: `Hub ${hubId} could not be read (${error.code}${http}); its projects are reported unknown.` });
    return { kind: 'unreadable', hubId, reason: `${error.code}${http}: ${entry.message}` };
  }
}
