import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureClients, type AzureClients } from '../../src/azure/client-factory.js';
import { DEMO, demoFleetState } from '../../src/emulator/demo-fleet.js';
import { workspace } from '../../src/emulator/fleet-builders.js';
import type { EmulatorState } from '../../src/emulator/contract.js';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { UsageError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { pickByName, resolveWorkspaceRefs } from '../../src/commands/resolve-workspace.js';
import { start } from '../emulator/helpers.js';

const P = DEMO.prod;
const R = DEMO.research;
const DUPLICATE = DEMO.workspaces.publicOpen;
const prodId = (name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const researchDuplicate = `/subscriptions/${R.subscriptionId}/resourceGroups/${R.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DUPLICATE}`;

/** The demo fleet plus a second ws-public-open in the research subscription, so that bare name is ambiguous. */
function fleetWithDuplicateName(): EmulatorState {
  const state = demoFleetState() as EmulatorState & { resources: Record<string, { id: string }> };
  const copy = workspace({ sub: R.subscriptionId, rg: R.rg, name: DUPLICATE, location: R.location, tenantId: DEMO.tenantId, workspaceId: '99999999-0000-0000-0000-000000000001', publicNetworkAccess: 'Enabled' });
  state.resources[copy.id.toLowerCase()] = copy;
  return state;
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(ExitCode.usage);
  return error as UsageError;
}

describe('resolving workspace names against the emulator (real fleet reader over HTTPS)', () => {
  let emu: RunningEmulator;
  let clients: AzureClients;

  beforeAll(async () => {
    emu = await start({ seed: fleetWithDuplicateName() });
    clients = createAzureClients({ credential: emu.credential, armEndpoint: emu.endpoint, tlsCa: emu.caCertPem, retry: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
  }, 60_000);
  afterAll(async () => {
    await emu?.stop();
  });

  it('a name unique in scope resolves to its id; ids pass through unchanged and in order', async () => {
    const ids = await resolveWorkspaceRefs(clients.fleetReader, [prodId('ws-compliant'), 'WS-APPROVED-ONLY'], {});
    expect(ids).toEqual([prodId('ws-compliant'), prodId('ws-approved-only')]);
  });

  it('an ambiguous name lists every match and is a usage error (exit 3)', async () => {
    const error = await usageError(resolveWorkspaceRefs(clients.fleetReader, [DUPLICATE], {}));
    expect(error.message).toContain(`matches 2 workspaces`);
    expect(error.message).toContain(prodId(DUPLICATE));
    expect(error.message).toContain(researchDuplicate);
  });

  it('-g or --subscription narrows an ambiguous name to one', async () => {
    expect(await resolveWorkspaceRefs(clients.fleetReader, [DUPLICATE], { resourceGroup: R.rg })).toEqual([researchDuplicate]);
    expect(await resolveWorkspaceRefs(clients.fleetReader, [DUPLICATE], { subscription: [P.subscriptionId] })).toEqual([prodId(DUPLICATE)]);
  });

  it('an unknown name is a usage error naming the scope', async () => {
    const error = await usageError(resolveWorkspaceRefs(clients.fleetReader, ['ws-nowhere'], { resourceGroup: P.rg }));
    expect(error.message).toMatch(/No workspace named "ws-nowhere" in resource group rg-ml-prod/);
  });

  it('a value with a slash that is no workspace id is refused before anything is listed', async () => {
    const error = await usageError(resolveWorkspaceRefs({ listSubscriptions: () => { throw new Error('must not list'); }, listWorkspaces: () => { throw new Error('must not list'); } }, ['rg/ws'], {}));
    expect(error.message).toMatch(/"rg\/ws" is not a workspace id/);
  });
});

describe('pickByName (pure)', () => {
  it('matches the last segment case-insensitively and nothing else', () => {
    expect(pickByName('ws-A', [prodId('ws-a'), prodId('ws-ab')], {})).toBe(prodId('ws-a'));
    expect(() => pickByName('ws', [prodId('ws-a')], {})).toThrow(/No workspace named "ws"/);
  });
});
