import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import { pageArray } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { objectBody, requireResourceGroup, requireSubscription } from './scope.js';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
const SEGMENT = `/providers/${ROLE_ASSIGNMENT_TYPE}`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Built-in and custom role definitions: `[/subscriptions/{sub}]/providers/Microsoft.Authorization/roleDefinitions/{guid}`. */
const ROLE_DEFINITION = /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i;
const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup'];

type Props = Record<string, unknown>;
/** Which assignments a list returns relative to its scope (authorization-RoleAssignmentsCalls.json, `$filter`). */
interface ListFilter {
  /** atScope(): at the scope or above it only; otherwise also below it. */
  atScope: boolean;
  principalId?: string;
}

/** The ARM object a role assignment applies to (subscription, resource group, resource or child resource). */
function requireScope(ctx: EmulatorContext, scope: string): ArmObject {
  const target = ctx.store.get(scope);
  if (target) return target;
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(scope)?.[1];
  if (sub) requireSubscription(ctx, sub);
  if (sub && rg) requireResourceGroup(ctx, sub, rg);
  throw new ArmHttpError(404, 'ResourceNotFound', `The Resource '${scope}' was not found.`);
}

/** `atScope()`, `principalId eq '{id}'`, or both joined by `and`; anything else is refused rather than ignored. */
function parseFilter(raw: string | null): ListFilter {
  if (!raw?.trim()) return { atScope: false };
  const filter: ListFilter = { atScope: false };
  for (const clause of raw.trim().split(/\s+and\s+/i)) {
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(clause.trim());
    if (/^atScope\(\)$/i.test(clause.trim())) filter.atScope = true;
    else if (principal) filter.principalId = principal[1]!.toLowerCase();
    else {
      throw new ArmHttpError(400, 'UnsupportedFilter', `The emulator supports $filter=atScope(), $filter=principalId eq '{id}' or both joined by 'and', not '${raw}'.`);
    }
  }
  return filter;
}

function scopeOf(assignment: ArmObject): string {
  return String(((assignment.properties ?? {}) as Props).scope ?? '');
}

/**
 * Assignments at `scope` and at every scope above it (each segment-boundary prefix: subscription, resource group,
 * parent resources), read from the collection index. A resource group's collection is also indexed under its
 * subscription's (see collectionsOf), so each list keeps only the assignments whose own scope is that prefix.
 */
function atOrAbove(ctx: EmulatorContext, scope: string): ArmObject[] {
  const segments = scope.split('/').filter(Boolean);
  const out: ArmObject[] = [];
  for (let n = 2; n <= segments.length; n++) {
    const prefix = `/${segments.slice(0, n).join('/')}`.toLowerCase();
    out.push(...ctx.store.all(`${prefix}${SEGMENT}`).filter((a) => scopeOf(a).toLowerCase() === prefix));
  }
  return out;
}

/** Assignments strictly below `scope` (a scan: only lists without atScope() need it). */
function below(ctx: EmulatorContext, scope: string): ArmObject[] {
  const prefix = `${scope.toLowerCase()}/`;
  const marker = `${SEGMENT.toLowerCase()}/`;
  return Object.entries(ctx.store.state.resources)
    .filter(([k, r]) => k.startsWith(prefix) && k.includes(marker) && r.type === ROLE_ASSIGNMENT_TYPE && scopeOf(r).toLowerCase() !== scope.toLowerCase())
    .map(([, r]) => r);
}

function sameRole(a: unknown, b: unknown): boolean {
  return ROLE_DEFINITION.exec(String(a))?.[1]?.toLowerCase() === ROLE_DEFINITION.exec(String(b))?.[1]?.toLowerCase();
}

/** The role assignment a PUT creates, after the checks ARM makes on ids and types. */
function assignmentFromPut(ctx: EmulatorContext, target: ArmObject, name: string, body: Props, existing: ArmObject | undefined): ArmObject {
  const props = (body.properties ?? {}) as Props;
  const roleDefinitionId = String(props.roleDefinitionId ?? '');
  const principalId = String(props.principalId ?? '');
  if (!ROLE_DEFINITION.test(roleDefinitionId)) {
    throw new ArmHttpError(400, 'InvalidRoleDefinitionId', `The role definition ID '${roleDefinitionId}' is not valid: expected [/subscriptions/{id}]/providers/Microsoft.Authorization/roleDefinitions/{guid}.`);
  }
  if (!GUID.test(principalId)) throw new ArmHttpError(400, 'InvalidPrincipalId', `The principal ID '${principalId}' is not valid: it must be a GUID.`);
  const principalType = (props.principalType as string | undefined) ?? 'User';
  if (!PRINCIPAL_TYPES.includes(principalType)) throw new ArmHttpError(400, 'InvalidPrincipalType', `The principal type '${principalType}' is not one of ${PRINCIPAL_TYPES.join(', ')}.`);
  if (existing) {
    const cur = (existing.properties ?? {}) as Props;
    if (String(cur.principalId).toLowerCase() !== principalId.toLowerCase() || !sameRole(cur.roleDefinitionId, roleDefinitionId)) {
      throw new ArmHttpError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
    }
  } else {
    const duplicate = ctx.store.all(`${target.id}${SEGMENT}`).find((a) => {
      const p = (a.properties ?? {}) as Props;
      return scopeOf(a).toLowerCase() === target.id.toLowerCase() && String(p.principalId).toLowerCase() === principalId.toLowerCase() && sameRole(p.roleDefinitionId, roleDefinitionId);
    });
    if (duplicate) throw new ArmHttpError(409, 'RoleAssignmentExists', `The role assignment already exists (${String(duplicate.name)}).`);
  }
  const now = new Date(ctx.now()).toISOString();
  const optional = Object.fromEntries(['description', 'condition', 'conditionVersion'].filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
  const createdOn = ((existing?.properties ?? {}) as Props).createdOn ?? now;
  return {
    id: `${target.id}${SEGMENT}/${name}`,
    name,
    type: ROLE_ASSIGNMENT_TYPE,
    properties: { roleDefinitionId, principalId, principalType, scope: target.id, ...optional, createdOn, updatedOn: now },
  };
}

/**
 * Role assignments at any scope (authorization-RoleAssignmentsCalls.json 2022-04-01): ListForScope with
 * `$filter=atScope()` (at or above the scope) or without (also below it), and Get/Create/Delete by GUID name. They live
 * under their scope's id, so deleting a workspace or vault removes its assignments (FACTS: soft delete).
 */
export const roleAssignmentRoutes: Route[] = [
  {
    method: 'GET',
    template: `{*scope}${SEGMENT}`,
    handler: (req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      const filter = parseFilter(req.query.get('$filter'));
      const found = [...atOrAbove(ctx, target.id), ...(filter.atScope ? [] : below(ctx, target.id))];
      const matching = filter.principalId ? found.filter((a) => String(((a.properties ?? {}) as Props).principalId).toLowerCase() === filter.principalId) : found;
      return { status: 200, body: pageArray(req, ctx, matching) };
    },
  },
  {
    method: 'GET',
    template: `{*scope}${SEGMENT}/{name}`,
    handler: (_req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      const assignment = ctx.store.get(`${target.id}${SEGMENT}/${p.name}`);
      if (!assignment) throw new ArmHttpError(404, 'RoleAssignmentNotFound', `The role assignment '${p.name}' is not found at scope '${target.id}'.`);
      return { status: 200, body: assignment };
    },
  },
  {
    method: 'PUT',
    template: `{*scope}${SEGMENT}/{name}`,
    handler: (req, p, ctx) => {
      if (!GUID.test(p.name!)) throw new ArmHttpError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${p.name}' is not valid. The role assignment ID must be a GUID.`);
      const target = requireScope(ctx, p.scope!);
      const existing = ctx.store.get(`${target.id}${SEGMENT}/${p.name}`);
      const assignment = assignmentFromPut(ctx, target, existing?.name ?? p.name!, objectBody(req.body), existing);
      ctx.store.put(assignment);
      return { status: existing ? 200 : 201, body: assignment };
    },
  },
  {
    method: 'DELETE',
    template: `{*scope}${SEGMENT}/{name}`,
    handler: (_req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      const id = `${target.id}${SEGMENT}/${p.name}`;
      const assignment = ctx.store.get(id);
      if (!assignment) return { status: 204 };
      ctx.store.delete(id);
      return { status: 200, body: assignment };
    },
  },
];
