import pLimit from 'p-limit';
import { parseResourceId } from '../model/resource-id.js';
import { ToolError } from '../errors.js';
import { diffNormalised } from '../observe/fingerprint.js';
import { readApplicationInsights, readContainerRegistry, readKeyVault, readStorageAccount, type Read } from '../observe/linked-resources.js';
import { observeWorkspace } from '../observe/observe-workspace.js';
import { observePeTargets } from '../observe/pe-targets.js';
import type { ObserveClients } from '../observe/ports.js';
import { createLimit, isStatus, type ReadContext } from '../observe/read-problems.js';
import { observeCmk } from '../observe/vault-access.js';
import type { Fingerprint, ReadProblem } from '../plan/observed.js';
import type { Plan } from '../plan/plan.js';
import { scrubSecrets } from '../plan/scrub.js';

/** Re-reads one basis entry (by the id the fingerprint was taken of) the way `plan` read it. */
export type Reread = (id: string) => Promise<Fingerprint | 'not-found'>;

export interface StaleResource {
  /** The basis key (lower-cased ARM id or list path, e.g. `<workspace>/computes`). */
  id: string;
  change: 'changed' | 'gone';
  /** One line per changed leaf (diffNormalised): `properties.publicNetworkAccess: Disabled -> Enabled`. Empty when gone. */
  details: string[];
}

export interface FindStaleOptions {
  /** Only these basis keys (case-insensitive); default all. Resume passes the ones no completed step has changed. */
  ids?: Iterable<string>;
  /** Rereads at once; default 6. */
  concurrency?: number;
}

/**
 * Which basis resources no longer look as they did at plan time (sorted by id; empty = the plan is fresh).
 *
 * Same fingerprint (kind and value) → fresh. Otherwise the normalised bodies are compared: differing leaves are the
 * details; equal bodies under differing etags are still a change (the service says something changed that this tool
 * does not compare), while equal bodies under a different fingerprint kind (an etag now sent or no longer sent) are
 * not. Reread failures other than "gone" are thrown: a plan that cannot be checked is not applied.
 */
export async function findStaleResources(plan: Pick<Plan, 'basis'>, reread: Reread, options: FindStaleOptions = {}): Promise<StaleResource[]> {
  const only = options.ids ? new Set([...options.ids].map((i) => i.toLowerCase())) : undefined;
  const keys = Object.keys(plan.basis).filter((k) => !only || only.has(k.toLowerCase())).sort();
  // Workspaces first: observing one also reads its linked resources, which the default rereader then reuses.
  const isWorkspace = (k: string) => WORKSPACE.test(k) && WORKSPACE.exec(k)![2] === undefined;
  const limit = pLimit(Math.max(1, options.concurrency ?? 6));
  const check = (key: string) => limit(() => compare(key, plan.basis[key]!, reread));
  const first = await Promise.all(keys.filter(isWorkspace).map(check));
  const rest = await Promise.all(keys.filter((k) => !isWorkspace(k)).map(check));
  return [...first, ...rest].filter((s): s is StaleResource => s !== undefined).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function compare(key: string, before: Fingerprint, reread: Reread): Promise<StaleResource | undefined> {
  const now = await reread(before.id || key);
  if (now === 'not-found') return { id: key, change: 'gone', details: [] };
  if (now.kind === before.kind && now.value === before.value) return undefined;
  // The basis was scrubbed of secret-like field names when the plan was written: compare like with like.
  const details = before.normalised !== undefined && now.normalised !== undefined ? diffNormalised(before.normalised, scrubSecrets(now.normalised)) : [];
  if (details.length > 0) return { id: key, change: 'changed', details };
  if (now.kind !== before.kind && before.normalised !== undefined) return undefined;
  return { id: key, change: 'changed', details: [`${before.kind}: ${before.value} -> ${now.value}${before.kind === 'etag' ? ' (no compared field changed)' : ''}`] };
}

/** One refusal message: which resources changed and how, and what to do. */
export function describeStaleResources(stale: readonly StaleResource[], planPath?: string): string {
  const lines = [`The plan${planPath ? ` ${planPath}` : ''} is stale: ${stale.length} resource${stale.length === 1 ? '' : 's'} changed since it was made. Run plan again.`];
  for (const s of stale) {
    lines.push(`  ${s.change === 'gone' ? '-' : '~'} ${s.id}${s.change === 'gone' ? ' (gone)' : ''}`);
    for (const d of s.details) lines.push(`      ${d}`);
  }
  return lines.join('\n');
}

const WORKSPACE = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+)(\/.+)?$/i;
const VAULT_CHILD = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+)\/(keys\/([^/]+)|providers\/Microsoft\.Authorization\/roleAssignments)$/i;

export interface BasisRereaderOptions {
  abortSignal?: AbortSignal;
  /** HTTP reads in flight at once; default 8 (as observeContext). */
  readConcurrency?: number;
}

type Found = Fingerprint | 'not-found';

/**
 * The default Reread, built on the observe layer so every fingerprint is taken exactly as `plan` took it:
 * - a workspace and its lists (`<ws>/computes`, `<ws>/onlineEndpoints`, `<ws>/datastores`, `<ws>/outboundRules`,
 *   `<ws>/models|environments|data`, `<ws>/providers/Microsoft.Insights/diagnosticSettings`): observeWorkspace, once
 *   per workspace; a workspace that is gone (404) makes all of them 'not-found';
 * - linked storage account, key vault, container registry, App Insights: from that observation when the workspace
 *   was reread first (findStaleResources does so), else by the same reader observeWorkspace uses;
 * - CMK key `<vault>/keys/<k>` and `<vault>/providers/Microsoft.Authorization/roleAssignments`: observeCmk (for the
 *   role assignments alone it is asked for a key named '-', whose 404 is ignored);
 * - anything else (extra private-endpoint targets): observePeTargets.
 */
export function basisRereader(clients: ObserveClients, options: BasisRereaderOptions = {}): Reread {
  const limit = createLimit(options.readConcurrency ?? 8);
  const context = (): ReadContext => ({ limit, abortSignal: options.abortSignal, problems: [] });
  const workspaces = new Map<string, Promise<Map<string, Found | ReadProblem>>>();
  const seen = new Map<string, Found | ReadProblem>();
  const cmks = new Map<string, Promise<{ found: Map<string, Found>; problems: ReadProblem[] }>>();

  const observe = (wsId: string) => {
    const key = wsId.toLowerCase();
    let pending = workspaces.get(key);
    if (!pending) {
      pending = observeWorkspace(clients, wsId, { limit, abortSignal: options.abortSignal }).then(
        (o) => {
          const out = new Map<string, Found | ReadProblem>();
          for (const p of o.readProblems ?? []) out.set(p.id.toLowerCase(), p.reason === 'not-found' ? 'not-found' : p);
          for (const [k, fp] of Object.entries(o.fingerprints)) out.set(k.toLowerCase(), fp);
          for (const [k, v] of out) if (!WORKSPACE.test(k)) seen.set(k, v);
          return out;
        },
        (error: unknown) => {
          if (isStatus(error, 404)) return new Map<string, Found | ReadProblem>([[key, 'not-found']]);
          throw error;
        },
      );
      workspaces.set(key, pending);
    }
    return pending;
  };

  const cmk = (vaultId: string, keyName: string) => {
    const key = `${vaultId}/keys/${keyName}`.toLowerCase();
    let pending = cmks.get(key);
    if (!pending) {
      const ctx = context();
      pending = observeCmk(clients, vaultId, keyName, ctx).then((r) => {
        const found = new Map<string, Found>(r.fingerprints.map((fp) => [fp.id.toLowerCase(), fp]));
        if (r.key === 'not-found') found.set(key, 'not-found');
        if (r.vault === 'not-found') found.set(vaultId.toLowerCase(), 'not-found');
        return { found, problems: ctx.problems };
      });
      cmks.set(key, pending);
      cmks.set(`${vaultId.toLowerCase()}/*`, pending);
    }
    return pending;
  };

  return async (id) => {
    const key = id.toLowerCase();
    const ws = WORKSPACE.exec(id);
    if (ws) {
      const read = await observe(ws[1]!);
      if (read.get(ws[1]!.toLowerCase()) === 'not-found') return 'not-found';
      return settle(id, read.get(key));
    }
    const vault = VAULT_CHILD.exec(id);
    if (vault) {
      const keyName = vault[3];
      const read = await (keyName !== undefined ? cmk(vault[1]!, keyName) : (cmks.get(`${vault[1]!.toLowerCase()}/*`) ?? cmk(vault[1]!, '-')));
      const problem = read.problems.find((p) => p.id.toLowerCase() === key);
      return settle(id, read.found.get(key) ?? problem);
    }
    const known = seen.get(key);
    if (known !== undefined) return settle(id, known);
    return readOther(clients, id, context());
  };
}

function settle(id: string, found: Found | ReadProblem | undefined): Found {
  if (found === undefined) return 'not-found';
  if (typeof found === 'string' || 'kind' in found) return found;
  throw new ToolError(`Cannot re-read ${id} to check the plan is still current: ${found.message} (${found.reason}).`);
}

const LINKED: Record<string, (c: ObserveClients, id: string, ctx: ReadContext) => Promise<Read<unknown>>> = {
  'microsoft.storage/storageaccounts': readStorageAccount,
  'microsoft.keyvault/vaults': readKeyVault,
  'microsoft.containerregistry/registries': readContainerRegistry,
  'microsoft.insights/components': readApplicationInsights,
};

async function readOther(clients: ObserveClients, id: string, ctx: ReadContext): Promise<Found> {
  const rid = parseResourceId(id);
  const reader = rid ? LINKED[`${rid.provider}/${rid.type}`.toLowerCase()] : undefined;
  if (reader) {
    try {
      return (await reader(clients, id, ctx)).fingerprint;
    } catch (error) {
      if (isStatus(error, 404)) return 'not-found';
      throw error;
    }
  }
  const pe = await observePeTargets(clients, [id], ctx);
  const target = pe.targets[id.toLowerCase()];
  if (target === 'not-found') return 'not-found';
  const fp = pe.fingerprints.find((f) => f.id.toLowerCase() === id.toLowerCase());
  if (fp) return fp;
  return settle(id, ctx.problems[0] ?? { subject: 'peTarget', id, reason: 'failed', message: 'no fingerprint could be taken' });
}
