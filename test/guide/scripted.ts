import type { RunResult } from '../../src/apply/contract.js';
import { assembleReport } from '../../src/audit/assemble-report.js';
import { evaluateWorkspace } from '../../src/audit/rules.js';
import { DefaultsHost } from '../../src/guide/defaults-host.js';
import type { Question } from '../../src/guide/question.js';
import type { GuideWorld } from '../../src/guide/world.js';
import type { Plan } from '../../src/plan/plan.js';
import type { ObservedKey, ObservedVault, ObservedWorkspace } from '../../src/plan/observed.js';
import { aContext, anObservedKey, anObservedVault, registryId, storageId, SUB } from '../plan/builders.js';

type Answer = unknown | ((q: Question<unknown>) => unknown);

/** Answers by question id (a list answers repeated questions in turn); anything unscripted gets its default. */
export class ScriptedHost extends DefaultsHost {
  constructor(private readonly script: Record<string, Answer | Answer[]> = {}) {
    super();
  }
  get ids(): string[] {
    return this.asked.map((q) => q.id);
  }
  protected override async answer<T>(q: Question<T>): Promise<T> {
    if (!(q.id in this.script)) return q.default;
    const entry = this.script[q.id];
    const next = Array.isArray(entry) && q.kind !== 'checkbox' ? entry.shift() : entry;
    return (typeof next === 'function' ? (next as (q: Question<unknown>) => unknown)(q as Question<unknown>) : next) as T;
  }
}

export interface FakeWorld extends GuideWorld {
  saved: Plan[];
  applied: Plan[];
}

/** An in-memory world: the given workspaces in one subscription, a CMK-ready vault and one without purge protection. */
export function aFakeWorld(workspaces: ObservedWorkspace[], options: { takenNames?: string[] } = {}): FakeWorld {
  const goodVault = anObservedVault({ name: 'kv-cmk' });
  const badVault = anObservedVault({ name: 'kv-no-purge', id: goodVault.id.replace('kv-cmk', 'kv-no-purge'), enablePurgeProtection: false });
  const keys: ObservedKey[] = [anObservedKey({ name: 'cmk' })];
  const taken = new Set((options.takenNames ?? []).map((n) => n.toLowerCase()));
  const report = assembleReport({
    tool: { name: 'aml-isolate', version: 'test' }, generatedAt: new Date('2026-01-01T00:00:00Z'),
    scope: { subscriptions: [SUB], discovery: 'arm' }, errors: [],
    workspaces: workspaces.map((w) => evaluateWorkspace(w.workspace, { kind: 'skipped' })),
  });
  const world: FakeWorld = {
    saved: [], applied: [],
    listSubscriptions: async () => [{ id: SUB, displayName: 'Contoso test' }],
    audit: async () => report,
    async observe(ids, policy) {
      const chosen = workspaces.filter((w) => ids.some((id) => id.toLowerCase() === w.workspace.id.toLowerCase()));
      const names = Object.fromEntries([...taken].map((n) => [chosen[0]!.workspace.id.replace(/[^/]+$/, n), 'taken' as const]));
      const ctx = aContext({ workspaces: chosen, vaults: [goodVault, badVault], keys, names, peTargets: policy.privateEndpoints.map((p) => ({ id: p.serviceResourceId })) });
      // As observe reads it: a key the policy names that the vault does not hold is 'not-found'.
      const { keyVaultId, keyName } = policy.customerManagedKey;
      const keyId = `${keyVaultId}/keys/${keyName}`.toLowerCase();
      if (keyVaultId && keyName && !(keyId in ctx.keys)) ctx.keys[keyId] = 'not-found';
      return ctx;
    },
    nameState: async (_source, name) => (taken.has(name.toLowerCase()) ? 'taken' : 'unknown'),
    listVaults: async (): Promise<ObservedVault[]> => [goodVault, badVault],
    listKeys: async () => [...keys],
    listPrivateEndpointTargets: async () => [
      { id: storageId('stdata'), name: 'stdata', type: 'Microsoft.Storage/storageAccounts' },
      { id: registryId('crshared'), name: 'crshared', type: 'Microsoft.ContainerRegistry/registries' },
    ],
    async savePlan(plan) {
      world.saved.push(plan);
      return `plans/${plan.planId}/plan.json`;
    },
    async apply(plan): Promise<RunResult> {
      world.applied.push(plan);
      return { outcome: 'succeeded', workspaces: Object.fromEntries(plan.workspaces.map((w) => [w.sourceId, 'succeeded'])), irreversible: [], refused: [] };
    },
    verify: async (ids) => ids.map((id) => ({ id, compliant: true })),
  };
  return world;
}
