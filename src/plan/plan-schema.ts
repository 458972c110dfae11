import { z } from 'zod';
import { checkRolloutCovers } from './rollout-check.js';

/** What a plan id may be (newId() gives a UUID). */
export const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
import { policySchema } from './policy-schema.js';
import type { Plan } from './plan.js';
import { CONTENT_KINDS } from './carry-over.js';

/** Zod schema of a plan file (format version 1). Typed against Plan so the two cannot drift apart. */
const json = z.record(z.string(), z.unknown());
const request = z.strictObject({
  method: z.enum(['GET', 'PUT', 'PATCH', 'POST', 'DELETE']),
  path: z.string().startsWith('/subscriptions/'),
  apiVersion: z.string(),
  query: z.record(z.string(), z.string()).optional(),
  body: json.optional(),
});
const precondition = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('resource-exists'), id: z.string() }),
  z.strictObject({ kind: z.literal('name-free'), id: z.string() }),
  z.strictObject({ kind: z.literal('no-computes'), id: z.string() }),
  z.strictObject({ kind: z.literal('fingerprint-matches'), id: z.string(), value: z.string() }),
  z.strictObject({ kind: z.literal('public-access-disabled'), id: z.string() }),
  z.strictObject({ kind: z.literal('step-succeeded'), stepId: z.string() }),
  z.strictObject({ kind: z.literal('inbound-access'), id: z.string() }),
  z.strictObject({ kind: z.literal('subnet-ready'), id: z.string(), location: z.string() }),
]);
const undo = z.discriminatedUnion('irreversible', [
  z.strictObject({ irreversible: z.literal(false), kind: z.enum(['patch-workspace', 'delete-outbound-rule', 'put-outbound-rule', 'delete-workspace', 'delete-diagnostic-setting', 'delete-network-resource', 'delete-copies', 'nothing']), description: z.string(), request: request.optional() }),
  z.strictObject({ irreversible: z.literal(true), reason: z.string() }),
]);
const step = z.strictObject({
  id: z.string(),
  kind: z.enum(['create-key', 'update-workspace', 'create-workspace', 'put-outbound-rule', 'provision-managed-network', 'copy-diagnostic-settings', 'delete-compute', 'delete-online-endpoint', 'verify-compliance', 'copy-contents', 'compare-contents', 'retire-source', 'purge-source', 'create-private-dns-zone', 'link-private-dns-zone', 'create-private-endpoint', 'create-private-dns-zone-group']),
  action: z.enum(['create', 'update', 'replace', 'delete', 'action', 'read']),
  target: z.string(),
  before: json.nullable(),
  after: json.nullable(),
  reason: z.string(),
  preconditions: z.array(precondition),
  dependsOn: z.array(z.string()),
  undo,
  request,
});
const peRule = z.strictObject({ type: z.literal('PrivateEndpoint'), destination: z.strictObject({ serviceResourceId: z.string(), subresourceTarget: z.string(), sparkEnabled: z.boolean() }) });
const target = z.strictObject({
  subscriptionId: z.string(), resourceGroup: z.string(), name: z.string(), location: z.string(),
  displayName: z.string().optional(), description: z.string().optional(), tags: z.record(z.string(), z.string()),
  hbiWorkspace: z.boolean(), storageAccount: z.string(), keyVault: z.string(),
  applicationInsights: z.string().optional(), containerRegistry: z.string().optional(),
  identity: z.strictObject({ type: z.literal('SystemAssigned') }),
  publicNetworkAccess: z.literal('Disabled'),
  managedNetwork: z.strictObject({ isolationMode: z.literal('AllowInternetOutbound'), outboundRules: z.record(z.string(), peRule) }),
  encryption: z.strictObject({ keyVaultArmId: z.string(), keyIdentifier: z.string() }).optional(),
  provision: z.strictObject({ includeSpark: z.boolean() }),
  inbound: z.strictObject({
    mode: z.enum(['existing', 'create', 'none']),
    endpoints: z.array(z.strictObject({ id: z.string(), location: z.string(), subnetId: z.string(), zoneIds: z.array(z.string()) })),
    createZones: z.array(z.string()),
    links: z.array(z.strictObject({ id: z.string(), zoneId: z.string(), vnetId: z.string() })),
  }).optional(),
});
const diagnostic = z.strictObject({ severity: z.enum(['error', 'warning']), code: z.string(), subject: z.string(), summary: z.string(), remedy: z.string() });
const fingerprint = z.strictObject({ id: z.string(), kind: z.enum(['etag', 'sha256']), value: z.string(), normalised: z.unknown().optional() });
const names = z.array(z.string()).nullable();
const carriedItem = z.strictObject({
  path: z.string().min(1), sourcePath: z.string().optional(), body: json, fingerprint: z.string(),
  auth: z.strictObject({ type: z.string(), mode: z.enum(['identity', 'secrets']), settings: json.optional() }).optional(),
});
const carryOver = z.strictObject({
  sourceGuid: z.string().optional(),
  endpointNameRule: z.string().optional(),
  groups: z.array(z.strictObject({
    kind: z.enum(CONTENT_KINDS), decision: z.enum(['copy', 'list', 'skip']), reason: z.string(), items: z.array(carriedItem),
    skipped: z.array(z.strictObject({ path: z.string(), reason: z.string() })).optional(),
  })),
  notCarried: z.array(z.string()),
  warnings: z.array(z.string()),
});

export const planSchema = z.strictObject({
  formatVersion: z.literal(1),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  /** Names the plan's folder and its locks: a strict pattern, so no plan file can point a path outside plans/. */
  planId: z.string().regex(PLAN_ID, { message: 'must be 1-64 letters, digits, - or _, starting with a letter or digit' }),
  createdAt: z.iso.datetime(),
  policy: policySchema,
  basis: z.record(z.string(), fingerprint),
  workspaces: z.array(z.strictObject({
    sourceId: z.string(),
    strategy: z.enum(['none', 'in-place', 'recreate', 'recreate-same-name']),
    strategyReason: z.string(),
    target: target.optional(),
    holds: z.strictObject({
      computes: z.array(z.strictObject({ id: z.string(), name: z.string(), computeType: z.string() })),
      onlineEndpoints: z.array(z.strictObject({ id: z.string(), name: z.string() })),
      datastores: z.array(z.strictObject({ name: z.string(), datastoreType: z.string(), isDefault: z.boolean() })),
      models: names, environments: names, dataAssets: names,
      outboundRules: z.array(z.strictObject({ name: z.string(), type: z.string(), category: z.string(), destination: z.string() })),
    }),
    carryOver: carryOver.optional(),
    notCarriedOver: z.array(z.string()),
    steps: z.array(step),
    diagnostics: z.array(diagnostic),
    blocked: z.boolean(),
    projects: z.array(z.string()).optional(),
  })),
  errorCount: z.number().int().min(0),
  rollout: z.strictObject({
    waves: z.array(z.array(z.string()).min(1)),
    canary: z.number().int().min(0),
    maxFailures: z.number().int().min(0),
    basis: z.string(),
  }).optional(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
}).superRefine((plan, ctx) => {
  // Cross-field invariants a schema alone cannot state.
  const ids = new Set<string>();
  plan.workspaces.forEach((w, wi) => {
    if ((w.strategy === 'none') !== (w.target === undefined)) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'target'], message: 'target must be absent exactly when strategy is none' });
    if (w.blocked !== w.diagnostics.some((d) => d.severity === 'error')) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'blocked'], message: 'blocked must be true exactly when there is an error diagnostic' });
    const projects = (w.projects ?? []).map((p) => p.toLowerCase());
    w.steps.forEach((s, si) => {
      const t = s.target.toLowerCase();
      if (projects.some((p) => t === p || t.startsWith(`${p}/`))) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'steps', si, 'target'], message: 'a step must never target a project (projects are remediated through their hub)' });
      for (const dep of s.dependsOn) if (!ids.has(dep)) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'steps', si, 'dependsOn'], message: `depends on ${dep}, which is not an earlier step` });
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'steps', si, 'id'], message: `duplicate step id ${s.id}` });
      ids.add(s.id);
    });
  });
  if (plan.rollout) checkRolloutCovers(plan.rollout.waves, plan.workspaces, (message) => ctx.addIssue({ code: 'custom', path: ['rollout', 'waves'], message }));
});

// Compile-time check that the schema's output is a Plan.
export const typedPlanSchema: z.ZodType<Plan, unknown> = planSchema as unknown as z.ZodType<Plan, unknown>;
const _check: (p: z.output<typeof planSchema>) => Plan = (p) => p;
void _check;
