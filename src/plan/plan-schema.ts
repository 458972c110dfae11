import { z } from 'zod';
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
]);
const undo = z.discriminatedUnion('irreversible', [
  z.strictObject({ irreversible: z.literal(false), kind: z.enum(['patch-workspace', 'delete-outbound-rule', 'put-outbound-rule', 'delete-workspace', 'delete-diagnostic-setting', 'delete-copies', 'nothing']), description: z.string(), request: request.optional() }),
  z.strictObject({ irreversible: z.literal(true), reason: z.string() }),
]);
const step = z.strictObject({
  id: z.string(),
  kind: z.enum(['create-key', 'update-workspace', 'create-workspace', 'put-outbound-rule', 'provision-managed-network', 'copy-diagnostic-settings', 'delete-compute', 'delete-online-endpoint', 'verify-compliance', 'copy-contents', 'compare-contents', 'retire-source', 'purge-source']),
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
  planId: z.string().min(1),
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
  })),
  errorCount: z.number().int().min(0),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
}).superRefine((plan, ctx) => {
  // Cross-field invariants a schema alone cannot state.
  const ids = new Set<string>();
  plan.workspaces.forEach((w, wi) => {
    if ((w.strategy === 'none') !== (w.target === undefined)) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'target'], message: 'target must be absent exactly when strategy is none' });
    if (w.blocked !== w.diagnostics.some((d) => d.severity === 'error')) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'blocked'], message: 'blocked must be true exactly when there is an error diagnostic' });
    w.steps.forEach((s, si) => {
      for (const dep of s.dependsOn) if (!ids.has(dep)) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'steps', si, 'dependsOn'], message: `depends on ${dep}, which is not an earlier step` });
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['workspaces', wi, 'steps', si, 'id'], message: `duplicate step id ${s.id}` });
      ids.add(s.id);
    });
  });
});

// Compile-time check that the schema's output is a Plan.
export const typedPlanSchema: z.ZodType<Plan, unknown> = planSchema as unknown as z.ZodType<Plan, unknown>;
const _check: (p: z.output<typeof planSchema>) => Plan = (p) => p;
void _check;
