/**
 * The emulator's persisted state. Every ARM object (subscription, resource group, resource, child resource,
 * diagnostic setting) lives in one flat map keyed by its lower-cased id, so existence checks and GETs are O(1) and the
 * list of a collection is simply "the ids whose parent path is the collection URL".
 */
import type { EmulatorState } from './contract.js';
import { UsageError } from '../errors.js';

export const STATE_FORMAT_VERSION = 1;

/** An ARM object exactly as GET returns it. `id` keeps its original casing. */
export type ArmObject = { id: string; name?: string; type?: string; [k: string]: unknown };

export type DeletedWorkspace = {
  /** ISO time of the soft delete; the name is blocked for 14 days after it (FACTS: soft delete and names). */
  deletedAt: string;
  workspace: ArmObject;
};

export type OperationEffect =
  | { kind: 'put-workspace'; id: string; resource: ArmObject; creating: boolean }
  | { kind: 'delete-workspace'; id: string; purge: boolean }
  | { kind: 'put-rule'; workspaceId: string; name: string; rule: Record<string, unknown> }
  | { kind: 'delete-rule'; workspaceId: string; name: string }
  | { kind: 'provision'; workspaceId: string; includeSpark: boolean }
  | { kind: 'diagnose'; workspaceId: string }
  /** A long-running PUT of a workspace child (compute, online endpoint or deployment, schedule). */
  | { kind: 'put-child'; workspaceId: string; id: string; resource: ArmObject; creating: boolean }
  | { kind: 'delete-child'; workspaceId: string; id: string }
  /** Microsoft.Network resources (private endpoints, zone groups, private DNS zones and links): see network-effects.ts. */
  | { kind: 'put-network'; id: string; resource: ArmObject }
  | { kind: 'delete-network'; id: string };

/** Network RP: locations/{loc}/operations|operationResults; Private DNS: privateDnsOperationStatuses|Results. */
export type PollStyle = 'network' | 'privateDns';

export type Operation = {
  id: string;
  subscriptionId: string;
  location: string;
  /** Epoch ms; the operation reports InProgress until then. */
  dueAt: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  effect: OperationEffect;
  /** Set by an lro-failure fault: the operation ends Failed with this error. */
  failure?: { code: string; message: string };
  /** Which provider's polling URLs the operation hands out; absent = Machine Learning's workspaceOperationsStatus. */
  poll?: PollStyle;
  /** Resource group of a Private DNS operation (its polling URL lives under it). */
  resourceGroup?: string;
  /** What the Location URL answers once the operation is over. */
  result?: { status: number; body?: unknown };
};

export type StoredState = {
  formatVersion: typeof STATE_FORMAT_VERSION;
  tenantId: string;
  /** Lower-cased id → object. */
  resources: Record<string, ArmObject>;
  /** Lower-cased workspace id → soft-deleted workspace. */
  deletedWorkspaces: Record<string, DeletedWorkspace>;
  operations: Record<string, Operation>;
  /**
   * Lower-cased ids of workspaces whose private endpoint connections need manual approval (new connections start
   * Pending instead of Approved). A seed flag, so tests and demos can exercise the approval path.
   */
  manualApproval?: string[];
  /**
   * Lower-cased id → the secrets of a datastore or connection. Kept apart from `resources` because GET and list never
   * return them; only POST listSecrets/listsecrets does.
   */
  secrets: Record<string, Record<string, unknown>>;
};

export function emptyStoredState(tenantId: string): StoredState {
  return { formatVersion: STATE_FORMAT_VERSION, tenantId, resources: {}, deletedWorkspaces: {}, operations: {}, secrets: {} };
}

/** Narrow the contract's opaque state to ours; throws a one-line message when it is not ours. */
export function asStoredState(state: EmulatorState, source: string): StoredState {
  if (state.formatVersion !== STATE_FORMAT_VERSION) {
    throw new UsageError(
      `${source} has formatVersion ${String(state.formatVersion)} but this emulator reads formatVersion ${STATE_FORMAT_VERSION}: delete it to start from a fresh seed.`,
    );
  }
  const s = state as Partial<StoredState>;
  if (typeof s.tenantId !== 'string' || typeof s.resources !== 'object' || s.resources === null) {
    throw new UsageError(`${source} is not an aml-isolate emulator state (no tenantId/resources): delete it to start from a fresh seed.`);
  }
  return { ...emptyStoredState(s.tenantId), ...(s as StoredState) };
}

/**
 * The collections an id belongs to: its parent path (the id minus its last segment, which is exactly the list URL), and
 * for resources directly in a resource group also the subscription-wide list URL.
 */
export function collectionsOf(idLower: string): string[] {
  const cut = idLower.lastIndexOf('/');
  const parent = idLower.slice(0, cut);
  const out = [parent || '/'];
  const m = /^(\/subscriptions\/[^/]+)\/resourcegroups\/[^/]+(\/providers\/[^/]+\/[^/]+)$/.exec(parent);
  if (m) out.push(m[1]! + m[2]!);
  return out;
}
