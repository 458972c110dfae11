import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { OutboundRule, WorkspaceYaml } from './workspace-yaml-model.js';
import { describeIssue, describeValue, formatPath, WorkspaceYamlError, type WorkspaceYamlProblem } from './workspace-yaml-problems.js';
import { destinationSchemas, ruleTypeSchema, workspaceSchema } from './workspace-yaml-schema.js';
import { lineOf, type YamlPath } from './yaml-locate.js';

export interface ParseWorkspaceYamlOptions {
  /** How the file is named in messages (its path); default "workspace YAML". */
  source?: string;
}

/**
 * YAML 1.1, as PyYAML (which az ml uses) reads it: `spark_enabled: yes` is a boolean there and must be here too, or
 * this tool and az would disagree about what a file means.
 */
export const YAML_VERSION = '1.1';

/**
 * Parses an az ml workspace YAML file into the model. Every problem found is reported at once, each with its line,
 * in a WorkspaceYamlError (a UsageError). The older map form of managed_network.outbound_rules (rule name → rule) is
 * accepted and returned in the list form.
 */
export function parseWorkspaceYaml(text: string, options: ParseWorkspaceYamlOptions = {}): WorkspaceYaml {
  const source = options.source ?? 'workspace YAML';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, version: YAML_VERSION });
  if (doc.errors.length > 0) {
    throw new WorkspaceYamlError(
      source,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: '', message: `YAML syntax: ${e.message}` };
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new WorkspaceYamlError(source, [{ line: 1, column: 1, path: '', message: `cannot be expanded: ${(error as Error).message.split('\n')[0]}` }]);
  }
  if (!isPlainObject(value)) {
    const found = value === null || value === undefined ? 'nothing' : describeValue(value);
    throw new WorkspaceYamlError(source, [{ line: lineOf(doc, lineCounter, []), path: '', message: `must be a mapping of workspace settings (name, location, managed_network, ...), found ${found}` }]);
  }

  const problems: WorkspaceYamlProblem[] = [];
  const at = (path: YamlPath, message: string) => problems.push({ line: lineOf(doc, lineCounter, path), path: formatPath(path), message });
  const report = (base: YamlPath, issues: readonly z.core.$ZodIssue[]) => {
    for (const issue of issues) at([...base, ...issue.path], describeIssue(issue));
  };

  const top = workspaceSchema.safeParse(value, { reportInput: true });
  if (!top.success) report([], top.error.issues);
  const rules = checkOutboundRules(value, report, at);

  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new WorkspaceYamlError(source, problems);
  }
  const model = { ...value } as WorkspaceYaml;
  if (rules !== undefined && isPlainObject(value.managed_network)) {
    model.managed_network = { ...value.managed_network, outbound_rules: rules };
  }
  return model;
}

type Report = (base: YamlPath, issues: readonly z.core.$ZodIssue[]) => void;
type At = (path: YamlPath, message: string) => void;

/** The rules in list form, or undefined when the file has none (or when outbound_rules is not usable). */
function checkOutboundRules(value: Record<string, unknown>, report: Report, at: At): OutboundRule[] | undefined {
  const network = value.managed_network;
  if (!isPlainObject(network)) return undefined;
  const raw = network.outbound_rules;
  const base = ['managed_network', 'outbound_rules'];
  if (raw === undefined || raw === null) return undefined;

  let entries: Array<{ path: YamlPath; rule: unknown; keyName?: string }>;
  if (Array.isArray(raw)) entries = raw.map((rule, i) => ({ path: [...base, i], rule }));
  else if (isPlainObject(raw)) entries = Object.entries(raw).map(([name, rule]) => ({ path: [...base, name], rule, keyName: name }));
  else {
    at(base, `must be a list of rules, not ${describeValue(raw)}`);
    return undefined;
  }

  const seen = new Set<string>();
  const rules: OutboundRule[] = [];
  for (const { path, rule, keyName } of entries) {
    if (!isPlainObject(rule)) {
      at(path, `must be a rule mapping (name, type, destination), not ${describeValue(rule)}`);
      continue;
    }
    const name = ruleName(rule, path, keyName, at);
    if (name !== undefined) {
      if (seen.has(name)) at(path, `duplicate rule name "${name}"; rule names must be unique`);
      seen.add(name);
    }
    const typed = ruleTypeSchema.safeParse(rule, { reportInput: true });
    if (!typed.success) {
      report(path, typed.error.issues);
      continue;
    }
    const shaped = destinationSchemas[typed.data.type].safeParse(rule, { reportInput: true });
    if (!shaped.success) report(path, shaped.error.issues);
    else if (name !== undefined) rules.push(withNameFirst(name, rule) as OutboundRule);
  }
  return rules;
}

function ruleName(rule: Record<string, unknown>, path: YamlPath, keyName: string | undefined, at: At): string | undefined {
  if (keyName !== undefined) {
    if (rule.name !== undefined && rule.name !== keyName) {
      at([...path, 'name'], `is ${describeValue(rule.name)} but the rule is listed under "${keyName}"; remove name or make them equal`);
      return undefined;
    }
    return keyName;
  }
  if (typeof rule.name === 'string' && rule.name.length > 0) return rule.name;
  at([...path, 'name'], rule.name === undefined ? 'is required' : `must be a non-empty string, not ${describeValue(rule.name)}`);
  return undefined;
}

function withNameFirst(name: string, rule: Record<string, unknown>): Record<string, unknown> {
  const { name: _ignored, ...rest } = rule;
  return { name, ...rest };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
