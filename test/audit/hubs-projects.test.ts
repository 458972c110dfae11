import { describe, expect, it } from 'vitest';
import { buildSarif } from '../../src/audit/format/sarif.js';
import { formatCsv } from '../../src/audit/format/csv.js';
import { formatTable } from '../../src/audit/format/table.js';
import { auditExitCode, auditReportSchema } from '../../src/audit/report.js';
import { evaluateWorkspace } from '../../src/audit/rules.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { Workspace } from '../../src/model/workspace.js';
import { aDiagnosticSetting, anArmError, aWorkspace, FakeFleetReader, SUB_A, SUB_B, type WorkspaceSpec } from './builders.js';

const diag = { kind: 'read' as const, settings: [aDiagnosticSetting()] };
const NOW = () => new Date('2026-11-30T10:00:00Z');

function aHub(properties: WorkspaceSpec['properties'] = {}, rg = 'rg-hub'): Workspace {
  return { ...aWorkspace({ name: 'hub-1', resourceGroup: rg, properties }), kind: 'Hub' };
}

/** A project whose own GET claims compliance: only its hub may decide. */
function aProject(hubId: string | undefined, name = 'proj-1', rg = 'rg-proj'): Workspace {
  const ws = aWorkspace({ name, resourceGroup: rg, properties: { hubResourceId: hubId } });
  return { ...ws, kind: 'Project' };
}

const ml005 = (w: { checks: { rule: string; status: string }[] }) => w.checks.filter((c) => c.rule.startsWith('ML005')).map((c) => c.status);

describe('project verdicts come from the hub (pure rules)', () => {
  it('a project of a non-compliant hub fails with inheritedFrom, even though its own settings pass', () => {
    const hub = aHub({ publicNetworkAccess: 'Enabled' });
    const result = evaluateWorkspace(aProject(hub.id), diag, { kind: 'read', hub });
    expect(result).toMatchObject({ kind: 'Project', inheritedFrom: hub.id, compliant: false });
    const pna = result.checks.find((c) => c.rule === 'ML005-public-network-access')!;
    expect(pna).toMatchObject({ status: 'fail', actual: 'Enabled', inheritedFrom: hub.id });
    expect(pna.reason).toMatch(/^From hub hub-1 .*publicNetworkAccess is Enabled/);
    expect(pna.remediation).toMatch(/on the hub .*hub-1, not on the project proj-1/);
  });

  it('a project of a compliant hub passes even when its own GET shows no network at all', () => {
    const hub = aHub();
    const bare = aWorkspace({ name: 'proj-2', properties: { hubResourceId: hub.id, publicNetworkAccess: undefined, managedNetwork: undefined } });
    const result = evaluateWorkspace({ ...bare, kind: 'project' }, diag, { kind: 'read', hub });
    expect(result).toMatchObject({ kind: 'Project', compliant: true });
    expect(ml005(result)).toEqual(['pass', 'pass']);
  });

  it('a project whose hub could not be read, or was not given, is unknown and never compliant', () => {
    const project = aProject('/subscriptions/x/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/h');
    const unreadable = evaluateWorkspace(project, diag, { kind: 'unreadable', hubId: project.properties.hubResourceId, reason: 'AuthorizationFailed (HTTP 403): no.' });
    expect(ml005(unreadable)).toEqual(['unknown', 'unknown']);
    expect(unreadable.compliant).toBe(false);
    expect(unreadable.checks[0]!.reason).toMatch(/could not be read: AuthorizationFailed \(HTTP 403\)/);
    expect(ml005(evaluateWorkspace(project, diag))).toEqual(['unknown', 'unknown']);
    expect(ml005(evaluateWorkspace(aProject(undefined), diag))).toEqual(['unknown', 'unknown']);
  });

  it('hubs, feature stores and default workspaces are judged on their own settings', () => {
    for (const kind of ['Hub', 'FeatureStore', undefined]) {
      const ws = { ...aWorkspace({ properties: { publicNetworkAccess: 'Enabled' } }), ...(kind ? { kind } : {}) };
      const result = evaluateWorkspace(ws, diag);
      expect(result.kind).toBe(kind ?? 'Default');
      expect(result).not.toHaveProperty('inheritedFrom');
      expect(ml005(result)).toEqual(['fail', 'pass']);
    }
  });
});

describe('runAudit with hubs and projects', () => {
  it('uses a hub read in scope without fetching it again', async () => {
    const hub = aHub({ publicNetworkAccess: 'Enabled' });
    const reader = new FakeFleetReader({ workspaces: [aProject(hub.id), aProject(hub.id, 'proj-2'), hub] });
    const report = await runAudit(reader, { now: NOW });
    expect(reader.callsOf('getWorkspace')).toEqual([]);
    const projects = report.workspaces.filter((w) => w.kind === 'Project');
    expect(projects.map((p) => [p.name, p.inheritedFrom, p.compliant])).toEqual([['proj-1', hub.id, false], ['proj-2', hub.id, false]]);
    expect(auditReportSchema.parse(report).schemaVersion).toBe(2);
  });

  it('fetches a hub outside the audited resource group once, for all its projects', async () => {
    const hub = aHub();
    const reader = new FakeFleetReader({ workspaces: [hub, aProject(hub.id), aProject(hub.id, 'proj-2')] });
    const report = await runAudit(reader, { resourceGroup: 'rg-proj', now: NOW });
    expect(reader.callsOf('getWorkspace')).toEqual([hub.id]);
    expect(report.workspaces.map((w) => [w.name, w.compliant])).toEqual([['proj-1', true], ['proj-2', true]]);
    expect(auditExitCode(report)).toBe(0);
  });

  it('a hub answering 403 makes its projects unknown and the report partial (exit 4)', async () => {
    const hub = { ...aHub(), id: aHub().id.replace(SUB_A, SUB_B) };
    const reader = new FakeFleetReader({ subscriptions: [SUB_A], workspaces: [hub, aProject(hub.id)] }).failGet(hub.id, anArmError());
    const report = await runAudit(reader, { subscriptions: [SUB_A], now: NOW });
    expect(ml005(report.workspaces[0]!)).toEqual(['unknown', 'unknown']);
    expect(report.errors).toEqual([expect.objectContaining({ subscriptionId: SUB_B, workspaceId: hub.id, code: 'AuthorizationFailed', statusCode: 403 })]);
    expect(auditExitCode(report)).toBe(4);
  });

  it('a hub that does not exist: projects unknown, a warning, no read error (exit 1)', async () => {
    const missing = aHub().id.replace('hub-1', 'hub-gone');
    const warnings: string[] = [];
    const report = await runAudit(new FakeFleetReader({ workspaces: [aProject(missing)] }), { now: NOW }, { warning: (e) => warnings.push(e.message) });
    expect(ml005(report.workspaces[0]!)).toEqual(['unknown', 'unknown']);
    expect(report.errors).toEqual([]);
    expect(warnings.join('\n')).toMatch(/hub-gone named by a project does not exist/);
    expect(auditExitCode(report)).toBe(1);
  });

  it('every format carries kind and inheritedFrom', async () => {
    const hub = aHub({ publicNetworkAccess: 'Enabled' });
    const report = await runAudit(new FakeFleetReader({ workspaces: [hub, aProject(hub.id)] }), { now: NOW });
    const table = formatTable(report, { color: false, width: 400 });
    expect(table).toMatch(/^proj-1\s+Project\s+rg-proj/m);
    expect(table).toMatch(/^hub-1\s+Hub\s+rg-hub/m);
    expect(table).toContain(`project of hub ${hub.id}`);
    const csvRow = formatCsv(report).split('\r\n').find((l) => l.includes(',proj-1,') && l.includes('ML005-public-network-access'))!;
    expect(csvRow.endsWith(`,Project,${hub.id}`)).toBe(true);
    const sarif = buildSarif(report).runs[0]!.results.find((r) => r.locations[0]!.logicalLocations[0]!.name === 'proj-1' && r.ruleId === 'ML005-public-network-access')!;
    expect(sarif.properties).toMatchObject({ kind: 'Project', inheritedFrom: hub.id });
  });
});
