import type { EmulatorState } from './contract.js';
import { DEMO, demoFleetState } from './demo-fleet.js';
import * as b from './fleet-builders.js';
import { grantApproverRoles } from './approver-grants.js';
import type { ArmObject, StoredState } from './state.js';

/** Fixed identities of the AI Foundry part of the 'demo-hubs' seed, exported so tests and docs can name them. */
export const DEMO_HUBS = {
  subscriptionId: '3f8e5bac-4d6a-4e3c-9f2a-7b9c0d1e2f33',
  displayName: 'Contoso AI Foundry',
  hubRg: 'rg-ai-hub',
  projectsRg: 'rg-ai-projects',
  location: 'swedencentral',
  hub: 'hub-genai',
  projects: ['proj-chatbot', 'proj-summarise'],
} as const;

/**
 * The demo fleet plus one more subscription holding a non-compliant AI Foundry hub (public network access Enabled,
 * managed network AllowInternetOutbound not yet provisioned) and its two projects, which sit in another resource group
 * so that auditing that group alone must fetch the hub by id. A separate seed rather than part of 'demo', so the
 * existing demo fleet (and every plan/apply test over it) is unchanged until plan and apply learn about hubs.
 */
export function demoHubsFleetState(): EmulatorState {
  const s = demoFleetState() as StoredState;
  const add = (o: ArmObject) => (s.resources[o.id.toLowerCase()] = o);
  const lookup = (id: string) => s.resources[id.toLowerCase()];
  const { subscriptionId: F, hubRg, projectsRg, location } = DEMO_HUBS;
  const tenantId = DEMO.tenantId;
  add(b.subscription(F, DEMO_HUBS.displayName, tenantId));
  add(b.resourceGroup(F, hubRg, location));
  add(b.resourceGroup(F, projectsRg, location));
  const st = add(b.storageAccount(F, hubRg, 'sthubgenai', location, 'Enabled'));
  const kv = add(b.keyVault(F, hubRg, 'kv-hub-genai', location, tenantId, { purgeProtection: true }));
  const projectIds = DEMO_HUBS.projects.map((name) => `${b.rgId(F, projectsRg)}/providers/${b.ML}/${name}`);
  const hub = add(
    b.workspace(
      { sub: F, rg: hubRg, name: DEMO_HUBS.hub, location, tenantId, kind: 'Hub', workspaceId: b.guid(0x10, 1), principalId: b.guid(0x11, 1), publicNetworkAccess: 'Enabled', isolationMode: 'AllowInternetOutbound', provisioned: false, storageAccount: st.id, keyVault: kv.id, associatedWorkspaces: projectIds },
      lookup,
    ),
  );
  DEMO_HUBS.projects.forEach((name, i) => {
    // As the emulator stores a project: no managedNetwork of its own, the hub's publicNetworkAccess at creation.
    add(b.workspace({ sub: F, rg: projectsRg, name, location, tenantId, kind: 'Project', hubResourceId: hub.id, workspaceId: b.guid(0x10, i + 2), principalId: b.guid(0x11, i + 2), publicNetworkAccess: 'Enabled' }));
  });
  grantApproverRoles(s);
  return s as EmulatorState;
}
