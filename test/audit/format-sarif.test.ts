import { describe, expect, it } from 'vitest';
import { formatSarif, DEFAULT_SARIF_ARTIFACT } from '../../src/audit/format/sarif.js';
import { formatJson } from '../../src/audit/format/json.js';
import { RULES } from '../../src/audit/rule-catalog.js';
import { aReport } from './report-fixture.js';

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; name: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    automationDetails: { id: string };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[]; partialFingerprints: Record<string, string> }[];
  }[];
}

const sarif = (report = aReport(), artifactPath?: string) => JSON.parse(formatSarif(report, artifactPath ? { artifactPath } : {})) as SarifLog;

describe('formatSarif', () => {
  it('has the SARIF 2.1.0 envelope and driver', () => {
    const log = sarif();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'aml-isolate', version: '1.2.3' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const rule of driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.shortDescription.text && rule.fullDescription.text && rule.help.text).toBeTruthy();
      expect(rule.helpUri).toMatch(/^https:\/\/learn\.microsoft\.com\//);
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
      expect(result.locations[0]!.logicalLocations[0]!.kind).toBe('resource');
    }
  });

  it('gives every result a physical location: the workspace entry in the JSON report beside it', () => {
    const report = aReport();
    const jsonLines = formatJson(report).split('\n');
    for (const [path, uri] of [[undefined, DEFAULT_SARIF_ARTIFACT], ['out dir/audit.json', 'out%20dir/audit.json'], ['./a\\b.json', 'a/b.json']] as const) {
      for (const result of sarif(report, path).runs[0]!.results) {
        const { artifactLocation, region } = result.locations[0]!.physicalLocation;
        expect(artifactLocation.uri).toBe(uri);
        const id = result.locations[0]!.logicalLocations[0]!.fullyQualifiedName;
        // startLine is the entry's opening brace; its id is on the next line.
        expect(jsonLines[region.startLine - 1]).toBe('    {');
        expect(jsonLines[region.startLine]).toBe(`      "id": ${JSON.stringify(id)},`);
      }
    }
    expect(() => formatSarif(report, { artifactPath: 'https://example.test/a.json' })).toThrow(/relative/);
    expect(() => formatSarif(report, { artifactPath: '/abs/a.json' })).toThrow(/relative/);
  });

  it('names the scope in automationDetails.id: the same category on every run of the same scope, another for another', () => {
    const category = (id: string) => id.slice(0, id.lastIndexOf('/'));
    const a = sarif().runs[0]!.automationDetails.id;
    const later = sarif({ ...aReport(), generatedAt: '2027-01-01T00:00:00.000Z' }).runs[0]!.automationDetails.id;
    const narrower = sarif({ ...aReport(), scope: { ...aReport().scope, resourceGroup: 'rg-dev' } }).runs[0]!.automationDetails.id;
    expect(category(later)).toBe(category(a));
    expect(later).not.toBe(a);
    expect(category(narrower)).not.toBe(category(a));
    expect(category(a)).toMatch(/^aml-isolate\/audit\//);
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
