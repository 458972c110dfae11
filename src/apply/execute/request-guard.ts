import { apiVersions, workspaceApiVersion } from '../../model/api-versions.js';
import { workspaceId } from '../../model/resource-id.js';
import { createWorkspaceBody, endpointBody, inboundApiVersion, linkBody, outboundRuleBody, zoneBody, zoneGroupBody, zoneGroupId, type PlanStep, type PlanWorkspace, type StepKind } from '../../plan/index.js';
import { canonicalJson } from '../../plan/canonical-json.js';
import type { ContentKind } from '../../plan/carry-over.js';
import { carryRequests, copyGroup } from '../../plan/carry-over-requests.js';
import { copyStepRequest } from '../../plan/carry-over-steps.js';
import { endpointPathProblem } from './endpoint-path-guard.js';

/**
 * What a step of each kind may send, derived from its workspace and the plan's target, never from the step alone: a
 * plan file edited to send another request (another workspace's path, another body) is refused before any write,
 * whatever its content hash says. One entry per kind: a new kind without one fails to compile.
 */
type Check = (step: PlanStep, ws: PlanWorkspace, ids: WorkspaceIds) => string | undefined;

interface WorkspaceIds {
  source: string;
  /** The plan's target workspace (the source itself in place); undefined when the plan has none. */
  target: string | undefined;
}

const CHECKS: Record<StepKind, Check> = {
  'create-key': (step, ws) => {
    const vault = ws.target?.encryption?.keyVaultArmId;
    if (!vault) return 'the plan\'s target has no customer-managed key';
    return expect(step, 'PUT', apiVersions.keyVault, { under: vault, segment: 'keys' }, { properties: { kty: 'RSA', keySize: 3072 } });
  },
  'update-workspace': (step, _ws, ids) => expectOn(step, 'PATCH', ids.source) ?? patchBodyProblem(step),
  'create-workspace': (step, ws, ids) =>
    ids.target === undefined || same(ids.target, ids.source)
      ? 'create-workspace needs a target other than the source'
      : expectOn(step, 'PUT', ids.target, createWorkspaceBody(ws.target!)),
  'put-outbound-rule': (step, ws, ids) => {
    const name = childName(step.request.path, ids.target ?? ids.source, 'outboundRules');
    const rule = name === undefined ? undefined : ws.target?.managedNetwork.outboundRules[name];
    if (!rule) return `${step.request.path} is not an outbound rule of the plan's target`;
    return expect(step, 'PUT', workspaceApiVersion, { exact: step.target }, { properties: outboundRuleBody(rule) });
  },
  'provision-managed-network': (step, ws, ids) =>
    expect(step, 'POST', workspaceApiVersion, { exact: `${ids.target ?? ids.source}/provisionManagedNetwork` }, { includeSpark: ws.target?.provision.includeSpark ?? false }),
  'copy-diagnostic-settings': (step, _ws, ids) =>
    ids.target === undefined || same(ids.target, ids.source)
      ? 'diagnostic settings are copied only to a new workspace'
      : expect(step, 'PUT', apiVersions.diagnosticSettings, { under: `${ids.target}/providers/Microsoft.Insights`, segment: 'diagnosticSettings' }, ANY_BODY),
  'delete-compute': (step, _ws, ids) => expect(step, 'DELETE', workspaceApiVersion, { under: ids.source, segment: 'computes' }, undefined, { underlyingResourceAction: 'Delete' }),
  'delete-online-endpoint': (step, _ws, ids) => expect(step, 'DELETE', workspaceApiVersion, { under: ids.source, segment: 'onlineEndpoints' }),
  'verify-compliance': (step, _ws, ids) => expectOn(step, 'GET', ids.target ?? ids.source),
  'copy-contents': (step, ws, ids) => carryOverProblem(step, ws, ids),
  'compare-contents': (step, _ws, ids) => (ids.target === undefined ? 'compare-contents needs a target' : expectOn(step, 'GET', ids.target)),
  'retire-source': (step, _ws, ids) => expect(step, 'DELETE', workspaceApiVersion, { exact: ids.source }),
  'purge-source': (step, _ws, ids) => expect(step, 'DELETE', workspaceApiVersion, { exact: ids.source }, undefined, { forceToPurge: 'true' }),
  // Inbound access (issue 10): only the endpoints, zones and links of the target's inbound section, with the bodies it implies.
  'create-private-dns-zone': (step, ws) => {
    const zone = ws.target?.inbound?.createZones.find((z) => same(z, step.request.path));
    return zone ? expect(step, 'PUT', inboundApiVersion.zone, { exact: zone }, zoneBody()) : `${step.request.path} is not a zone the plan's target creates`;
  },
  'link-private-dns-zone': (step, ws) => {
    const link = ws.target?.inbound?.links.find((l) => same(l.id, step.request.path));
    return link ? expect(step, 'PUT', inboundApiVersion.link, { exact: link.id }, linkBody(link.vnetId)) : `${step.request.path} is not a virtual network link the plan's target creates`;
  },
  'create-private-endpoint': (step, ws, ids) => {
    const endpoint = ws.target?.inbound?.endpoints.find((e) => same(e.id, step.request.path));
    if (!endpoint) return `${step.request.path} is not a private endpoint the plan's target creates`;
    return expect(step, 'PUT', inboundApiVersion.endpoint, { exact: endpoint.id }, endpointBody(endpoint, ids.target ?? ids.source));
  },
  'create-private-dns-zone-group': (step, ws) => {
    const endpoint = ws.target?.inbound?.endpoints.find((e) => same(zoneGroupId(e), step.request.path));
    return endpoint ? expect(step, 'PUT', inboundApiVersion.zoneGroup, { exact: zoneGroupId(endpoint) }, zoneGroupBody(endpoint)) : `${step.request.path} is not a zone group of an endpoint the plan's target creates`;
  },
};

const ANY_BODY = Symbol('any body');

/**
 * A carry-over step stands for one copied kind of the plan's inventory: its request must be the one that kind and
 * count imply, and every write it derives (carryRequests: one PUT per recorded item, body = the recorded item with URIs
 * rewritten) must land under the target workspace, never under the source (unless the source is purged first).
 */
function carryOverProblem(step: PlanStep, ws: PlanWorkspace, ids: WorkspaceIds): string | undefined {
  if (ids.target === undefined || ws.carryOver === undefined) return 'the plan records no carry-over for this workspace';
  if (same(ids.target, ids.source) && ws.strategy !== 'recreate-same-name') return 'contents are copied only into a re-created workspace';
  const kind = (step.request.body as { carryOver?: unknown } | undefined)?.carryOver;
  const group = typeof kind === 'string' ? copyGroup(ws.carryOver, kind as ContentKind) : undefined;
  if (!group) return `${String(kind)} is not a kind the plan copies`;
  const expected = copyStepRequest(group.kind, group.items.length, ids.target);
  const problem = expect(step, 'PUT', expected.apiVersion, { exact: expected.path }, expected.body);
  if (problem) return problem;
  const stray = carryRequests(ws.carryOver, group.kind, { sourceId: ids.source, targetId: ids.target }).find((r) => !r.path.toLowerCase().startsWith(`${ids.target!.toLowerCase()}/`) || r.path.includes('..'));
  return stray ? `${stray.path} is not under the target workspace` : endpointPathProblem(group, ws);
}

/** Why the step's request is not one its kind may send for its workspace; undefined when it is. */
export function requestProblem(step: PlanStep, ws: PlanWorkspace): string | undefined {
  const target = ws.target ? workspaceId(ws.target.subscriptionId, ws.target.resourceGroup, ws.target.name) : undefined;
  const problem = CHECKS[step.kind](step, ws, { source: ws.sourceId, target });
  return problem === undefined ? undefined : `step ${step.id} (${step.kind}) may not send ${step.request.method} ${step.request.path}: ${problem}`;
}

function expectOn(step: PlanStep, method: PlanStep['request']['method'], id: string, body?: unknown): string | undefined {
  return expect(step, method, workspaceApiVersion, { exact: id }, body === undefined && method === 'PATCH' ? ANY_BODY : body);
}

type PathRule = { exact: string } | { under: string; segment: string };

function expect(step: PlanStep, method: string, apiVersion: string, path: PathRule, body?: unknown, query: Record<string, string> = {}): string | undefined {
  const r = step.request;
  if (r.method !== method) return `a ${step.kind} step sends ${method}`;
  if (r.apiVersion !== apiVersion) return `api-version must be ${apiVersion}`;
  if ('exact' in path ? !same(r.path, path.exact) : childName(r.path, path.under, path.segment) === undefined) {
    return `the path must be ${'exact' in path ? path.exact : `${path.under}/${path.segment}/{name}`}`;
  }
  if (canonicalJson(r.query ?? {}) !== canonicalJson(query)) return `the query must be ${JSON.stringify(query)}`;
  if (body !== ANY_BODY && canonicalJson(r.body ?? null) !== canonicalJson(body ?? null)) return 'the body is not the one the plan\'s target implies';
  if (!same(step.target, r.path) && !r.path.toLowerCase().startsWith(`${step.target.toLowerCase()}/`)) return `it does not act on its own target ${step.target}`;
  return undefined;
}

/** An in-place PATCH may change public access, the isolation mode and tags: nothing else. */
function patchBodyProblem(step: PlanStep): string | undefined {
  const body = step.request.body ?? {};
  const extra = Object.keys(body).filter((k) => k !== 'tags' && k !== 'properties');
  const props = Object.keys((body.properties ?? {}) as Record<string, unknown>).filter((k) => k !== 'publicNetworkAccess' && k !== 'managedNetwork');
  const managed = (body.properties as { managedNetwork?: Record<string, unknown> } | undefined)?.managedNetwork;
  const managedExtra = managed ? Object.keys(managed).filter((k) => k !== 'isolationMode') : [];
  const fields = [...extra, ...props.map((k) => `properties.${k}`), ...managedExtra.map((k) => `properties.managedNetwork.${k}`)];
  return fields.length ? `an in-place update may not change ${fields.join(', ')}` : undefined;
}

/** `{parent}/{segment}/{name}` → name (case-insensitive parent); undefined when the path is not such a child. */
function childName(path: string, parent: string, segment: string): string | undefined {
  const prefix = `${parent}/${segment}/`.toLowerCase();
  if (!path.toLowerCase().startsWith(prefix)) return undefined;
  const name = path.slice(prefix.length);
  return /^[^/?#]+$/.test(name) ? name : undefined;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
