import { describe, expect, it } from 'vitest';
import { runAudit, type AuditEvents } from '../../src/audit/run-audit.js';
import { auditExitCode } from '../../src/audit/report.js';
import { UsageError } from '../../src/errors.js';
import { aDiagnosticSetting, aFleet, anArmError, aWorkspace, FakeFleetReader, SUB_A, SUB_B, SUB_C } from './builders.js';

const NOW = () => new Date('2026-11-02T10:00:00.000Z');

function recordEvents() {
  const log: string[] = [];
  const events: AuditEvents = {
    subscriptionStarted: (e) => log.push(`started ${e.subscriptionId}`),
    subscriptionDone: (e) => log.push(`done ${e.subscriptionId} ${e.workspaces}`),
    subscriptionFailed: (e) => log.push(`failed ${e.subscriptionId} ${e.error.code}`),
    workspaceAudited: (e) => log.push(`audited ${e.workspace.name}`),
    warning: (e) => log.push(`warning ${e.message}`),
  };
  return { log, events };
}

describe('runAudit (arm discovery)', () => {
  it('audits every subscription the reader lists, sorted by id, with a summary', async () => {
    const reader = new FakeFleetReader({
      workspaces: [
        aWorkspace({ subscriptionId: SUB_B, name: 'zeta' }),
        aWorkspace({ subscriptionId: SUB_A, name: 'Beta', properties: { publicNetworkAccess: 'Enabled' } }),
        aWorkspace({ subscriptionId: SUB_A, name: 'alpha' }),
      ],
    });
    const report = await runAudit(reader, { now: NOW, toolVersion: '9.9.9' });
    expect(reader.callsOf('listSubscriptions')).toHaveLength(1);
    expect(report.workspaces.map((w) => w.name)).toEqual(['alpha', 'Beta', 'zeta']);
    expect(report).toMatchObject({
      schemaVersion: 2,
      tool: { name: 'aml-isolate', version: '9.9.9' },
      generatedAt: '2026-11-02T10:00:00.000Z',
      scope: { subscriptions: [SUB_A, SUB_B], discovery: 'arm' },
      summary: { subscriptionsScanned: 2, subscriptionsFailed: 0, workspaces: 3, compliant: 2, nonCompliant: 1 },
      errors: [],
    });
    expect(report.scope).not.toHaveProperty('resourceGroup');
    expect(auditExitCode(report)).toBe(1);
  });

  it('audits only the given subscriptions, without listing subscriptions', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A, SUB_B, SUB_C], 2) });
    const report = await runAudit(reader, { subscriptions: [SUB_C, SUB_A, SUB_A.toUpperCase()], now: NOW });
    expect(reader.callsOf('listSubscriptions')).toHaveLength(0);
    expect(report.scope.subscriptions).toEqual([SUB_A, SUB_C]);
    expect(new Set(report.workspaces.map((w) => w.subscriptionId))).toEqual(new Set([SUB_A, SUB_C]));
    expect(report.workspaces).toHaveLength(4);
  });

  it('passes the resource group filter to the reader and records it in the scope', async () => {
    const reader = new FakeFleetReader({
      workspaces: [aWorkspace({ resourceGroup: 'rg-keep', name: 'in' }), aWorkspace({ resourceGroup: 'rg-other', name: 'out' })],
    });
    const report = await runAudit(reader, { resourceGroup: 'rg-keep', now: NOW });
    expect(report.workspaces.map((w) => w.name)).toEqual(['in']);
    expect(report.scope.resourceGroup).toBe('rg-keep');
  });

  it('streams many pages and audits every workspace once', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A], 250) });
    reader.pageSize = 20;
    const report = await runAudit(reader, { now: NOW });
    expect(reader.callsOf('listWorkspaces')).toHaveLength(13);
    expect(reader.callsOf('listDiagnosticSettings')).toHaveLength(250);
    expect(report.summary).toMatchObject({ workspaces: 250, compliant: 125, nonCompliant: 125 });
  });

  it('one subscription failing with 403 is recorded; the others complete; exit code 4', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A, SUB_B, SUB_C], 3) });
    reader.failSubscription(SUB_B, anArmError({ code: 'AuthorizationFailed', statusCode: 403, requestId: 'rid-42', message: 'No access to B.' }));
    const { log, events } = recordEvents();
    const report = await runAudit(reader, { now: NOW }, events);
    expect(report.errors).toEqual([
      { subscriptionId: SUB_B, code: 'AuthorizationFailed', statusCode: 403, requestId: 'rid-42', message: 'No access to B.' },
    ]);
    expect(report.summary).toMatchObject({ subscriptionsScanned: 2, subscriptionsFailed: 1, workspaces: 6 });
    expect(new Set(report.workspaces.map((w) => w.subscriptionId))).toEqual(new Set([SUB_A, SUB_C]));
    expect(auditExitCode(report)).toBe(4);
    expect(log).toContain(`failed ${SUB_B} AuthorizationFailed`);
    expect(log).toContain(`done ${SUB_A} 3`);
    for (const s of [SUB_A, SUB_B, SUB_C]) {
      expect(log.filter((l) => l.startsWith('started') && l.endsWith(s))).toHaveLength(1);
      expect(log.filter((l) => (l.startsWith('done') || l.startsWith('failed')) && l.includes(s))).toHaveLength(1);
    }
  });

  it('a subscription throttled past retries after some pages keeps the workspaces already read', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A, SUB_B], 10) });
    reader.pageSize = 4;
    reader.failSubscription(SUB_A, anArmError({ code: 'TooManyRequests', statusCode: 429 }), 1);
    const report = await runAudit(reader, { now: NOW });
    expect(report.workspaces.filter((w) => w.subscriptionId === SUB_A)).toHaveLength(4);
    expect(report.errors).toMatchObject([{ subscriptionId: SUB_A, code: 'TooManyRequests', statusCode: 429 }]);
    expect(auditExitCode(report)).toBe(4);
  });

  it('a subscription that does not exist (404 SubscriptionNotFound) is an error, not an abort', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A], 1) });
    reader.failSubscription(SUB_C, anArmError({ code: 'SubscriptionNotFound', statusCode: 404 }));
    const report = await runAudit(reader, { subscriptions: [SUB_A, SUB_C], now: NOW });
    expect(report.errors.map((e) => [e.subscriptionId, e.code])).toEqual([[SUB_C, 'SubscriptionNotFound']]);
    expect(report.workspaces).toHaveLength(1);
  });

  it('a resource group missing from one subscription is a warning, not a failure', async () => {
    const reader = new FakeFleetReader({ workspaces: [aWorkspace({ subscriptionId: SUB_A, resourceGroup: 'rg' })], subscriptions: [SUB_A, SUB_B] });
    reader.failSubscription(SUB_B, anArmError({ code: 'ResourceGroupNotFound', statusCode: 404 }));
    const { log, events } = recordEvents();
    const report = await runAudit(reader, { resourceGroup: 'rg', now: NOW }, events);
    expect(report.errors).toEqual([]);
    expect(log.some((l) => l.startsWith('warning') && l.includes(SUB_B))).toBe(true);
    expect(auditExitCode(report)).toBe(0);
  });

  it('a diagnostic-settings read failure makes that check unknown and is not a subscription failure', async () => {
    const bad = aWorkspace({ name: 'no-diag-access' });
    const reader = new FakeFleetReader({ workspaces: [bad, aWorkspace({ name: 'fine' })] });
    reader.failDiagnostics(bad.id, anArmError({ code: 'AuthorizationFailed', statusCode: 403 }));
    const report = await runAudit(reader, { now: NOW });
    expect(report.errors).toEqual([]);
    const diag = report.workspaces.find((w) => w.name === 'no-diag-access')!.checks.find((c) => c.rule === 'AML-diagnostic-logs');
    expect(diag).toMatchObject({ status: 'unknown' });
    expect(diag?.reason).toMatch(/AuthorizationFailed \(HTTP 403\)/);
    expect(report.workspaces.every((w) => w.compliant)).toBe(true);
    expect(auditExitCode(report)).toBe(0);
  });

  it('uses the diagnostic settings read for each workspace', async () => {
    const ws = aWorkspace({ name: 'silent' });
    const reader = new FakeFleetReader({ workspaces: [ws], diagnostics: { [ws.id.toUpperCase()]: [aDiagnosticSetting({ logs: [] })] } });
    const report = await runAudit(reader, { now: NOW });
    expect(report.workspaces[0]!.checks.find((c) => c.rule === 'AML-diagnostic-logs')?.status).toBe('fail');
  });

  it('checkDiagnostics false reads no diagnostic settings and leaves the check out', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A], 3) });
    const report = await runAudit(reader, { checkDiagnostics: false, now: NOW });
    expect(reader.callsOf('listDiagnosticSettings')).toEqual([]);
    expect(report.workspaces[0]!.checks.map((c) => c.rule)).not.toContain('AML-diagnostic-logs');
  });

  it('emits workspaceAudited for each workspace', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A], 3) });
    const { log, events } = recordEvents();
    await runAudit(reader, { now: NOW }, events);
    expect(log.filter((l) => l.startsWith('audited')).sort()).toEqual(['audited ws-000', 'audited ws-001', 'audited ws-002']);
  });

  it('an empty fleet is compliant (exit 0)', async () => {
    const report = await runAudit(new FakeFleetReader({ subscriptions: [SUB_A] }), { now: NOW });
    expect(report.summary).toMatchObject({ subscriptionsScanned: 1, workspaces: 0 });
    expect(auditExitCode(report)).toBe(0);
  });

  it('propagates a listSubscriptions failure (no scope, nothing to report)', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A], 1) });
    reader.listSubscriptions = () => Promise.reject(anArmError({ code: 'InvalidAuthenticationToken', statusCode: 401 }));
    await expect(runAudit(reader, { now: NOW })).rejects.toMatchObject({ code: 'InvalidAuthenticationToken' });
  });

  it('refuses a bad concurrency', async () => {
    await expect(runAudit(new FakeFleetReader(), { concurrency: 0 })).rejects.toBeInstanceOf(UsageError);
    await expect(runAudit(new FakeFleetReader(), { concurrency: 2.5 })).rejects.toBeInstanceOf(UsageError);
  });

  it('stops when aborted and rejects with the abort reason', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A, SUB_B], 50) });
    reader.latencyMs = 5;
    const controller = new AbortController();
    const run = runAudit(reader, { abortSignal: controller.signal, concurrency: 4 }, {
      workspaceAudited: () => controller.abort(new Error('user pressed Ctrl-C')),
    });
    await expect(run).rejects.toThrow('user pressed Ctrl-C');
    expect(reader.calls.length).toBeLessThan(20);
  });

  it('produces byte-identical reports for the same fleet', async () => {
    const fleet = { workspaces: aFleet([SUB_C, SUB_A, SUB_B], 7) };
    const a = await runAudit(new FakeFleetReader(fleet), { now: NOW, concurrency: 3 });
    const b = await runAudit(new FakeFleetReader(fleet), { now: NOW, concurrency: 17 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('runAudit (resource-graph discovery)', () => {
  it('confirms every id with getWorkspace and audits the ARM copy, not ARG data', async () => {
    const ws = aWorkspace({ name: 'real', properties: { publicNetworkAccess: 'Enabled' } });
    const reader = new FakeFleetReader({ workspaces: [ws, aWorkspace({ subscriptionId: SUB_B, name: 'other' })] });
    const report = await runAudit(reader, { discovery: 'resource-graph', now: NOW });
    expect(reader.callsOf('queryWorkspaces')).toEqual([`${SUB_A},${SUB_B}`]);
    expect(reader.callsOf('listWorkspaces')).toEqual([]);
    expect(reader.callsOf('getWorkspace').sort()).toEqual([ws.id, aWorkspace({ subscriptionId: SUB_B, name: 'other' }).id].sort());
    expect(reader.callsOf('listDiagnosticSettings')).toHaveLength(2);
    expect(report.scope.discovery).toBe('resource-graph');
    expect(report.workspaces.find((w) => w.name === 'real')?.compliant).toBe(false);
  });

  it('drops an id that 404s on confirm with a warning', async () => {
    const kept = aWorkspace({ name: 'kept' });
    const reader = new FakeFleetReader({ workspaces: [kept], subscriptions: [SUB_A] });
    const gone = aWorkspace({ name: 'deleted-since-indexing' }).id;
    reader.resourceGraphIds = [kept.id, gone, kept.id.toUpperCase()];
    const { log, events } = recordEvents();
    const report = await runAudit(reader, { discovery: 'resource-graph', now: NOW }, events);
    expect(report.workspaces.map((w) => w.name)).toEqual(['kept']);
    expect(report.errors).toEqual([]);
    expect(log.some((l) => l.startsWith('warning') && l.includes(gone))).toBe(true);
    expect(log).toContain(`done ${SUB_A} 1`);
    expect(auditExitCode(report)).toBe(0);
  });

  it('records a 403 on confirm against the workspace and its subscription', async () => {
    const denied = aWorkspace({ name: 'denied' });
    const reader = new FakeFleetReader({ workspaces: [denied, aWorkspace({ name: 'ok' })] });
    reader.failGet(denied.id, anArmError({ code: 'AuthorizationFailed', statusCode: 403, requestId: 'r-9' }));
    const report = await runAudit(reader, { discovery: 'resource-graph', now: NOW });
    expect(report.errors).toMatchObject([{ subscriptionId: SUB_A, workspaceId: denied.id, code: 'AuthorizationFailed', statusCode: 403, requestId: 'r-9' }]);
    expect(report.workspaces.map((w) => w.name)).toEqual(['ok']);
    expect(auditExitCode(report)).toBe(4);
  });

  it('a failed Resource Graph query fails every subscription in scope', async () => {
    const reader = new FakeFleetReader({ workspaces: aFleet([SUB_A, SUB_B], 1) });
    reader.failResourceGraph(anArmError({ code: 'RateLimiting', statusCode: 429 }));
    const report = await runAudit(reader, { discovery: 'resource-graph', now: NOW });
    expect(report.errors.map((e) => e.subscriptionId)).toEqual([SUB_A, SUB_B]);
    expect(report.summary).toMatchObject({ subscriptionsScanned: 0, subscriptionsFailed: 2 });
  });

  it('passes the resource group to the query', async () => {
    const reader = new FakeFleetReader({ workspaces: [aWorkspace({ resourceGroup: 'a', name: 'in-a' }), aWorkspace({ resourceGroup: 'b', name: 'in-b' })] });
    const report = await runAudit(reader, { discovery: 'resource-graph', resourceGroup: 'b', now: NOW });
    expect(report.workspaces.map((w) => w.name)).toEqual(['in-b']);
  });
});
