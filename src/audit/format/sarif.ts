import { createHash } from 'node:crypto';
import type { AuditReport, Check } from '../report.js';
import { RULES, ruleById, type RuleDefinition } from '../rule-catalog.js';
import { formatJson } from './json.js';
import { automationId, toRelativeUri, workspaceEntryLines } from './sarif-locations.js';

/**
 * SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps). A workspace is no source file, so
 * each result carries two locations in one: the workspace's ARM id as a logical location, and, because GitHub
 * rejects a result without a physical one, the workspace's entry in the JSON audit report written beside the SARIF
 * (a file the user commits or uploads with it). Results: every 'fail' (error for MachineLearning-005 checks, warning
 * for related rules) and every 'unknown' (note); passes are not results. Subscription errors become tool execution
 * notifications and make the invocation unsuccessful.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where to read about the tool (SARIF tool.driver.informationUri). */
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/aml-isolate';
/** The JSON report's path when none is given: relative to the repository root, as GitHub resolves it. */
export const DEFAULT_SARIF_ARTIFACT = 'aml-isolate-audit.json';

type Level = 'error' | 'warning' | 'note';

export interface SarifOptions {
  /** Path of the JSON audit report (formatJson of the same report) relative to the repository root. */
  artifactPath?: string;
}

export function formatSarif(report: AuditReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}

export function buildSarif(report: AuditReport, options: SarifOptions = {}) {
  const index = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  const uri = toRelativeUri(options.artifactPath ?? DEFAULT_SARIF_ARTIFACT);
  const lines = workspaceEntryLines(formatJson(report));
  const results = report.workspaces.flatMap((w) =>
    w.checks
      .filter((c) => c.status !== 'pass')
      .map((c) => {
        const ruleIndex = index.get(c.rule);
        return {
          ruleId: c.rule,
          ...(ruleIndex === undefined ? {} : { ruleIndex }),
          level: levelOf(c),
          message: { text: c.reason },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri }, region: { startLine: lines.get(w.id.toLowerCase()) ?? 1 } },
              logicalLocations: [{ fullyQualifiedName: w.id, name: w.name, kind: 'resource' }],
            },
          ],
          partialFingerprints: { 'workspaceRule/v1': fingerprint(w.id, c.rule) },
          properties: {
            status: c.status, actual: c.actual, expected: c.expected, subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, location: w.location, kind: w.kind,
            ...(c.inheritedFrom ? { inheritedFrom: c.inheritedFrom } : {}),
          },
        };
      }),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: TOOL_INFORMATION_URI,
            rules: RULES.map(toDescriptor),
          },
        },
        automationDetails: { id: automationId(report) },
        artifacts: [{ location: { uri }, mimeType: 'application/json', description: { text: 'aml-isolate audit report (JSON)' } }],
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'error',
              message: {
                text: `Subscription ${e.subscriptionId}${e.workspaceId ? `, workspace ${e.workspaceId}` : ''} could not be read: ${e.code}${e.statusCode === undefined ? '' : ` (HTTP ${e.statusCode})`}: ${e.message}`,
              },
              ...(e.workspaceId ? { locations: [{ logicalLocations: [{ fullyQualifiedName: e.workspaceId, kind: 'resource' }] }] } : {}),
              properties: { subscriptionId: e.subscriptionId, code: e.code, statusCode: e.statusCode, requestId: e.requestId },
            })),
          },
        ],
        results,
        properties: { scope: report.scope, summary: report.summary },
      },
    ],
  };
}

function toDescriptor(rule: RuleDefinition) {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: rule.help, markdown: `${rule.help}\n\n[Microsoft Learn](${rule.helpUri})` },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: rule.ml005 ? 'error' : 'warning' },
    properties: { 'problem.severity': rule.ml005 ? 'error' : 'warning', severity: rule.severity, ml005: rule.ml005 },
  };
}

function levelOf(check: Check): Level {
  if (check.status === 'unknown') return 'note';
  return ruleById(check.rule)?.ml005 ? 'error' : 'warning';
}

/** Stable across runs and case changes of the id, distinct per workspace and rule. */
function fingerprint(workspaceId: string, rule: string): string {
  return createHash('sha256').update(`${workspaceId.toLowerCase()}\n${rule}`).digest('hex');
}
