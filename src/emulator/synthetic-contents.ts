import type { EmulatorState } from './contract.js';
import * as c from './fleet-contents.js';
import type { ArmObject, StoredState } from './state.js';

export interface SyntheticContentsOptions {
  /** Model versions in all, 10 per model container (model-0001 v1..v10, model-0002 ...). */
  modelVersions: number;
  /** Environments, one version each. */
  environments: number;
  /** Data versions in all, 10 per data container. */
  dataVersions: number;
  /** Deployments on one online endpoint ("bench-endpoint"), all traffic on the first. */
  deployments: number;
}

const PER_CONTAINER = 10;

/**
 * Seeds one existing workspace of `state` (e.g. from syntheticFleetState) with many contents, for benchmarks that
 * inventory or copy them. Deterministic; returns the same state object.
 */
export function seedSyntheticContents(state: EmulatorState, workspaceId: string, opts: SyntheticContentsOptions): EmulatorState {
  const s = state as StoredState;
  const ws = s.resources[workspaceId.toLowerCase()];
  if (!ws) throw new Error(`seedSyntheticContents: workspace ${workspaceId} is not in the state`);
  const sink = c.sinkFor(s);
  const datastore = 'workspaceblobstore';
  c.addBlobDatastore(sink, ws, datastore, 'stsynthetic', 'azureml-blobstore', 'c3ludGhldGljLWtleQ==', true);
  const models = containers('model', opts.modelVersions);
  for (const [name, count] of models) {
    c.addAsset(sink, ws, 'models', name, range(count).map((v) => ({ modelType: 'custom_model', modelUri: uriOf(ws, datastore, `models/${name}/${v}/`) })));
  }
  for (let e = 1; e <= opts.environments; e++) c.addAsset(sink, ws, 'environments', `env-${pad(e)}`, [{ image: `contoso.azurecr.io/env-${pad(e)}:1` }]);
  for (const [name, count] of containers('data', opts.dataVersions)) {
    c.addAsset(sink, ws, 'data', name, range(count).map((v) => ({ dataType: 'uri_folder', dataUri: uriOf(ws, datastore, `data/${name}/${v}/`) })));
  }
  if (opts.deployments > 0) {
    if (!models.length) throw new Error('seedSyntheticContents: deployments need at least one model version');
    const deployments = Object.fromEntries(range(opts.deployments).map((d) => [`dep-${pad(d)}`, `${ws.id}/models/${models[0]![0]}/versions/1`]));
    c.addEndpoint(sink, ws, 'bench-endpoint', deployments, { 'dep-0001': 100 });
  }
  return state;
}

/** [name, versions] pairs holding `total` versions, PER_CONTAINER per container. */
function containers(prefix: string, total: number): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i * PER_CONTAINER < total; i++) out.push([`${prefix}-${pad(i + 1)}`, Math.min(PER_CONTAINER, total - i * PER_CONTAINER)]);
  return out;
}

function uriOf(ws: ArmObject, datastore: string, path: string): string {
  const [, , sub, , rg] = ws.id.split('/');
  return `azureml://subscriptions/${sub}/resourcegroups/${rg}/workspaces/${ws.name}/datastores/${datastore}/paths/${path}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}
