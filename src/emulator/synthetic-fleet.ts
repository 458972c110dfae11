import type { IsolationMode } from '../model/workspace.js';
import type { EmulatorState } from './contract.js';
import * as b from './fleet-builders.js';
import { emptyStoredState, type StoredState } from './state.js';

export interface SyntheticFleetOptions {
  subscriptions: number;
  workspacesPerSubscription: number;
  /** Default 1. */
  resourceGroupsPerSubscription?: number;
  /** Give every workspace its own storage account, key vault and Application Insights (what re-creation reuses). */
  linkedResources?: boolean;
  /** Extra AI Foundry hubs per subscription (default 0), each with `projectsPerHub` projects (default 2). */
  hubsPerSubscription?: number;
  projectsPerHub?: number;
}

const TENANT = '00000000-0000-4000-8000-0000000000ff';
/** Cycles through the audit outcomes so a benchmark sees a realistic mix. */
const MIX: { pna: 'Enabled' | 'Disabled'; mode?: IsolationMode }[] = [
  { pna: 'Disabled', mode: 'AllowInternetOutbound' },
  { pna: 'Enabled' },
  { pna: 'Disabled', mode: 'Disabled' },
  { pna: 'Disabled', mode: 'AllowOnlyApprovedOutbound' },
  { pna: 'Enabled', mode: 'AllowInternetOutbound' },
];

/**
 * A large deterministic fleet for benchmarks (e.g. 100 × 100 = 10,000 workspaces): workspaces only, no linked
 * resources, built in one pass without lookups.
 */
export function syntheticFleetState(opts: SyntheticFleetOptions): EmulatorState {
  const s: StoredState = emptyStoredState(TENANT);
  const groups = Math.max(1, opts.resourceGroupsPerSubscription ?? 1);
  let n = 0;
  for (let i = 0; i < opts.subscriptions; i++) {
    const sub = b.guid(0x5000, i + 1);
    s.resources[`/subscriptions/${sub}`] = b.subscription(sub, `Synthetic ${i + 1}`, TENANT);
    for (let g = 0; g < groups; g++) {
      const rg = b.resourceGroup(sub, `rg-${g + 1}`, 'eastus');
      s.resources[rg.id.toLowerCase()] = rg;
    }
    for (let w = 0; w < opts.workspacesPerSubscription; w++) {
      n += 1;
      const mix = MIX[n % MIX.length]!;
      const rg = `rg-${(w % groups) + 1}`;
      const linked = opts.linkedResources ? addLinkedResources(s, sub, rg, n) : {};
      const ws = b.workspace({
        ...linked,
        sub,
        rg,
        name: `ws-${String(w + 1).padStart(5, '0')}`,
        location: 'eastus',
        tenantId: TENANT,
        workspaceId: b.guid(0x6000, n),
        publicNetworkAccess: mix.pna,
        ...(mix.mode ? { isolationMode: mix.mode, provisioned: mix.mode !== 'Disabled' } : {}),
      });
      s.resources[ws.id.toLowerCase()] = ws;
    }
    n = addHubs(s, sub, opts, n);
  }
  return s as EmulatorState;
}

/** Hubs alternate compliant / public; projects store the hub's publicNetworkAccess and no network of their own. */
function addHubs(s: StoredState, sub: string, opts: SyntheticFleetOptions, n: number): number {
  for (let h = 0; h < (opts.hubsPerSubscription ?? 0); h++) {
    n += 1;
    const pna = h % 2 === 0 ? 'Disabled' : 'Enabled';
    const hubName = `hub-${String(h + 1).padStart(4, '0')}`;
    const projects = Array.from({ length: opts.projectsPerHub ?? 2 }, (_, p) => `${hubName}-proj-${p + 1}`);
    const projectIds = projects.map((p) => `${b.rgId(sub, 'rg-1')}/providers/${b.ML}/${p}`);
    const hub = b.workspace({ sub, rg: 'rg-1', name: hubName, location: 'eastus', tenantId: TENANT, kind: 'Hub', workspaceId: b.guid(0x6000, n), publicNetworkAccess: pna, isolationMode: 'AllowInternetOutbound', provisioned: true, associatedWorkspaces: projectIds });
    s.resources[hub.id.toLowerCase()] = hub;
    for (const name of projects) {
      n += 1;
      const project = b.workspace({ sub, rg: 'rg-1', name, location: 'eastus', tenantId: TENANT, kind: 'Project', hubResourceId: hub.id, workspaceId: b.guid(0x6000, n), publicNetworkAccess: pna });
      s.resources[project.id.toLowerCase()] = project;
    }
  }
  return n;
}

function addLinkedResources(s: StoredState, sub: string, rg: string, n: number): { storageAccount: string; keyVault: string; applicationInsights: string } {
  const suffix = String(n).padStart(5, '0');
  const storage = b.storageAccount(sub, rg, `stsynth${suffix}`, 'eastus', 'Enabled');
  const vault = b.keyVault(sub, rg, `kv-synth-${suffix}`, 'eastus', TENANT, { purgeProtection: true });
  const insights = b.appInsights(sub, rg, `appi-synth-${suffix}`, 'eastus', b.guid(0x7000, n));
  for (const r of [storage, vault, insights]) s.resources[r.id.toLowerCase()] = r;
  return { storageAccount: storage.id, keyVault: vault.id, applicationInsights: insights.id };
}
