import { setMaxListeners } from 'node:events';
import { workspaceApiVersion } from '../model/api-versions.js';
import { withoutLockTag } from '../model/lock-tag.js';
import { parseResourceId } from '../model/resource-id.js';
import { ArmError, UsageError } from '../errors.js';
import type { OutboundRule, OutboundRuleResource, Workspace } from '../model/workspace.js';
import type { Fingerprint, ObservedWorkspace, ReadProblem } from '../plan/observed.js';
import { fingerprintCollection, fingerprintResource } from './fingerprint.js';
import { readApplicationInsights, readContainerRegistry, readKeyVault, readStorageAccount, type Read } from './linked-resources.js';
import type { ObserveClients } from './ports.js';
import { createLimit, isStatus, tolerant, type Limit, type ReadContext } from './read-problems.js';
import { redactSecrets } from './redact.js';
import { listChildren, nameOf, toComputes, toDatastores, toOnlineEndpoints, type ChildList } from './workspace-children.js';

export interface ObserveWorkspaceOptions {
  abortSignal?: AbortSignal | undefined;
  /** Most HTTP reads in flight for this workspace; default 6. Ignored when `limit` is given. */
  readConcurrency?: number | undefined;
  /** A bound on reads shared with other observations (observeContext passes one for all workspaces). */
  limit?: Limit | undefined;
}

export const defaultReadConcurrency = 6;

/**
 * Reads one workspace and everything around it that the planner needs. Only reads; never writes.
 *
 * - The workspace (2025-06-01): 403/404 throws one ArmError whose one-line message names the workspace.
 * - Outbound rules (list, all pages), only when a managed network is on; computes, online endpoints, datastores,
 *   diagnostic settings: a failure throws, naming the workspace (the plan cannot be safe without them).
 * - Linked storage account, key vault, container registry, App Insights: 404 (gone) or 403 is recorded in
 *   `readProblems` and the field left undefined; other failures throw.
 * - Model, environment and data containers: any ARM failure leaves the list undefined ("could not be listed") and is
 *   recorded.
 * Independent reads run in parallel, bounded by `limit`. Secrets never enter the result (redact.ts).
 */
export async function observeWorkspace(clients: ObserveClients, workspaceId: string, options: ObserveWorkspaceOptions = {}): Promise<ObservedWorkspace> {
  const label = workspaceLabel(workspaceId);
  const problems: ReadProblem[] = [];
  // The first failure stops the reads still queued or in flight (and so does the caller's signal).
  const stop = new AbortController();
  const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal, stop.signal]) : stop.signal;
  setMaxListeners(64, abortSignal); // one listener per read in flight
  const ctx: ReadContext = { limit: options.limit ?? createLimit(options.readConcurrency ?? defaultReadConcurrency), abortSignal, problems };
  try {
    return await observe(clients, workspaceId, label, ctx);
  } catch (error) {
    stop.abort();
    throw error;
  }
}

async function observe(clients: ObserveClients, workspaceId: string, label: string, ctx: ReadContext): Promise<ObservedWorkspace> {
  const problems = ctx.problems;
  const fingerprints: Record<string, Fingerprint> = {};
  const keep = (fp: Fingerprint | undefined) => {
    if (fp) fingerprints[fp.id.toLowerCase()] = fp;
  };

  const { workspace, etag } = await readWorkspace(clients, workspaceId, label, ctx);
  keep(fingerprintResource(workspace.id, workspace, etag));
  const id = workspace.id;
  const props = workspace.properties ?? {};
  const managed = (props.managedNetwork?.isolationMode ?? 'Disabled') !== 'Disabled';
  const linked = <T>(subject: ReadProblem['subject'], linkedId: unknown, read: (linkedId: string) => Promise<Read<T>>) =>
    typeof linkedId === 'string' && linkedId !== '' ? tolerant(ctx, subject, linkedId, () => read(linkedId)) : Promise.resolve(undefined);
  const own = <T>(what: string, read: () => Promise<T>) => aboutWorkspace(label, what, read);
  const assets = (subject: ReadProblem['subject'], segment: string) =>
    tolerant(ctx, subject, `${id}/${segment}`, () => listChildren(clients.arm, id, segment, ctx), 'any');

  const [rules, storage, vault, registry, insights, computes, endpoints, datastores, models, environments, data, diagnostics] = await Promise.all([
    managed ? own('outbound rules', () => listRules(clients, id, ctx)) : Promise.resolve(undefined),
    linked('storageAccount', props.storageAccount, (x) => readStorageAccount(clients, x, ctx)),
    linked('keyVault', props.keyVault, (x) => readKeyVault(clients, x, ctx)),
    linked('containerRegistry', props.containerRegistry, (x) => readContainerRegistry(clients, x, ctx)),
    linked('applicationInsights', props.applicationInsights, (x) => readApplicationInsights(clients, x, ctx)),
    own('computes', () => listChildren(clients.arm, id, 'computes', ctx)),
    own('online endpoints', () => listChildren(clients.arm, id, 'onlineEndpoints', ctx)),
    own('datastores', () => listChildren(clients.arm, id, 'datastores', ctx)),
    assets('models', 'models'),
    assets('environments', 'environments'),
    assets('dataAssets', 'data'),
    own('diagnostic settings', () => listDiagnostics(clients, id, ctx)),
  ]);

  for (const read of [rules, storage, vault, registry, insights, computes, endpoints, datastores, diagnostics]) keep(read?.fingerprint);
  for (const list of [models, environments, data]) keep(list && namesFingerprint(list));
  return {
    workspace,
    outboundRules: rules?.rules ?? {},
    ...(storage ? { storageAccount: storage.resource } : {}),
    ...(vault ? { keyVault: vault.resource } : {}),
    ...(registry ? { containerRegistry: registry.resource } : {}),
    ...(insights ? { applicationInsights: insights.resource } : {}),
    computes: toComputes(computes.items),
    onlineEndpoints: toOnlineEndpoints(endpoints.items),
    datastores: toDatastores(datastores.items),
    ...(models ? { models: models.items.map(nameOf) } : {}),
    ...(environments ? { environments: environments.items.map(nameOf) } : {}),
    ...(data ? { dataAssets: data.items.map(nameOf) } : {}),
    diagnosticSettings: diagnostics.settings,
    fingerprints,
    ...(problems.length ? { readProblems: problems } : {}),
  };
}

async function readWorkspace(clients: ObserveClients, workspaceId: string, label: string, ctx: ReadContext): Promise<{ workspace: Workspace; etag: string | undefined }> {
  try {
    const response = await ctx.limit(() => clients.arm.get<Workspace>(workspaceId, workspaceApiVersion, { abortSignal: ctx.abortSignal }));
    // The lock tag of a run in progress (model/lock-tag.ts) is not configuration: plans neither copy nor compare it.
    const workspace = redactSecrets(response.body);
    return { workspace: workspace.tags ? { ...workspace, tags: withoutLockTag(workspace.tags) } : workspace, etag: response.headers.etag };
  } catch (error) {
    if (isStatus(error, 403, 404)) {
      const why = error.statusCode === 404 ? 'not found (deleted, or a wrong id)' : 'access denied (needs Microsoft.MachineLearningServices/workspaces/read)';
      throw withContext(error, `Cannot read ${label}: ${why}. ${error.serviceMessage}`);
    }
    throw error;
  }
}

/** Rules by name, from the outbound rules list (includes the service's Required rules). */
async function listRules(clients: ObserveClients, id: string, ctx: ReadContext): Promise<{ rules: Record<string, OutboundRule>; fingerprint: Fingerprint }> {
  const path = `${id}/outboundRules`;
  const items = await ctx.limit(() => clients.arm.listAll<OutboundRuleResource>(path, workspaceApiVersion, { abortSignal: ctx.abortSignal }));
  const rules: Record<string, OutboundRule> = {};
  for (const item of items.map((i) => redactSecrets(i))) rules[item.name ?? item.id?.split('/').pop() ?? ''] = item.properties;
  return { rules, fingerprint: fingerprintCollection(path, Object.entries(rules).map(([name, body]) => ({ name, body }))) };
}

async function listDiagnostics(clients: ObserveClients, id: string, ctx: ReadContext): Promise<{ settings: ObservedWorkspace['diagnosticSettings']; fingerprint: Fingerprint }> {
  const raw = await ctx.limit(() => clients.fleetReader.listDiagnosticSettings(id, ctx.abortSignal ? { abortSignal: ctx.abortSignal } : {}));
  const settings = raw.map((s) => {
    const body = redactSecrets(s) as unknown as Record<string, unknown>;
    return { id: s.id, name: s.name, body };
  });
  const path = `${id}/providers/Microsoft.Insights/diagnosticSettings`;
  return { settings, fingerprint: fingerprintCollection(path, settings.map((s) => ({ name: s.name, body: s.body }))) };
}

/** Asset containers change as users register versions: only the set of names is fingerprinted. */
function namesFingerprint(list: ChildList<{ name?: string; id?: string }>): Fingerprint {
  return fingerprintCollection(list.fingerprint.id, list.items.map((i) => ({ name: nameOf(i), body: {} })));
}

async function aboutWorkspace<T>(label: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ArmError) throw withContext(error, `Cannot list the ${what} of ${label}: ${error.serviceMessage}`);
    throw error;
  }
}

function withContext(error: ArmError, message: string): ArmError {
  return new ArmError({ code: error.code, message, statusCode: error.statusCode, requestId: error.requestId, method: error.method, url: error.url, cause: error });
}

function workspaceLabel(workspaceId: string): string {
  const rid = parseResourceId(workspaceId);
  if (!rid || rid.provider.toLowerCase() !== 'microsoft.machinelearningservices' || rid.type.toLowerCase() !== 'workspaces') {
    throw new UsageError(`'${workspaceId}' is not the ARM id of a Machine Learning workspace.`);
  }
  return `workspace '${rid.name}' (resource group '${rid.resourceGroup}', subscription '${rid.subscriptionId}')`;
}
