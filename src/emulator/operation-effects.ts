import type { EmulatorContext } from './context.js';
import { completeNetworkOperation, isNetworkOperation, markNetworkStarted } from './network-effects.js';
import {
  finaliseManagedNetwork,
  managedNetworkOf,
  networkActive,
  propsOf,
  ruleResource,
  rulesOf,
  withProvisioningState,
} from './providers/workspace-model.js';
import { completeChild, markChildStarted } from './providers/child-operations.js';
import type { ArmObject, Operation, OperationEffect } from './state.js';

/** The workspace effects; network effects are handled by network-effects.ts. */
type WorkspaceEffect = Exclude<OperationEffect, { kind: 'put-network' | 'delete-network' }>;
import { presentWorkspace, updateHubProjects } from './providers/hub-projects.js';
import { approvalFailure, deniedTarget } from './rules/approval.js';
import { kindOf } from './rules/hubs.js';

/** While an operation runs, its workspace shows Creating/Updating/Deleting (as the real service does). */
export function markOperationStarted(ctx: EmulatorContext, op: Operation): void {
  if (isNetworkOperation(op)) return markNetworkStarted(ctx, op);
  const e = op.effect as WorkspaceEffect;
  if (e.kind === 'put-child' || e.kind === 'delete-child') {
    markChildStarted(ctx, e);
    return;
  }
  if (e.kind === 'put-workspace') {
    const current = ctx.store.get(e.id);
    ctx.store.put(withProvisioningState(current ?? e.resource, e.creating ? 'Creating' : 'Updating'));
    return;
  }
  const id = e.kind === 'delete-workspace' ? e.id : e.workspaceId;
  const ws = ctx.store.get(id);
  if (ws && e.kind !== 'diagnose') ctx.store.put(withProvisioningState(ws, e.kind === 'delete-workspace' ? 'Deleting' : 'Updating'));
}

/** Applies an operation's effect (or its injected failure) and records what its Location URL answers from now on. */
export function completeOperation(ctx: EmulatorContext, op: Operation): void {
  if (isNetworkOperation(op)) return completeNetworkOperation(ctx, op);
  const e = op.effect as WorkspaceEffect;
  const wsId = e.kind === 'put-workspace' || e.kind === 'delete-workspace' ? e.id : e.workspaceId;
  const ws = ctx.store.get(wsId);
  if (e.kind === 'put-child' || e.kind === 'delete-child') {
    op.status = op.failure || !ws ? 'Failed' : 'Succeeded';
    op.failure ??= ws ? undefined : { code: 'ResourceNotFound', message: `Workspace '${wsId}' no longer exists.` };
    if (!op.failure) delete op.failure;
    op.result = completeChild(ctx, e, op.status === 'Succeeded');
    return;
  }
  if (op.failure || (!ws && e.kind !== 'put-workspace' && e.kind !== 'delete-workspace')) {
    op.status = 'Failed';
    op.failure ??= { code: 'ResourceNotFound', message: `Workspace '${wsId}' no longer exists.` };
    // A failed create leaves a Failed resource (as ARM does); a failed change leaves the workspace as it was.
    if (ws) ctx.store.put(withProvisioningState(ws, e.kind === 'put-workspace' && e.creating ? 'Failed' : 'Succeeded'));
    return;
  }
  op.result = apply(ctx, op, ws);
  // An effect may be applied and still fail (a private-endpoint approval): the workspace keeps what was applied.
  op.status = op.failure ? 'Failed' : 'Succeeded';
}

function apply(ctx: EmulatorContext, op: Operation, ws: ArmObject | undefined): Operation['result'] {
  const e = op.effect as WorkspaceEffect;
  const store = ctx.store;
  switch (e.kind) {
    case 'put-workspace': {
      const final = withProvisioningState(withCurrentProjects(e.resource, ws), 'Succeeded');
      store.put(final);
      if (e.creating) updateHubProjects(store, final, 'add');
      return { status: 200, body: presentWorkspace(ctx, final) };
    }
    case 'delete-workspace': {
      // FACTS (Soft delete): children (computes, endpoints, ...) are hard-deleted; the workspace is kept 14 days.
      if (ws) updateHubProjects(store, ws, 'remove');
      if (ws) store.deleteTree(e.id);
      if (e.purge) delete store.state.deletedWorkspaces[e.id.toLowerCase()];
      else if (ws) store.state.deletedWorkspaces[e.id.toLowerCase()] = { deletedAt: new Date(ctx.now()).toISOString(), workspace: withProvisioningState(ws, 'Succeeded') };
      store.touch();
      return { status: 204 };
    }
    case 'put-rule': {
      let rule: Record<string, unknown> = { ...e.rule, category: 'UserDefined', status: networkActive(ws) ? 'Active' : 'Inactive' };
      const denied = ctx.config.approverRoleMissing && networkActive(ws) ? deniedTarget({ ...rule, status: 'Inactive' }) : undefined;
      if (denied) {
        rule = { ...rule, status: 'Inactive' };
        op.failure = approvalFailure(denied);
      }
      store.put(withRules(ws!, { ...rulesOf(ws!), [e.name]: rule }));
      return { status: 200, body: ruleResource(ws!.id, e.name, rule) };
    }
    case 'delete-rule': {
      const rules = { ...rulesOf(ws!) };
      delete rules[e.name];
      store.put(withRules(ws!, rules));
      return { status: 204 };
    }
    case 'provision': {
      // FACTS (Managed network): final status {"status":"Active","sparkReady":bool}; rules become Active, except
      // private-endpoint rules whose approval fails (approverRoleMissing): they stay Inactive and the operation fails.
      const rules = Object.fromEntries(
        Object.entries(rulesOf(ws!)).map(([n, r]) => {
          const denied = ctx.config.approverRoleMissing ? deniedTarget(r) : undefined;
          if (denied) {
            op.failure ??= approvalFailure(denied);
            return [n, { ...r, status: 'Inactive' }];
          }
          const dest = r.destination;
          const spark = e.includeSpark && typeof dest === 'object' && dest !== null && (dest as { sparkEnabled?: boolean }).sparkEnabled;
          return [n, { ...r, status: 'Active', ...(spark ? { destination: { ...dest, sparkStatus: 'Active' } } : {}) }];
        }),
      );
      const status = { status: 'Active', sparkReady: e.includeSpark };
      const mn = { ...managedNetworkOf(ws!), outboundRules: rules, status };
      store.put(withProvisioningState({ ...ws!, properties: { ...propsOf(ws!), managedNetwork: mn } }, 'Succeeded'));
      return { status: 200, body: status };
    }
    case 'put-child':
    case 'delete-child':
      return undefined; // handled by completeChild
    case 'diagnose': {
      const empty: unknown[] = [];
      const keys = ['userDefinedRouteResults', 'networkSecurityRuleResults', 'resourceLockResults', 'dnsResolutionResults', 'storageAccountResults', 'keyVaultResults', 'containerRegistryResults', 'applicationInsightsResults', 'otherResults'];
      return { status: 200, body: { value: Object.fromEntries(keys.map((k) => [k, empty])) } };
    }
  }

  /** A hub's associatedWorkspaces are the service's: a PUT that finishes later must not drop a project made since. */
  function withCurrentProjects(next: ArmObject, current: ArmObject | undefined): ArmObject {
    if (kindOf(next) !== 'Hub' || !current) return next;
    return { ...next, properties: { ...propsOf(next), associatedWorkspaces: propsOf(current).associatedWorkspaces ?? [] } };
  }

  function withRules(w: ArmObject, rules: Record<string, unknown>): ArmObject {
    const next = { ...w, properties: { ...propsOf(w), managedNetwork: { ...managedNetworkOf(w), outboundRules: rules } } };
    return withProvisioningState(finaliseManagedNetwork(store, next, ctx.newId), 'Succeeded');
  }
}
