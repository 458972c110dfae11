import { describe, expect, it } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { lroKindOf, REALISTIC_LRO_MS, resolveLroDurations } from '../../src/emulator/lro-durations.js';
import { UsageError } from '../../src/errors.js';
import { API, call, start, type Reply } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;
const RULE = { properties: { type: 'FQDN', destination: 'pypi.org' } };

/** An emulator on a clock the test moves by hand: what is asserted is the order, never how long anything took. */
async function onClock(options: EmulatorOptions): Promise<{ emu: RunningEmulator; at(ms: number): void }> {
  let t = 1_000_000;
  const t0 = t;
  const emu = await start({ ...options, now: () => t });
  return { emu, at: (ms) => (t = t0 + ms) };
}

/** Three operations of three kinds started at the same instant, on three workspaces. */
async function startThree(emu: RunningEmulator): Promise<Record<'update' | 'rule' | 'provision', Reply>> {
  const update = await call(emu, 'PATCH', `${WS}/${DEMO.workspaces.publicInternetOutbound}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } });
  const rule = await call(emu, 'PUT', `${WS}/${DEMO.workspaces.approvedOnly}/outboundRules/fqdn-pypi?${API}`, RULE);
  const provision = await call(emu, 'POST', `${WS}/${DEMO.workspaces.compliant}/provisionManagedNetwork?${API}`, { includeSpark: false });
  for (const r of [update, rule, provision]) expect(r.status).toBe(202);
  return { update, rule, provision };
}

async function statusOf(emu: RunningEmulator, started: Reply): Promise<string> {
  return (await call(emu, 'GET', String(started.headers['azure-asyncoperation']))).body.status;
}

async function statuses(emu: RunningEmulator, ops: Record<string, Reply>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, r] of Object.entries(ops)) out[name] = await statusOf(emu, r);
  return out;
}

describe('LRO durations by operation kind', () => {
  it('a map gives each kind its own duration; kinds not named take default', async () => {
    const { emu, at } = await onClock({ lroDurationMs: { default: 3000, outboundRule: 2000, provisionManagedNetwork: 5000 } });
    try {
      const ops = await startThree(emu);
      at(1999);
      expect(await statuses(emu, ops)).toEqual({ update: 'InProgress', rule: 'InProgress', provision: 'InProgress' });
      at(2000);
      expect(await statuses(emu, ops)).toEqual({ update: 'InProgress', rule: 'Succeeded', provision: 'InProgress' });
      at(3000);
      expect(await statuses(emu, ops)).toEqual({ update: 'Succeeded', rule: 'Succeeded', provision: 'InProgress' });
      at(4999);
      expect(await statusOf(emu, ops.provision)).toBe('InProgress');
      at(5000);
      expect(await statusOf(emu, ops.provision)).toBe('Succeeded');
    } finally {
      await emu.stop();
    }
  });

  it("'realistic' keeps Azure's proportions, scaled by lroTimeScale: rule, then update, then the managed network", async () => {
    const { emu, at } = await onClock({ lroDurationMs: 'realistic', lroTimeScale: 0.001 });
    try {
      const ops = await startThree(emu);
      at(REALISTIC_LRO_MS.outboundRule * 0.001);
      expect(await statuses(emu, ops)).toEqual({ update: 'InProgress', rule: 'Succeeded', provision: 'InProgress' });
      at(REALISTIC_LRO_MS.updateWorkspace * 0.001);
      expect(await statuses(emu, ops)).toEqual({ update: 'Succeeded', rule: 'Succeeded', provision: 'InProgress' });
      at(REALISTIC_LRO_MS.provisionManagedNetwork * 0.001 - 1);
      expect(await statusOf(emu, ops.provision)).toBe('InProgress');
      at(REALISTIC_LRO_MS.provisionManagedNetwork * 0.001);
      expect(await statusOf(emu, ops.provision)).toBe('Succeeded');
    } finally {
      await emu.stop();
    }
  });

  it('Retry-After is the seconds an operation has left; lroRetryAfter none sends none, like the recorded service', async () => {
    const { emu, at } = await onClock({ lroDurationMs: 'realistic' });
    try {
      const ops = await startThree(emu);
      expect(ops.provision.headers['retry-after']).toBe('1800');
      expect(ops.rule.headers['retry-after']).toBe('30');
      at(600_000);
      const poll = await call(emu, 'GET', String(ops.provision.headers['azure-asyncoperation']));
      expect([poll.body.status, poll.headers['retry-after']]).toEqual(['InProgress', '1200']);
      emu.configure({ lroRetryAfter: 'none' });
      const quiet = await call(emu, 'GET', String(ops.provision.headers['azure-asyncoperation']));
      expect([quiet.body.status, quiet.headers['retry-after']]).toEqual(['InProgress', undefined]);
      const located = await call(emu, 'GET', String(ops.provision.headers.location));
      expect([located.status, located.headers['retry-after']]).toEqual([202, undefined]);
    } finally {
      await emu.stop();
    }
  });

  it('configure changes durations for operations started afterwards; a bad value is refused in one line', async () => {
    const { emu, at } = await onClock({ lroDurationMs: 0 });
    try {
      emu.configure({ lroDurationMs: { updateWorkspace: 100 } });
      const update = await call(emu, 'PATCH', `${WS}/${DEMO.workspaces.publicInternetOutbound}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } });
      const rule = await call(emu, 'PUT', `${WS}/${DEMO.workspaces.approvedOnly}/outboundRules/fqdn-pypi?${API}`, RULE);
      expect([await statusOf(emu, update), await statusOf(emu, rule)]).toEqual(['InProgress', 'Succeeded']);
      at(100);
      expect(await statusOf(emu, update)).toBe('Succeeded');
      expect(() => emu.configure({ lroTimeScale: 0 })).toThrow(UsageError);
      const refused = await call(emu, 'POST', '/_emulator/config', { lroDurationMs: 'fast' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/^lroDurationMs must be .*'realistic'.*, not "fast"\.$/);
    } finally {
      await emu.stop();
    }
  });
});

describe('resolveLroDurations', () => {
  it('a number is every kind; the preset orders outbound rule < update < create < managed network', () => {
    expect(new Set(Object.values(resolveLroDurations(250, 2)))).toEqual(new Set([500]));
    const r = resolveLroDurations('realistic', 0.01);
    expect(r.provisionManagedNetwork).toBe(18_000); // FACTS: ~30 minutes, / 100
    expect(r.outboundRule).toBeLessThan(r.updateWorkspace);
    expect(r.updateWorkspace).toBeLessThan(r.createWorkspace);
    expect(r.createWorkspace).toBeLessThan(r.provisionManagedNetwork);
  });

  it.each([
    [-1, 1, /lroDurationMs must be a non-negative number/],
    ['slow', 1, /lroDurationMs must be a number of milliseconds, 'realistic' or an object/],
    [{ createWorkspce: 10 }, 1, /unknown operation kind\(s\) createWorkspce; use default, createWorkspace/],
    [{ outboundRule: Number.NaN }, 1, /lroDurationMs\.outboundRule must be a non-negative/],
    ['realistic', -0.5, /lroTimeScale must be a positive number/],
  ])('refuses %j (scale %j) with a one-line UsageError', (setting, scale, message) => {
    expect(() => resolveLroDurations(setting as never, scale)).toThrow(UsageError);
    expect(() => resolveLroDurations(setting as never, scale)).toThrow(message);
  });

  it('refuses a bad setting when the emulator starts', async () => {
    await expect(start({ lroDurationMs: { provision: 5 } as never })).rejects.toThrow(/unknown operation kind\(s\) provision/);
  });

  it('tells network operations apart by the resource they write', () => {
    const pe = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/pe1';
    expect(lroKindOf({ kind: 'put-network', id: pe, resource: { id: pe } })).toBe('privateEndpoint');
    expect(lroKindOf({ kind: 'delete-network', id: `${pe}/privateDnsZoneGroups/default` })).toBe('privateDns');
    expect(lroKindOf({ kind: 'delete-network', id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateDnsZones/z' })).toBe('privateDns');
    expect(lroKindOf({ kind: 'put-workspace', id: 'w', resource: { id: 'w' }, creating: true })).toBe('createWorkspace');
    expect(lroKindOf({ kind: 'delete-child', workspaceId: 'w', id: 'c' })).toBe('workspaceChild');
  });
});
