import { workspaceApiVersion } from '../model/api-versions.js';

/**
 * One step of a plan. Steps of a workspace are listed in an order that respects `dependsOn` (a step depends only on
 * steps listed before it) and the service's own order: public access disabled before the managed network is
 * provisioned; verify-compliance after provisioning; retiring the source last.
 */
export type StepKind =
  | 'create-key'
  | 'update-workspace'
  | 'create-workspace'
  | 'put-outbound-rule'
  | 'provision-managed-network'
  | 'copy-diagnostic-settings'
  | 'delete-compute'
  | 'delete-online-endpoint'
  | 'verify-compliance'
  /** Carry one kind of the source's contents over (its writes derive from PlanWorkspace.carryOver). */
  | 'copy-contents'
  /** Parity of the carried contents (a read). */
  | 'compare-contents'
  | 'retire-source'
  | 'purge-source'
  | 'create-private-dns-zone'
  | 'link-private-dns-zone'
  | 'create-private-endpoint'
  | 'create-private-dns-zone-group';

/** What the step does to its target, for rendering and the summary line. */
export type StepAction = 'create' | 'update' | 'replace' | 'delete' | 'action' | 'read';

export interface StepRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** ARM path (an ARM id, optionally with a sub-path); no host, no query. */
  path: string;
  apiVersion: string;
  /** Query parameters besides api-version (e.g. forceToPurge=true). */
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** Machine-checkable conditions apply verifies right before the step runs. */
export type Precondition =
  | { kind: 'resource-exists'; id: string }
  /** The workspace name of `id` is neither taken nor held by a soft-deleted workspace. */
  | { kind: 'name-free'; id: string }
  | { kind: 'no-computes'; id: string }
  /** The resource still looks as it did at plan time (value: the basis fingerprint). */
  | { kind: 'fingerprint-matches'; id: string; value: string }
  | { kind: 'public-access-disabled'; id: string }
  | { kind: 'step-succeeded'; stepId: string }
  /** The workspace has an Approved private endpoint connection, unless the plan's target acknowledged inbound none. */
  | { kind: 'inbound-access'; id: string }
  /** The subnet exists, takes private endpoints (not delegated) and its virtual network is in `location`. */
  | { kind: 'subnet-ready'; id: string; location: string };

export type UndoKind = 'patch-workspace' | 'delete-outbound-rule' | 'put-outbound-rule' | 'delete-workspace' | 'delete-diagnostic-setting' | 'delete-network-resource' | 'delete-copies' | 'nothing';

export type Undo =
  | { irreversible: false; kind: UndoKind; description: string; request?: StepRequest }
  | { irreversible: true; reason: string };

export interface PlanStep {
  /** Unique within the plan: `w<workspace index>.<step number>`. */
  id: string;
  kind: StepKind;
  action: StepAction;
  /** ARM id of the resource the step acts on. */
  target: string;
  /** The changed fields before and after (null: the resource does not exist on that side). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Human, display-only; never drives behaviour. */
  reason: string;
  preconditions: Precondition[];
  /** Ids of steps that must have succeeded first; each is listed earlier in the plan. */
  dependsOn: string[];
  undo: Undo;
  /** The exact request apply sends; its body is `after` in ARM shape. */
  request: StepRequest;
}

export function armRequest(method: StepRequest['method'], path: string, body?: Record<string, unknown>, query?: Record<string, string>, apiVersion = workspaceApiVersion): StepRequest {
  const r: StepRequest = { method, path, apiVersion };
  if (query) r.query = query;
  if (body !== undefined) r.body = body;
  return r;
}

export const irreversible = (reason: string): Undo => ({ irreversible: true, reason });
export const reversible = (kind: UndoKind, description: string, request?: StepRequest): Undo =>
  request ? { irreversible: false, kind, description, request } : { irreversible: false, kind, description };

/** Numbering and wiring of a workspace's steps. */
export class StepList {
  readonly steps: PlanStep[] = [];
  constructor(private readonly prefix: string) {}
  add(step: Omit<PlanStep, 'id'>): string {
    const id = `${this.prefix}.${this.steps.length + 1}`;
    this.steps.push({ id, ...step });
    return id;
  }
}

export const COMPUTE_UNDO_REASON = 'cannot be undone: re-create from your own definitions';
export const SOURCE_DELETE_REASON =
  'deleting a workspace hard-deletes its jobs, compute instances and clusters, inference endpoints and role assignments, and no GA REST API recovers a soft-deleted workspace';
