import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { DEMO_HUBS } from '../../src/emulator/hub-fleet.js';
import { API, call, start, waitForOperation, type Reply } from './helpers.js';

const F = DEMO_HUBS.subscriptionId;
const ML = 'providers/Microsoft.MachineLearningServices/workspaces';
const HUB_RG = `/subscriptions/${F}/resourceGroups/${DEMO_HUBS.hubRg}/${ML}`;
const PROJ_RG = `/subscriptions/${F}/resourceGroups/${DEMO_HUBS.projectsRg}/${ML}`;
const HUB = `${HUB_RG}/${DEMO_HUBS.hub}`;
const PROJECT = `${PROJ_RG}/${DEMO_HUBS.projects[0]}`;
const DEFAULT_WS = `/subscriptions/${DEMO.prod.subscriptionId}/resourceGroups/${DEMO.prod.rg}/${ML}/${DEMO.workspaces.publicOpen}`;

function refused(r: Reply, status: number, code: string, message: RegExp): void {
  expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
  expect(r.body.error.message).toMatch(message);
}

async function done(emu: RunningEmulator, r: Reply): Promise<Reply> {
  expect(r.status).toBe(202);
  return waitForOperation(emu, r);
}

describe('hubs and projects (seed demo-hubs, responses validated against the spec)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await start({ seed: 'demo-hubs', validateResponses: true })));
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await call(emu, 'POST', '/_emulator/reset?seed=demo-hubs');
    emu.configure({ projectNetworkEcho: true, approverRoleMissing: false });
  });
  const get = async (id: string) => (await call(emu, 'GET', `${id}?${API}`)).body;
  const putProject = (name: string, props: Record<string, unknown>, kind = 'Project') =>
    call(emu, 'PUT', `${PROJ_RG}/${name}?${API}`, { location: DEMO_HUBS.location, kind, properties: props });

  it('reports kind, hubResourceId and the hub’s associatedWorkspaces; ?kind= filters a listing', async () => {
    const hub = await get(HUB);
    expect(hub.kind).toBe('Hub');
    expect(hub.properties.associatedWorkspaces.map((id: string) => id.split('/').pop())).toEqual([...DEMO_HUBS.projects]);
    const project = await get(PROJECT);
    expect(project).toMatchObject({ kind: 'Project', properties: { hubResourceId: hub.id } });
    const projects = await call(emu, 'GET', `/subscriptions/${F}/${ML}?${API}&kind=project`);
    expect(projects.body.value.map((w: { name: string }) => w.name).sort()).toEqual([...DEMO_HUBS.projects]);
    expect((await get(DEFAULT_WS)).kind).toBe('Default');
  });

  it('a project’s GET echoes the hub’s live network settings; with projectNetworkEcho off it shows only its own', async () => {
    await done(emu, await call(emu, 'PATCH', `${HUB}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } }));
    const echoed = await get(PROJECT);
    expect(echoed.properties.publicNetworkAccess).toBe('Disabled');
    expect(echoed.properties.managedNetwork.isolationMode).toBe('AllowInternetOutbound');
    const listed = await call(emu, 'GET', `${PROJ_RG}?${API}`);
    expect(listed.body.value[0].properties.managedNetwork.isolationMode).toBe('AllowInternetOutbound');
    emu.configure({ projectNetworkEcho: false });
    const own = await get(PROJECT);
    expect(own.properties.publicNetworkAccess).toBe('Enabled'); // what it stored at creation, stale now
    expect(own.properties.managedNetwork).toBeUndefined();
  });

  it('creates a project in a hub and lists it there; a new project takes the hub’s publicNetworkAccess', async () => {
    await done(emu, await call(emu, 'PATCH', `${HUB}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } }));
    const op = await done(emu, await putProject('proj-new', { hubResourceId: HUB }));
    expect(op.body.status).toBe('Succeeded');
    emu.configure({ projectNetworkEcho: false });
    expect((await get(`${PROJ_RG}/proj-new`)).properties.publicNetworkAccess).toBe('Disabled');
    expect((await get(HUB)).properties.associatedWorkspaces).toContain(`${PROJ_RG}/proj-new`);
  });

  it('refuses a project without a hub, with a missing hub, in a non-hub, or in another subscription', async () => {
    refused(await putProject('proj-x', {}), 400, 'BadRequest', /needs properties.hubResourceId/);
    refused(await putProject('proj-x', { hubResourceId: `${HUB_RG}/hub-missing` }), 400, 'BadRequest', /does not exist/);
    refused(await putProject('proj-x', { hubResourceId: DEFAULT_WS }), 400, 'BadRequest', /own subscription/);
    await done(emu, await call(emu, 'PUT', `${HUB_RG}/ws-plain?${API}`, { location: DEMO_HUBS.location, properties: {} }));
    refused(await putProject('proj-x', { hubResourceId: `${HUB_RG}/ws-plain` }), 400, 'BadRequest', /kind Default, not a Hub/);
    refused(await putProject('ws-x', { hubResourceId: HUB }, 'Default'), 400, 'BadRequest', /only for workspaces of kind Project/);
    refused(await putProject('ws-x', {}, 'Lakehouse'), 400, 'BadRequest', /kind 'Lakehouse' is not supported/);
    expect((await call(emu, 'GET', `${PROJ_RG}/proj-x?${API}`)).status).toBe(404);
  });

  it('kind and hubResourceId cannot change after creation', async () => {
    const hub = await get(HUB);
    refused(await call(emu, 'PUT', `${HUB}?${API}`, { ...hub, kind: 'Default' }), 400, 'BadRequest', /kind of workspace 'hub-genai' is Hub and cannot be changed/);
    const project = await get(PROJECT);
    refused(await call(emu, 'PUT', `${PROJECT}?${API}`, { ...project, kind: 'Hub' }), 400, 'BadRequest', /cannot be changed to Hub/);
    await done(emu, await call(emu, 'PUT', `${HUB_RG}/hub-other?${API}`, { location: DEMO_HUBS.location, kind: 'Hub', properties: {} }));
    refused(await call(emu, 'PUT', `${PROJECT}?${API}`, { ...project, properties: { ...project.properties, hubResourceId: `${HUB_RG}/hub-other` } }), 400, 'BadRequest', /only be set when the project is created/);
  });

  it('a GET → PUT round trip of a project is accepted, with and without the echo', async () => {
    await done(emu, await call(emu, 'PATCH', `${HUB}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } }));
    for (const echo of [true, false]) {
      emu.configure({ projectNetworkEcho: echo });
      const project = await get(PROJECT);
      const op = await done(emu, await call(emu, 'PUT', `${PROJECT}?${API}`, { location: project.location, kind: project.kind, properties: project.properties }));
      expect(op.body.status).toBe('Succeeded');
    }
  });

  it('refuses network writes to a project: PATCH, PUT, outbound rules and provisioning (400 ValidationError)', async () => {
    const onHub = new RegExp(`set it on the hub ${HUB.replace(/\//g, '\\/')}`);
    refused(await call(emu, 'PATCH', `${PROJECT}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } }), 400, 'ValidationError', onHub);
    refused(await call(emu, 'PATCH', `${PROJECT}?${API}`, { properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } }), 400, 'ValidationError', /managedNetwork comes from its hub/);
    refused(await putProject('proj-new', { hubResourceId: HUB, managedNetwork: { isolationMode: 'Disabled' } }), 400, 'ValidationError', onHub);
    const rule = { properties: { type: 'PrivateEndpoint', destination: { serviceResourceId: DEFAULT_WS, subresourceTarget: 'amlworkspace', sparkEnabled: false } } };
    refused(await call(emu, 'PUT', `${PROJECT}/outboundRules/pe-x?${API}`, rule), 400, 'ValidationError', /outbound rule 'pe-x'/);
    refused(await call(emu, 'DELETE', `${PROJECT}/outboundRules/pe-x?${API}`), 400, 'ValidationError', onHub);
    refused(await call(emu, 'POST', `${PROJECT}/provisionManagedNetwork?${API}`, { includeSpark: false }), 400, 'ValidationError', /provisionManagedNetwork/);
    // A PATCH that leaves the network alone (tags, description) is fine.
    expect((await done(emu, await call(emu, 'PATCH', `${PROJECT}?${API}`, { tags: { team: 'genai' } }))).body.status).toBe('Succeeded');
  });

  it('a hub with projects cannot be deleted (409); once its projects are gone it can', async () => {
    refused(await call(emu, 'DELETE', `${HUB}?${API}`), 409, 'Conflict', /still has 2 project\(s\) \(proj-chatbot, proj-summarise\)/);
    for (const name of DEMO_HUBS.projects) await done(emu, await call(emu, 'DELETE', `${PROJ_RG}/${name}?${API}&forceToPurge=true`));
    expect((await get(HUB)).properties.associatedWorkspaces).toEqual([]);
    expect((await done(emu, await call(emu, 'DELETE', `${HUB}?${API}`))).body.status).toBe('Succeeded');
  });
});

describe('synthetic fleet with hubs', () => {
  it('adds hubs with projects that the emulator serves like created ones', async () => {
    const { syntheticFleetState } = await import('../../src/emulator/demo-fleet.js');
    const state = syntheticFleetState({ subscriptions: 1, workspacesPerSubscription: 3, hubsPerSubscription: 2, projectsPerHub: 3 });
    const emu = await start({ seed: state, validateResponses: true });
    try {
      const sub = Object.values((state as unknown as { resources: Record<string, { subscriptionId?: string }> }).resources).find((r) => r.subscriptionId)!.subscriptionId;
      const list = (await call(emu, 'GET', `/subscriptions/${sub}/${ML}?${API}`)).body.value as { name: string; kind: string; properties: Record<string, any> }[];
      expect(list.filter((w) => w.kind === 'Hub').map((w) => w.properties.associatedWorkspaces.length)).toEqual([3, 3]);
      const project = list.find((w) => w.name === 'hub-0002-proj-1')!;
      expect(project.kind).toBe('Project');
      expect(project.properties.publicNetworkAccess).toBe('Enabled');
      expect(project.properties.managedNetwork.isolationMode).toBe('AllowInternetOutbound'); // echoed from hub-0002
      expect(list).toHaveLength(3 + 2 + 6);
    } finally {
      await emu.stop();
    }
  });
});
