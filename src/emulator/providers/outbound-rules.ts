import { ArmHttpError } from '../http-types.js';
import { startOperation } from '../lro.js';
import { pageArray } from '../paging.js';
import type { Route } from '../router.js';
import { kindOf, projectNetworkWrite } from '../rules/hubs.js';
import { assertRuleTypesAllowed } from '../rules/isolation.js';
import { assertValidName } from '../rules/names.js';
import { badRequest } from '../rules/rule-error.js';
import { assertNoServiceRules, isServiceRule } from '../rules/system-rules.js';
import { presentWorkspace } from './hub-projects.js';
import { objectBody, requireResource, requireResourceGroup } from './scope.js';
import { WORKSPACE_TYPE, isolationModeOf, ruleResource, rulesOf } from './workspace-model.js';

const WS = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';

type Ctx = Parameters<Route['handler']>[2];

function workspace(ctx: Ctx, p: Record<string, string>) {
  requireResourceGroup(ctx, p.sub!, p.rg!);
  return requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${WORKSPACE_TYPE}/${p.ws}`, WORKSPACE_TYPE, p.rg!);
}

/** Reads see what the workspace GET shows (a project may echo its hub's rules). */
function readable(ctx: Ctx, p: Record<string, string>) {
  return presentWorkspace(ctx, workspace(ctx, p));
}

/** A project's network belongs to its hub: rule writes and provisioning go to the hub (hubs.ts). */
function writable(ctx: Ctx, p: Record<string, string>, what: string) {
  const ws = workspace(ctx, p);
  if (kindOf(ws) === 'Project') throw projectNetworkWrite(String(ws.name), String((ws.properties as { hubResourceId?: string }).hubResourceId), what);
  return ws;
}

/** Outbound rules of a workspace's managed network (workspaceRP.json ManagedNetworkSettingsRule_*). */
export const outboundRuleRoutes: Route[] = [
  {
    method: 'GET',
    template: `${WS}/outboundRules`,
    handler: (req, p, ctx) => {
      const ws = readable(ctx, p);
      const all = Object.entries(rulesOf(ws)).map(([n, r]) => ruleResource(ws.id, n, r));
      return { status: 200, body: pageArray(req, ctx, all) };
    },
  },
  {
    method: 'GET',
    template: `${WS}/outboundRules/{rule}`,
    handler: (_req, p, ctx) => {
      const ws = readable(ctx, p);
      const entry = Object.entries(rulesOf(ws)).find(([n]) => n.toLowerCase() === p.rule!.toLowerCase());
      if (!entry) throw new ArmHttpError(404, 'ResourceNotFound', `Outbound rule '${p.rule}' was not found in workspace '${ws.name}'.`);
      return { status: 200, body: ruleResource(ws.id, entry[0], entry[1]) };
    },
  },
  {
    method: 'PUT',
    template: `${WS}/outboundRules/{rule}`,
    handler: (req, p, ctx) => {
      assertValidName('outbound rule', p.rule!);
      const ws = writable(ctx, p, `outbound rule '${p.rule}'`);
      const rule = (objectBody(req.body).properties ?? {}) as Record<string, unknown>;
      const mode = isolationModeOf(ws);
      if (mode === 'Disabled') throw badRequest(`Workspace '${ws.name}' has no managed network (isolation mode Disabled): enable one before adding outbound rules.`);
      assertNoServiceRules({ [p.rule!]: rule });
      assertRuleTypesAllowed(mode, { [p.rule!]: rule });
      const { status: _s, category: _c, ...clean } = rule;
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: ws.location as string, effect: { kind: 'put-rule', workspaceId: ws.id, name: p.rule!, rule: clean } });
    },
  },
  {
    method: 'DELETE',
    template: `${WS}/outboundRules/{rule}`,
    handler: (req, p, ctx) => {
      const ws = writable(ctx, p, `outbound rule '${p.rule}'`);
      const entry = Object.entries(rulesOf(ws)).find(([n]) => n.toLowerCase() === p.rule!.toLowerCase());
      if (!entry) return { status: 204 };
      if (isServiceRule(entry[1])) throw badRequest(`Outbound rule '${entry[0]}' is managed by the service (category ${String(entry[1].category)}) and cannot be deleted.`);
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: ws.location as string, effect: { kind: 'delete-rule', workspaceId: ws.id, name: entry[0] } });
    },
  },
  {
    method: 'POST',
    template: `${WS}/provisionManagedNetwork`,
    handler: (req, p, ctx) => {
      const ws = writable(ctx, p, 'managed network (provisionManagedNetwork)');
      if (isolationModeOf(ws) === 'Disabled') throw badRequest(`Workspace '${ws.name}' has no managed network (isolation mode Disabled) to provision.`);
      const includeSpark = (req.body as { includeSpark?: unknown } | undefined)?.includeSpark === true;
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: ws.location as string, effect: { kind: 'provision', workspaceId: ws.id, includeSpark } });
    },
  },
  {
    method: 'POST',
    template: `${WS}/diagnose`,
    handler: (req, p, ctx) => {
      const ws = workspace(ctx, p);
      return startOperation(req, ctx, { subscriptionId: p.sub!, location: ws.location as string, effect: { kind: 'diagnose', workspaceId: ws.id } });
    },
  },
];
