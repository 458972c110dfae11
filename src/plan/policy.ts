import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { policyInputSchema, normalisePolicy, type Policy, type PolicyInput } from './policy-schema.js';
import { parseCarryOverFlag } from './carry-over-flags.js';

export type { Policy, PolicyInput } from './policy-schema.js';

/** One problem in a policy: where (YAML path, line and column when known) and what. */
export interface PolicyProblem {
  source: string;
  /** Dotted path such as `privateEndpoints[1].subresourceTarget`; empty for the document itself. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A policy was rejected; `problems` lists every problem found, not only the first. */
export class PolicyError extends UsageError {
  readonly problems: PolicyProblem[];
  constructor(source: string, problems: PolicyProblem[]) {
    const n = problems.length;
    super(`${source}: ${n} problem${n === 1 ? '' : 's'} in the policy:\n` + problems.map((p) => `  ${formatProblem(p)}`).join('\n'));
    this.problems = problems;
  }
}

export function formatProblem(p: PolicyProblem): string {
  const where = p.line === undefined ? p.source : `${p.source}:${p.line}:${p.column ?? 1}`;
  return `${where}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

/** The policy used when neither a file nor flags say otherwise. */
export function defaultPolicy(): Policy {
  return normalisePolicy(policyInputSchema.parse({}));
}

/** Parses and validates a policy YAML file. Throws PolicyError listing all problems (syntax, then schema). */
export function loadPolicy(yamlText: string, sourceName: string): { policy: Policy } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyError(sourceName, doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { source: sourceName, path: '', line: pos.line, column: pos.col, message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') };
    }));
  }
  let raw: unknown;
  try {
    // The yaml package refuses an alias expansion larger than this (a "billion laughs" file) instead of growing memory.
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new PolicyError(sourceName, [{ source: sourceName, path: '', message: `cannot be expanded: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const result = policyInputSchema.safeParse(raw);
  if (!result.success) {
    const problems = issuesToProblems(result.error.issues, sourceName, doc, lineCounter);
    throw new PolicyError(sourceName, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  }
  return { policy: normalisePolicy(result.data) };
}

/** Flags of `plan` that shape the policy; each overrides the policy file's value. */
export interface PolicyFlags {
  /** `name=value`. */
  tag?: string;
  noTag?: boolean;
  /** `<serviceResourceId>:<subresource>[:spark]`, repeatable. */
  privateEndpoint?: string[];
  /** Subresources of the default storage account; `[]` for none. */
  defaultStoragePrivateEndpoints?: string[];
  requireCmk?: boolean;
  cmkKeyVault?: string;
  cmkKeyName?: string;
  cmkKeyUri?: string;
  hbi?: boolean;
  serverlessSpark?: boolean;
  nameSuffix?: string;
  nameTemplate?: string;
  allowSameName?: boolean;
  retireSource?: string;
  allowRemovingComputes?: boolean;
  /** auto | existing | create | none. */
  inbound?: string;
  inboundSubnet?: string;
  privateDnsZoneRg?: string;
  privateDnsZoneId?: string[];
  allowNoInbound?: boolean;
  /** `KIND=copy|list|skip`, repeatable (the last for a kind wins). */
  carryOver?: string[];
  copySecrets?: boolean;
}

/** Converts flags to policy input (a partial policy). Flag syntax problems are all reported in one PolicyError. */
export function policyFromFlags(flags: PolicyFlags): PolicyInput {
  const problems: PolicyProblem[] = [];
  const out: Record<string, unknown> = {};
  const problem = (flag: string, message: string) => problems.push({ source: 'flags', path: flag, message });
  if (flags.tag !== undefined && flags.noTag) problem('--tag', 'give --tag or --no-tag, not both');
  if (flags.tag !== undefined) {
    const eq = flags.tag.indexOf('=');
    if (eq <= 0) problem('--tag', `expected name=value, got "${flags.tag}"`);
    else out.tag = { name: flags.tag.slice(0, eq), value: flags.tag.slice(eq + 1) };
  } else if (flags.noTag) out.tag = false;
  if (flags.privateEndpoint?.length) {
    out.privateEndpoints = flags.privateEndpoint.map((spec) => {
      const [id = '', sub = '', spark, ...rest] = spec.split(':');
      if (sub === '' || rest.length > 0 || (spark !== undefined && spark !== 'spark')) {
        problem('--private-endpoint', `expected <serviceResourceId>:<subresource>[:spark], got "${spec}"`);
      }
      return { serviceResourceId: id, subresourceTarget: sub, sparkEnabled: spark === 'spark' };
    });
  }
  if (flags.defaultStoragePrivateEndpoints !== undefined) out.defaultStoragePrivateEndpoints = flags.defaultStoragePrivateEndpoints;
  const cmk: Record<string, unknown> = {};
  if (flags.requireCmk !== undefined) cmk.required = flags.requireCmk;
  if (flags.cmkKeyVault !== undefined) cmk.keyVaultId = flags.cmkKeyVault;
  if (flags.cmkKeyName !== undefined) cmk.keyName = flags.cmkKeyName;
  if (flags.cmkKeyUri !== undefined) cmk.keyUri = flags.cmkKeyUri;
  if (Object.keys(cmk).length > 0) out.customerManagedKey = cmk;
  if (flags.hbi !== undefined) out.hbi = flags.hbi;
  if (flags.serverlessSpark !== undefined) out.serverlessSpark = flags.serverlessSpark;
  const recreate: Record<string, unknown> = {};
  if (flags.nameSuffix !== undefined) recreate.nameSuffix = flags.nameSuffix;
  if (flags.nameTemplate !== undefined) recreate.nameTemplate = flags.nameTemplate;
  if (flags.allowSameName !== undefined) recreate.allowSameName = flags.allowSameName;
  if (flags.retireSource !== undefined) recreate.retireSource = flags.retireSource;
  if (Object.keys(recreate).length > 0) out.recreate = recreate;
  if (flags.allowRemovingComputes !== undefined) out.allowRemovingComputes = flags.allowRemovingComputes;
  const inbound = inboundFromFlags(flags);
  if (inbound) out.inbound = inbound;
  const carryOver: Record<string, unknown> = {};
  for (const spec of flags.carryOver ?? []) {
    const parsed = parseCarryOverFlag(spec);
    if (typeof parsed === 'string') problem('--carry-over', parsed);
    else carryOver[parsed.key] = parsed.decision;
  }
  if (flags.copySecrets !== undefined) carryOver.copySecrets = flags.copySecrets;
  if (Object.keys(carryOver).length > 0) out.carryOver = carryOver;
  if (problems.length > 0) throw new PolicyError('flags', problems);
  return out as PolicyInput;
}

/** --inbound-subnet implies mode create and --allow-no-inbound mode none, unless --inbound names the mode. */
function inboundFromFlags(flags: PolicyFlags): Record<string, unknown> | undefined {
  const i: Record<string, unknown> = {};
  if (flags.inbound !== undefined) i.mode = flags.inbound;
  if (flags.inboundSubnet !== undefined) {
    i.subnetId = flags.inboundSubnet;
    i.mode ??= 'create';
  }
  if (flags.privateDnsZoneRg !== undefined) i.privateDnsZoneResourceGroup = flags.privateDnsZoneRg;
  if (flags.privateDnsZoneId?.length) i.privateDnsZoneIds = flags.privateDnsZoneId;
  if (flags.allowNoInbound) {
    i.allowNoInbound = true;
    i.mode ??= 'none';
  }
  return Object.keys(i).length ? i : undefined;
}

/**
 * Overrides (from flags) win over the base policy (from a file, or the default); private endpoints add up; a name
 * suffix or template in the overrides replaces the base's template. The result is validated as a whole.
 */
export function mergePolicy(base: Policy, overrides: PolicyInput): Policy {
  const merged: Record<string, unknown> = { ...base, tag: base.tag ?? false };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (key === 'privateEndpoints') merged[key] = [...base.privateEndpoints, ...(value as unknown[])];
    else if (key === 'customerManagedKey') merged[key] = { ...base.customerManagedKey, ...(value as object) };
    // Per kind: a flag for one kind keeps the file's decisions for the others.
    else if (key === 'carryOver') merged[key] = { ...base.carryOver, ...(value as object) };
    // A mode from the flags replaces the file's inbound section: its subnet or zones belong to the file's mode.
    else if (key === 'inbound') merged[key] = (value as { mode?: string }).mode !== undefined ? value : { ...base.inbound, ...(value as object) };
    else if (key === 'recreate') {
      const r = value as Record<string, unknown>;
      const { nameTemplate, ...rest } = base.recreate;
      merged[key] = { ...rest, ...(r.nameSuffix === undefined && r.nameTemplate === undefined ? { nameTemplate } : {}), ...r };
    } else merged[key] = value;
  }
  const result = policyInputSchema.safeParse(merged);
  if (!result.success) {
    throw new PolicyError('policy and flags', result.error.issues.map((i) => ({ source: 'policy and flags', path: formatPath(i.path), message: i.message })));
  }
  return normalisePolicy(result.data);
}

function issuesToProblems(issues: z.core.$ZodIssue[], source: string, doc: Document, lc: LineCounter): PolicyProblem[] {
  // One problem per unknown key, each pointing at the key itself.
  const split = issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key], path: [...issue.path, key] })) : [issue],
  );
  return split.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const problem: PolicyProblem = { source, path: formatPath(path), message: describeIssue(issue) };
    // Point at the deepest node that exists: a missing key is reported at its parent map.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const pos = lc.linePos(node.range[0]);
        problem.line = pos.line;
        problem.column = pos.col;
        break;
      }
    }
    return problem;
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (see plans/README.md for the policy keys)`;
  // zod's union message is "Invalid input": say what the union accepts.
  if (issue.code === 'invalid_union') {
    const key = String(issue.path[issue.path.length - 1] ?? '');
    if (key === 'hbi' || key === 'required') return 'must be true, false or keep';
    if (key === 'tag') return 'must be {name, value} or false';
    if (key === 'defaultStoragePrivateEndpoints') return 'must be true, false or a list of blob, file, queue, table, dfs, web';
  }
  return issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc === '' ? String(p) : `${acc}.${String(p)}`), '');
}
