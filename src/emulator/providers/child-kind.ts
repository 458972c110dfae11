import type { EmulatorContext } from '../context.js';
import type { EmuRequest } from '../http-types.js';
import type { ArmObject } from '../state.js';

export const WS = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';

/** What a child PUT sees: its workspace, the path parameters, the child it replaces (if any) and its new id. */
export interface PutContext {
  ctx: EmulatorContext;
  req: EmuRequest;
  ws: ArmObject;
  params: Record<string, string>;
  id: string;
  existing: ArmObject | undefined;
}

/**
 * One kind of workspace child (computes, datastores, connections, ...). The route builder (child-routes.ts) serves
 * list, GET, PUT, DELETE (and PATCH when `patch` is set) from this description.
 */
export interface ChildKind {
  /** Path below the workspace, e.g. "computes" or "onlineEndpoints/{endpoint}/deployments"; `{x}` are path params. */
  path: string;
  /** ARM type below `workspaces/`, e.g. "onlineEndpoints/deployments". */
  type: string;
  /** Checked on PUT; refused with 400 InvalidResourceName. */
  namePattern?: RegExp;
  /** x-ms-long-running-operation in the spec. */
  longRunning?: { put?: boolean; delete?: boolean; patch?: boolean };
  /** Service-set fields of a new or replaced child; service rules throw ArmHttpError to refuse the PUT. */
  decorate(body: Record<string, unknown>, put: PutContext): Record<string, unknown>;
  /** Moves secrets out of what is stored and returned (datastores, connections): they go to Store.setSecrets. */
  splitSecrets?(body: Record<string, unknown>): { body: Record<string, unknown>; secrets: Record<string, unknown> | undefined };
  /** A list's own query filter (e.g. schedules' listViewType). */
  listFilter?(req: EmuRequest): ((child: ArmObject) => boolean) | undefined;
  /** After a PUT was accepted (e.g. the first compute provisions a managed network). */
  afterPut?(ctx: EmulatorContext, ws: ArmObject): void;
  /** Service rules for DELETE (e.g. a deployment that still takes traffic). */
  beforeDelete?(ctx: EmulatorContext, req: EmuRequest, child: ArmObject | undefined, ws: ArmObject): void;
  /** PATCH merges these top-level keys of the body into the child (online endpoints: tags and identity). */
  patch?: readonly string[];
  /** The parent a child needs (a deployment needs its endpoint): throws 404 when it is missing. */
  requireParent?(ctx: EmulatorContext, ws: ArmObject, params: Record<string, string>): void;
}

/** mfe.json: names of assets, endpoints, deployments and schedules match `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$`. */
export const ASSET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/;

export function propsOf(o: Record<string, unknown> | undefined): Record<string, unknown> {
  return (o?.properties ?? {}) as Record<string, unknown>;
}
