import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/audit/format/sarif.js';
import { RULES } from '../../src/audit/rule-catalog.js';
import { aReport } from './report-fixture.js';

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation?: unknown; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[]; partialFingerprints: Record<string, string> }[];
  }[];
}

const sarif = (report = aReport()) => JSON.parse(formatSarif(report)) as SarifLog;

describe('formatSarif', () => {
  it('has the SARIF 2.1.0 envelope and driver', () => {
    const log = sarif();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'aml-isolate', version: '1.2.3' });
    expect(driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const rule of driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.shortDescription.text && rule.fullDescription.text && rule.help.text).toBeTruthy();
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
  });

  it('reports every fail and unknown (not passes), with existing rules and correct ruleIndex', () => {
    const report = aReport();
    const run = sarif(report).runs[0]!;
    const expected = report.workspaces.flatMap((w) => w.checks.filter((c) => c.status !== 'pass').map((c) => `${w.id}|${c.rule}|${c.reason}`));
    expect(run.results.map((r) => `${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}|${r.ruleId}|${r.message.text}`)).toEqual(expected);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.locations[0]!.physicalLocation).toBeUndefined();
      expect(result.locations[0]!.logicalLocations[0]!.kind).toBe('resource');
    }
  });

  it('uses error for ML-005, warning for related rules, note for unknown', () => {
    const run = sarif().runs[0]!;
    const level = (rule: string, ws: string) => run.results.find((r) => r.ruleId === rule && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.endsWith(ws))?.level;
    expect(level('ML005-public-network-access', '/bad-ws')).toBe('error');
    expect(level('ML005-managed-network-isolation', '/bad-ws')).toBe('error');
    expect(level('AML-hbi-workspace', '/bad-ws')).toBe('warning');
    expect(level('AML-diagnostic-logs', '/bad-ws')).toBe('warning');
    expect(level('AML-diagnostic-logs', '/diag-403')).toBe('note');
  });

  it('has partial fingerprints that are stable and distinct per workspace and rule', () => {
    const a = sarif().runs[0]!.results;
    const b = sarif().runs[0]!.results;
    expect(a.map((r) => r.partialFingerprints)).toEqual(b.map((r) => r.partialFingerprints));
    const prints = a.map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(prints).size).toBe(a.length);
  });

  it('marks the invocation unsuccessful and lists subscription errors as notifications', () => {
    const run = sarif().runs[0]!;
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications).toHaveLength(1);
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.message.text).toMatch(/33333333-.*AuthorizationFailed \(HTTP 403\)/);
    const clean = sarif(aReport({ errors: [] })).runs[0]!;
    expect(clean.invocations[0]!.executionSuccessful).toBe(true);
    expect(clean.invocations[0]!.toolExecutionNotifications).toEqual([]);
  });
});
