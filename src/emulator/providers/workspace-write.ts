import type { IsolationMode } from '../../model/workspace.js';
import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { assertCmkPrerequisites } from '../rules/cmk.js';
import { assertCreateOnlyUnchanged } from '../rules/create-only.js';
import { assertKindUnchanged, canonicalKind } from '../rules/hubs.js';
import { assertIsolationTransition, assertNoComputeBlocksIsolation, assertRuleTypesAllowed } from '../rules/isolation.js';
import { assertValidName } from '../rules/names.js';
import { badRequest } from '../rules/rule-error.js';
import { assertNoServiceRules } from '../rules/system-rules.js';
import type { ArmObject } from '../state.js';
import { takeHubPatch, takeHubSettings, withoutProjectNetwork } from './hub-write.js';
import { systemData } from './scope.js';
import {
  WORKSPACE_TYPE,
  blockingChildren,
  finaliseManagedNetwork,
  isolationModeOf,
  managedNetworkOf,
  networkActive,
  normaliseUserRules,
  propsOf,
  userRulesOf,
} from './workspace-model.js';

type Props = Record<string, unknown>;
type Rule = Record<string, unknown>;
const READ_ONLY_PROPS = ['provisioningState', 'workspaceId', 'tenantId', 'mlFlowTrackingUri', 'notebookInfo', 'privateEndpointConnections', 'privateLinkCount', 'serviceProvisionedResourceGroup', 'storageHnsEnabled', 'agentsEndpointUri'];

/** Checks a rule map a client sent (names, categories, types for the mode) and returns it. */
function checkUserRules(mode: IsolationMode, rules: unknown): Record<string, Rule> {
  const map = (rules ?? {}) as Record<string, Rule>;
  assertNoServiceRules(map); // first: sending back the service's own rules is the likelier mistake
  for (const name of Object.keys(map)) assertValidName('outbound rule', name);
  assertRuleTypesAllowed(mode, map);
  return map;
}

/** The workspace a PUT would produce (create or replace), after every service rule has passed. */
export function workspaceFromPut(ctx: EmulatorContext, id: string, name: string, subscriptionId: string, body: Props, current: ArmObject | undefined): ArmObject {
  const incoming = { ...((body.properties ?? {}) as Props) };
  for (const k of READ_ONLY_PROPS) delete incoming[k];
  const kind = canonicalKind(body.kind ?? current?.kind);
  if (current) assertKindUnchanged(current, kind);
  takeHubSettings(ctx, name, subscriptionId, kind, incoming, current);
  const mn = (incoming.managedNetwork ?? {}) as Props;
  const mode = (mn.isolationMode as IsolationMode | undefined) ?? 'Disabled';
  const location = (body.location as string | undefined) ?? current?.location;
  if (!location) throw new ArmHttpError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (current) {
    if (String(current.location).toLowerCase() !== String(location).toLowerCase()) throw badRequest('The location of an existing workspace cannot be changed.');
    assertCreateOnlyUnchanged(current, incoming, 'put');
    assertTransition(ctx, current, mode);
  } else {
    assertCmkPrerequisites(ctx.store, subscriptionId, incoming.encryption);
  }
  const userRules = normaliseUserRules(checkUserRules(mode, mn.outboundRules), current ? userRulesOf(current) : {}, networkActive(current));
  const cur = current ? propsOf(current) : {};
  const props: Props = {
    ...incoming,
    hbiWorkspace: Boolean(incoming.hbiWorkspace ?? cur.hbiWorkspace ?? false),
    publicNetworkAccess: incoming.publicNetworkAccess ?? 'Enabled',
    workspaceId: cur.workspaceId ?? ctx.newId(),
    tenantId: ctx.store.state.tenantId,
    discoveryUrl: `https://${String(location)}.api.azureml.ms/discovery`,
    mlFlowTrackingUri: `azureml://${String(location)}.api.azureml.ms/mlflow/v1.0${id}`,
    managedNetwork: { ...mn, isolationMode: mode, outboundRules: userRules, ...(current ? { status: managedNetworkOf(current).status } : {}) },
  };
  const ws: ArmObject = {
    ...(current ? { systemData: current.systemData } : { systemData: systemData(ctx) }),
    ...body,
    id,
    name,
    type: WORKSPACE_TYPE,
    kind,
    location,
    identity: withIdentityIds(ctx, body.identity, current?.identity),
    properties: props,
  };
  return withoutProjectNetwork(kind, finaliseManagedNetwork(ctx.store, ws, ctx.newId));
}

/** The workspace a PATCH would produce (WorkspaceUpdateParameters), after every service rule has passed. */
export function workspaceFromPatch(ctx: EmulatorContext, current: ArmObject, body: Props): ArmObject {
  const incoming = { ...((body.properties ?? {}) as Props) };
  assertCreateOnlyUnchanged(current, incoming, 'patch');
  const kind = canonicalKind(current.kind);
  takeHubPatch(ctx, kind, incoming, current);
  const curMn = managedNetworkOf(current);
  const mnPatch = incoming.managedNetwork as Props | undefined;
  const mode = (mnPatch?.isolationMode as IsolationMode | undefined) ?? isolationModeOf(current);
  assertTransition(ctx, current, mode);
  // A PATCH that sends outboundRules sends the whole set of user rules (service rules are rebuilt, never sent).
  const userRules =
    mnPatch?.outboundRules !== undefined
      ? normaliseUserRules(checkUserRules(mode, mnPatch.outboundRules), userRulesOf(current), networkActive(current))
      : userRulesOf(current);
  if (mnPatch?.outboundRules === undefined) assertRuleTypesAllowed(mode, userRules);
  const cur = propsOf(current);
  const props: Props = { ...cur, ...incoming, managedNetwork: { ...curMn, ...(mnPatch ?? {}), isolationMode: mode, outboundRules: userRules, status: curMn.status } };
  if (incoming.encryption !== undefined) {
    const enc = cur.encryption as Props;
    const kv = (incoming.encryption as { keyVaultProperties?: { keyIdentifier?: string } }).keyVaultProperties ?? {};
    props.encryption = { ...enc, keyVaultProperties: { ...(enc.keyVaultProperties as Props), ...kv } };
  }
  const ws: ArmObject = {
    ...current,
    ...(body.tags !== undefined ? { tags: body.tags } : {}),
    ...(body.sku !== undefined ? { sku: body.sku } : {}),
    ...(body.identity !== undefined ? { identity: withIdentityIds(ctx, body.identity, current.identity) } : {}),
    properties: props,
  };
  return withoutProjectNetwork(kind, finaliseManagedNetwork(ctx.store, ws, ctx.newId));
}

export function assertWorkspaceName(name: string): void {
  assertValidName('workspace', name);
}

function assertTransition(ctx: EmulatorContext, current: ArmObject, to: IsolationMode): void {
  const from = isolationModeOf(current);
  assertIsolationTransition(from, to);
  const { computes, endpoints } = blockingChildren(ctx.store, current.id);
  assertNoComputeBlocksIsolation(from, to, computes, endpoints);
}

/** The service fills principalId/tenantId of a system-assigned identity. */
function withIdentityIds(ctx: EmulatorContext, identity: unknown, current: unknown): unknown {
  if (typeof identity !== 'object' || identity === null) return identity ?? current;
  const id = identity as Props;
  if (!String(id.type ?? '').includes('SystemAssigned')) return id;
  const prev = (current ?? {}) as Props;
  return { ...id, principalId: id.principalId ?? prev.principalId ?? ctx.newId(), tenantId: ctx.store.state.tenantId };
}
