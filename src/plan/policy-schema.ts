import { z } from 'zod';
import { parseResourceId } from '../model/resource-id.js';
import { endpointRuleProblem } from './endpoint-names.js';

/**
 * The remediation policy: what a remediated workspace must look like beyond MachineLearning-005 itself (which is
 * always the target: publicNetworkAccess Disabled, isolationMode AllowInternetOutbound). One schema serves the policy
 * YAML file, the flags (after conversion) and the copy of the resolved policy inside a plan file; the resolved policy
 * is itself valid input, so re-parsing it is the identity.
 */

/** Workspace and outbound-rule names (FACTS: `^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$`). */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;
export const NAME_MAX_LENGTH = 33;
export const STORAGE_SUBRESOURCES = ['blob', 'file', 'queue', 'table', 'dfs', 'web'] as const;
export type StorageSubresource = (typeof STORAGE_SUBRESOURCES)[number];
export const RETIRE_SOURCE = ['keep', 'soft-delete', 'purge'] as const;
export type RetireSource = (typeof RETIRE_SOURCE)[number];
export const DEFAULT_TAG = { name: 'aml-isolate', value: 'remediated' } as const;
export const DEFAULT_NAME_TEMPLATE = '{name}-iso';
export const SAME_NAME_TEMPLATE = '{name}';
/** https://{vault}.vault.azure.net/keys/{name}[/{version}] in the public, US Gov and China clouds. */
export const KEY_URI = /^https:\/\/([a-z0-9-]{3,24})\.vault\.(?:azure\.net|usgovcloudapi\.net|azure\.cn)\/keys\/([a-zA-Z0-9-]{1,127})(?:\/([a-zA-Z0-9]+))?\/?$/i;

const armId = z.string().refine((s) => parseResourceId(s) !== undefined, {
  message: 'must be an ARM resource id: /subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}',
});
const keep = z.literal('keep');

const privateEndpointSchema = z.strictObject({
  /** Outbound rule name; default `pe-<resource name>-<subresource>` (truncated to fit the name pattern). */
  name: z.string().regex(NAME_PATTERN, { message: `must match ${NAME_PATTERN.source}` }).optional(),
  serviceResourceId: armId,
  subresourceTarget: z.string().min(1),
  sparkEnabled: z.boolean().default(false),
});

/** How users keep reaching a workspace once its public access is Disabled (inbound-policy.ts decides). */
export const INBOUND_MODES = ['auto', 'existing', 'create', 'none'] as const;
export type InboundMode = (typeof INBOUND_MODES)[number];
const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const ZONE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i;

const inboundSchema = z.strictObject({
  /** auto: existing in place, mirror the source's endpoints when re-creating; see README "Inbound access". */
  mode: z.enum(INBOUND_MODES).default('auto'),
  subnetId: z.string().regex(SUBNET_ID, { message: 'must be a subnet id: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}' }).optional(),
  privateDnsZoneResourceGroup: z.string().regex(/^[-\w._()]{1,90}$/, { message: 'must be a resource group name' }).optional(),
  privateDnsZoneIds: z.array(z.string().regex(ZONE_ID, { message: 'must be a private DNS zone id: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/privateDnsZones/{zone}' })).optional(),
  /** The explicit acknowledgement mode none needs: users outside Azure's control plane lose access. */
  allowNoInbound: z.boolean().default(false),
});

const tagSchema = z.strictObject({
  name: z.string().min(1).max(512).regex(/^[^<>%&\\?/]+$/, { message: 'must not contain < > % & \\ ? /' }),
  value: z.string().max(256),
});

const cmkSchema = z.strictObject({
  /** true: the workspace must have a customer-managed key; false: must not; keep: leave as it is. */
  required: z.union([z.boolean(), keep]).default('keep'),
  keyVaultId: armId.optional(),
  keyName: z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, { message: 'must be 1-127 letters, digits or hyphens' }).optional(),
  keyUri: z.string().regex(KEY_URI, { message: 'must look like https://{vault}.vault.azure.net/keys/{name}[/{version}]' }).optional(),
  /** Create keyName (RSA 3072) in the vault when it does not exist: a step of the plan, run by apply like any other. */
  createKey: z.boolean().optional(),
});

const recreateSchema = z.strictObject({
  /** Shorthand for nameTemplate `{name}<suffix>`. */
  nameSuffix: z.string().regex(/^[a-zA-Z0-9_-]+$/, { message: 'may contain only letters, digits, _ and -' }).optional(),
  nameTemplate: z.string().optional(),
  allowSameName: z.boolean().default(false),
  retireSource: z.enum(RETIRE_SOURCE).default('keep'),
});

const carry = z.enum(['copy', 'list', 'skip']);
/** What a re-creation carries over, per kind (see plan/carry-over.ts). Defaults: what a cautious user would pick. */
const carryOverSchema = z.strictObject({
  datastores: carry.default('copy'),
  environments: carry.default('copy'),
  data: carry.default('copy'),
  models: carry.default('copy'),
  computeClusters: carry.default('copy'),
  /** Instances start running (and billing) for their user once created: listed unless asked for. */
  computeInstances: carry.default('list'),
  /** Endpoints, their deployments and traffic: deployments bill and new scoring URIs need callers to switch. */
  onlineEndpoints: carry.default('list'),
  connections: carry.default('list'),
  /** Copying grants access on the new workspace: listed unless asked for. */
  roleAssignments: carry.default('list'),
  schedules: z.enum(['list', 'skip']).default('list'),
  /** Copy datastore and connection secrets (read with listSecrets at execution, never written down). */
  copySecrets: z.boolean().default(false),
  /**
   * Name of a copied online endpoint in a target in the source's region ({name}: the source endpoint's, {workspace}: the
   * new workspace's); absent = DEFAULT_ENDPOINT_NAME_RULE (plan/endpoint-names.ts). Names are unique per region.
   */
  endpointName: z.string().optional(),
});
export const DEFAULT_CARRY_OVER = carryOverSchema.parse({});

export const policyInputSchema = z
  .strictObject({
    version: z.literal(1).optional(),
    isolationMode: z.string().optional(),
    tag: z.union([tagSchema, z.literal(false), z.null()]).optional(),
    privateEndpoints: z.array(privateEndpointSchema).default([]),
    defaultStoragePrivateEndpoints: z.union([z.boolean(), z.array(z.enum(STORAGE_SUBRESOURCES))]).default(true),
    customerManagedKey: cmkSchema.default({ required: 'keep' }),
    hbi: z.union([z.boolean(), keep]).default('keep'),
    serverlessSpark: z.boolean().default(false),
    recreate: recreateSchema.default({ allowSameName: false, retireSource: 'keep' }),
    allowRemovingComputes: z.boolean().default(false),
    inbound: inboundSchema.default({ mode: 'auto', allowNoInbound: false }),
    carryOver: carryOverSchema.default(DEFAULT_CARRY_OVER),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (p.isolationMode !== undefined && p.isolationMode !== 'AllowInternetOutbound') {
      issue(['isolationMode'], p.isolationMode === 'Disabled'
        ? 'a managed network can never go back to Disabled, and MachineLearning-005 requires AllowInternetOutbound; remove the key or set AllowInternetOutbound'
        : `${p.isolationMode} is not a target this tool supports: MachineLearning-005 requires AllowInternetOutbound (and AllowInternetOutbound -> AllowOnlyApprovedOutbound is treated as unsupported)`);
    }
    const { nameSuffix, nameTemplate, allowSameName } = p.recreate;
    if (nameSuffix !== undefined && nameTemplate !== undefined) issue(['recreate', 'nameSuffix'], 'give nameSuffix or nameTemplate, not both');
    if (nameTemplate !== undefined) {
      if (nameTemplate.split('{name}').length !== 2) issue(['recreate', 'nameTemplate'], 'must contain {name} exactly once (a fixed name would collide across workspaces)');
      else if (!/^[a-zA-Z0-9_-]*$/.test(nameTemplate.replace('{name}', ''))) issue(['recreate', 'nameTemplate'], 'besides {name} may contain only letters, digits, _ and -');
      else if (nameTemplate === SAME_NAME_TEMPLATE && !allowSameName) {
        issue(['recreate', 'nameTemplate'], 'reuses the source name, which means deleting and purging the source first (irreversible); set recreate.allowSameName: true to ask for that explicitly');
      }
    }
    if (nameSuffix === '') issue(['recreate', 'nameSuffix'], 'must not be empty');
    const endpointProblem = p.carryOver.endpointName === undefined ? undefined : endpointRuleProblem(p.carryOver.endpointName);
    if (endpointProblem) issue(['carryOver', 'endpointName'], endpointProblem);
    checkCmk(p.customerManagedKey, issue);
    checkInbound(p.inbound, issue);
    if (p.serverlessSpark) {
      const storages = Array.isArray(p.defaultStoragePrivateEndpoints) ? p.defaultStoragePrivateEndpoints : p.defaultStoragePrivateEndpoints ? ['blob'] : [];
      const sparkRule = p.privateEndpoints.some((r) => r.sparkEnabled && /\/Microsoft\.Storage\/storageAccounts\//i.test(r.serviceResourceId));
      if (!storages.includes('blob') && !sparkRule) {
        issue(['serverlessSpark'], 'serverless Spark needs a storage PrivateEndpoint rule with sparkEnabled: keep blob in defaultStoragePrivateEndpoints or add a storage rule with sparkEnabled: true');
      }
    }
  });

function checkInbound(i: z.infer<typeof inboundSchema>, issue: (path: (string | number)[], message: string) => void): void {
  const at = (k: string) => ['inbound', k];
  if (i.mode === 'create' && i.subnetId === undefined) issue(at('subnetId'), 'required when inbound.mode is create (--inbound-subnet SUBNET_ID): the subnet the private endpoint goes into');
  if (i.mode !== 'create') {
    for (const k of ['subnetId', 'privateDnsZoneResourceGroup', 'privateDnsZoneIds'] as const) {
      if (i[k] !== undefined) issue(at(k), `only with inbound.mode create (it is ${i.mode})`);
    }
  }
  if (i.privateDnsZoneResourceGroup !== undefined && i.privateDnsZoneIds !== undefined) issue(at('privateDnsZoneIds'), 'give privateDnsZoneIds or privateDnsZoneResourceGroup, not both');
  if (i.mode === 'none' && !i.allowNoInbound) issue(at('allowNoInbound'), 'inbound.mode none locks users out of studio, the SDK and az ml: set allowNoInbound: true (--allow-no-inbound) to acknowledge it');
  if (i.allowNoInbound && i.mode !== 'none') issue(at('allowNoInbound'), `acknowledges inbound.mode none, but the mode is ${i.mode}`);
}

function checkCmk(c: z.infer<typeof cmkSchema>, issue: (path: (string | number)[], message: string) => void): void {
  const at = (k: string) => ['customerManagedKey', k];
  const named = c.keyVaultId !== undefined || c.keyName !== undefined || c.keyUri !== undefined;
  if (c.required !== true) {
    if (named) issue(at('required'), 'a key vault or key is named but required is not true; set required: true or remove keyVaultId/keyName/keyUri');
    return;
  }
  if (c.keyVaultId === undefined) issue(at('keyVaultId'), 'required when customerManagedKey.required is true');
  else if (!/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(c.keyVaultId)) issue(at('keyVaultId'), 'must be the ARM id of a Microsoft.KeyVault/vaults resource');
  if (c.createKey === true && c.keyUri !== undefined) issue(at('createKey'), 'a key to create is named by keyName, not keyUri (its version does not exist yet)');
  if ((c.keyName === undefined) === (c.keyUri === undefined)) issue(at(c.keyName === undefined ? 'keyName' : 'keyUri'), 'give exactly one of keyName and keyUri');
  const uriVault = c.keyUri !== undefined ? KEY_URI.exec(c.keyUri)?.[1] : undefined;
  const idVault = c.keyVaultId?.split('/').pop();
  if (uriVault !== undefined && idVault !== undefined && uriVault.toLowerCase() !== idVault.toLowerCase()) {
    issue(at('keyUri'), `names vault ${uriVault} but keyVaultId names vault ${idVault}`);
  }
}

export type PolicyInput = z.input<typeof policyInputSchema>;
type ParsedPolicyInput = z.output<typeof policyInputSchema>;

/** A resolved policy: every default applied. Stored verbatim in a plan; itself valid policy input. */
export interface Policy {
  /** Tag added to every remediated (or created) workspace; null: add none. */
  tag: { name: string; value: string } | null;
  /** Extra PrivateEndpoint outbound rules for every workspace, in the policy's order. */
  privateEndpoints: { name?: string | undefined; serviceResourceId: string; subresourceTarget: string; sparkEnabled: boolean }[];
  /** Subresources of the workspace's own default storage account that get a PrivateEndpoint rule. */
  defaultStoragePrivateEndpoints: StorageSubresource[];
  customerManagedKey: { required: boolean | 'keep'; keyVaultId?: string | undefined; keyName?: string | undefined; keyUri?: string | undefined; createKey?: boolean | undefined };
  /** true: must be HBI (forces re-creation when not); false: must not be (impossible once set); keep: as is. */
  hbi: boolean | 'keep';
  /** Provision the managed network with Spark and make the default storage blob rule Spark-enabled. */
  serverlessSpark: boolean;
  recreate: {
    /** Contains `{name}` exactly once; `{name}` alone means "same name" (needs allowSameName). */
    nameTemplate: string;
    allowSameName: boolean;
    /** What happens to the source after the new workspace is verified: nothing (default), soft delete, or purge. */
    retireSource: RetireSource;
  };
  /** In-place only: delete computes and online endpoints that block the move to a managed network. */
  allowRemovingComputes: boolean;
  inbound: InboundPolicy;
  /** Re-creation only: per kind of contents, copy / list / skip; copySecrets opts in to copying credentials. */
  carryOver: z.output<typeof carryOverSchema>;
}

export interface InboundPolicy {
  mode: InboundMode;
  /** mode create: the subnet of the new private endpoint. */
  subnetId?: string | undefined;
  /** mode create: where missing zones are created (default: the subnet's resource group). */
  privateDnsZoneResourceGroup?: string | undefined;
  /** mode create: existing zones to use instead (api and notebooks). */
  privateDnsZoneIds?: string[] | undefined;
  /** true exactly when mode is none. */
  allowNoInbound: boolean;
}

export function normalisePolicy(p: ParsedPolicyInput): Policy {
  const cmk: Policy['customerManagedKey'] = { required: p.customerManagedKey.required };
  if (p.customerManagedKey.keyVaultId !== undefined) cmk.keyVaultId = p.customerManagedKey.keyVaultId;
  if (p.customerManagedKey.keyName !== undefined) cmk.keyName = p.customerManagedKey.keyName;
  if (p.customerManagedKey.keyUri !== undefined) cmk.keyUri = p.customerManagedKey.keyUri;
  if (p.customerManagedKey.createKey === true) cmk.createKey = true;
  const storage = p.defaultStoragePrivateEndpoints;
  return {
    tag: p.tag === undefined ? { ...DEFAULT_TAG } : p.tag === false || p.tag === null ? null : p.tag,
    privateEndpoints: p.privateEndpoints.map((r) => (r.name === undefined ? { serviceResourceId: r.serviceResourceId, subresourceTarget: r.subresourceTarget, sparkEnabled: r.sparkEnabled } : r)),
    defaultStoragePrivateEndpoints: storage === true ? ['blob', 'file'] : storage === false ? [] : [...new Set(storage)],
    customerManagedKey: cmk,
    hbi: p.hbi,
    serverlessSpark: p.serverlessSpark,
    recreate: {
      nameTemplate: p.recreate.nameTemplate ?? (p.recreate.nameSuffix !== undefined ? `{name}${p.recreate.nameSuffix}` : DEFAULT_NAME_TEMPLATE),
      allowSameName: p.recreate.allowSameName,
      retireSource: p.recreate.retireSource,
    },
    allowRemovingComputes: p.allowRemovingComputes,
    inbound: normaliseInbound(p.inbound),
    carryOver: { ...p.carryOver },
  };
}

function normaliseInbound(i: z.infer<typeof inboundSchema>): InboundPolicy {
  const out: InboundPolicy = { mode: i.mode, allowNoInbound: i.allowNoInbound };
  if (i.subnetId !== undefined) out.subnetId = i.subnetId;
  if (i.privateDnsZoneResourceGroup !== undefined) out.privateDnsZoneResourceGroup = i.privateDnsZoneResourceGroup;
  if (i.privateDnsZoneIds !== undefined) out.privateDnsZoneIds = [...i.privateDnsZoneIds];
  return out;
}

/** Parses a resolved policy (as stored in a plan file). */
export const policySchema = policyInputSchema.transform(normalisePolicy);
