import type { EmulatorContext } from '../context.js';
import { ArmHttpError, type EmuRequest } from '../http-types.js';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { ASSET_NAME, WS, propsOf } from './child-kind.js';
import { requireWorkspace } from './child-routes.js';
import { objectBody, systemData } from './scope.js';
import { WORKSPACE_TYPE } from './workspace-model.js';

type Segment = 'models' | 'environments' | 'data';
type Props = Record<string, unknown>;

/** What a PUT may change on an existing version; everything else is immutable. */
const MUTABLE = new Set(['description', 'tags', 'isArchived', 'provisioningState', 'environmentType']);
const NOUN: Record<Segment, string> = { models: 'model', environments: 'environment', data: 'data asset' };

/** Service-set fields per kind (mfe.json ModelVersion, EnvironmentVersion, DataVersionBase). */
function decorateVersion(segment: Segment, props: Props): Props {
  const base = { isAnonymous: false, isArchived: false, ...props };
  if (segment === 'models') return { ...base, provisioningState: 'Succeeded' };
  if (segment === 'environments') return { autoRebuild: 'Disabled', osType: 'Linux', ...base, environmentType: 'UserCreated', provisioningState: 'Succeeded' };
  return base;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Props)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/**
 * Versions are immutable except tags, description and isArchived: an identical PUT succeeds, any other change is
 * refused. Status, code and wording follow the CLI's "(UserError) ... already exists" answer from memory: unverified.
 */
function refuseImmutableChange(segment: Segment, name: string, version: string, before: Props, after: Props): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !MUTABLE.has(k)));
  const changed = [...keys].filter((k) => canonical(before[k]) !== canonical(after[k]));
  if (!changed.length) return;
  throw new ArmHttpError(409, 'UserError', `A ${NOUN[segment]} with name '${name}' and version '${version}' already exists with different content (${changed.join(', ')}); only tags, description and isArchived can be updated. Use a new version to change anything else.`);
}

/** Registering a version creates its container when missing and moves latestVersion/nextVersion (both service-set). */
function bumpContainer(ctx: EmulatorContext, ws: ArmObject, segment: Segment, name: string, version: string, versionProps: Props): void {
  const id = `${ws.id}/${segment}/${name}`;
  const container = ctx.store.get(id);
  const props = propsOf(container);
  const prevNext = Number(props.nextVersion ?? 1);
  const next = String(Math.max(Number.isInteger(Number(version)) ? Number(version) + 1 : 1, Number.isInteger(prevNext) ? prevNext : 1));
  // A DataContainer requires dataType (taken from the version that creates it) and has no provisioningState.
  const state = segment === 'data' ? { dataType: props.dataType ?? versionProps.dataType } : { provisioningState: 'Succeeded' };
  const base = container ?? { id, name, type: `${WORKSPACE_TYPE}/${segment}`, systemData: systemData(ctx) };
  ctx.store.put({ ...base, properties: { isArchived: false, ...props, latestVersion: version, nextVersion: next, ...state } });
}

function routesFor(segment: Segment): Route[] {
  const list = `${WS}/${segment}/{name}/versions`;
  const one = `${list}/{version}`;
  const idOf = (ws: ArmObject, p: Record<string, string>) => `${ws.id}/${segment}/${p.name}/versions/${p.version}`;
  const get = (req: EmuRequest, p: Record<string, string>, ctx: EmulatorContext) => {
    const ws = requireWorkspace(ctx, p);
    const v = ctx.store.get(idOf(ws, p));
    if (!v) throw new ArmHttpError(404, 'ResourceNotFound', `Version '${p.version}' of ${NOUN[segment]} '${p.name}' was not found in workspace '${ws.name}'.`);
    return { status: 200, body: v };
  };
  return [
    { method: 'GET', template: list, handler: (req, p, ctx) => ({ status: 200, body: listPage(req, ctx, `${requireWorkspace(ctx, p).id}/${segment}/${p.name}/versions`, undefined, '$skip') }) },
    { method: 'GET', template: one, handler: get },
    {
      method: 'PUT',
      template: one,
      handler: (req, p, ctx) => {
        if (!ASSET_NAME.test(p.name!)) throw new ArmHttpError(400, 'InvalidResourceName', `The ${NOUN[segment]} name '${p.name}' is invalid: it must match ${ASSET_NAME.source}.`);
        const ws = requireWorkspace(ctx, p);
        const id = idOf(ws, p);
        const existing = ctx.store.get(id);
        const props = decorateVersion(segment, propsOf(objectBody(req.body)));
        if (existing) refuseImmutableChange(segment, p.name!, p.version!, propsOf(existing), props);
        const version: ArmObject = { id, name: p.version!, type: `${WORKSPACE_TYPE}/${segment}/versions`, systemData: existing?.systemData ?? systemData(ctx), properties: props };
        ctx.store.put(version);
        if (!existing) bumpContainer(ctx, ws, segment, p.name!, p.version!, props);
        return { status: existing ? 200 : 201, body: version };
      },
    },
    {
      method: 'DELETE',
      template: one,
      handler: (_req, p, ctx) => ({ status: ctx.store.delete(idOf(requireWorkspace(ctx, p), p)) ? 200 : 204 }),
    },
  ];
}

/** Model, environment and data versions (mfe.json): synchronous PUT/GET/DELETE and a `$skip`-paged list. */
export const assetVersionRoutes: Route[] = (['models', 'environments', 'data'] as const).flatMap(routesFor);
