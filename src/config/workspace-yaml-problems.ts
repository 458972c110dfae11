import type { z } from 'zod';
import { UsageError } from '../errors.js';
import type { YamlPath } from './yaml-locate.js';

/** One thing wrong with a workspace YAML file. */
export interface WorkspaceYamlProblem {
  /** 1-based; absent when the problem has no place in the file (an empty file). */
  line?: number;
  column?: number;
  /** Dotted key path (`managed_network.outbound_rules[1].destination`), or '' for the whole file. */
  path: string;
  message: string;
}

/**
 * A workspace YAML file that cannot be used. The message starts with a one-line summary, then one line per problem,
 * so a user can fix everything in one go; `problems` carries the same for callers that render them differently.
 */
export class WorkspaceYamlError extends UsageError {
  readonly source: string;
  readonly problems: readonly WorkspaceYamlProblem[];
  constructor(source: string, problems: readonly WorkspaceYamlProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((p) => `  ${where(p)}${p.path ? `${p.path}: ` : ''}${p.message}`);
    super([`${source}: ${count} in the az ml workspace YAML; fix ${problems.length === 1 ? 'it' : 'them'} and run again:`, ...lines].join('\n'));
    this.source = source;
    this.problems = problems;
  }
}

function where(p: WorkspaceYamlProblem): string {
  if (p.line === undefined) return '';
  return p.column === undefined ? `line ${p.line}: ` : `line ${p.line}, column ${p.column}: `;
}

export function formatPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(String(segment))) out += out ? `.${String(segment)}` : String(segment);
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** A zod issue as a sentence about the YAML value (zod's own wording speaks of JS types). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      const quoteHint =
        issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean' || input instanceof Date)
          ? ' (put it in quotes to keep it text)'
          : '';
      return `must be ${article(issue.expected)}, not ${describeValue(input)}${quoteHint}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const suggestion = typeof input === 'string' ? suggest(input, allowed) : undefined;
      return `must be one of ${allowed.join(', ')}, not ${describeValue(input)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
    }
    case 'too_small':
      return 'must not be empty';
    default:
      return issue.message;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `a date (${value.toISOString().slice(0, 10)})`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The allowed value a REST-style or differently cased spelling stands for: "AllowInternetOutbound" → allow_internet_outbound. */
function suggest(input: string, allowed: readonly string[]): string | undefined {
  const squash = (s: string) => s.replace(/[_\-\s]/g, '').toLowerCase();
  return allowed.find((a) => squash(a) === squash(input));
}
