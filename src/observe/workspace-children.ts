import type { ArmReader } from '../azure/arm-requester.js';
import type { Fingerprint, ObservedWorkspace } from '../plan/observed.js';
import { apiVersions } from '../model/api-versions.js';
import { fingerprintCollection } from './fingerprint.js';
import type { ReadContext } from './read-problems.js';
import { redactSecrets } from './redact.js';

/** One child list of a workspace as read: the ARM items (secrets already removed) and the list's fingerprint. */
export interface ChildList<T> {
  items: T[];
  fingerprint: Fingerprint;
}

type Child = { id?: string; name?: string; type?: string; properties?: Record<string, unknown> };

/** GET {workspace}/{segment} at 2025-06-01, all pages; every item redacted before anything else sees it. */
export async function listChildren(arm: ArmReader, workspaceId: string, segment: string, ctx: ReadContext): Promise<ChildList<Child>> {
  const path = `${workspaceId}/${segment}`;
  const raw = await ctx.limit(() => arm.listAll<Child>(path, apiVersions.machineLearning, { abortSignal: ctx.abortSignal }));
  const items = raw.map((item) => redactSecrets(item));
  return { items, fingerprint: fingerprintCollection(path, items.map((i) => ({ name: nameOf(i), body: i }))) };
}

export function toComputes(items: Child[]): ObservedWorkspace['computes'] {
  return items.map((c) => {
    const props = c.properties ?? {};
    const inner = (props.properties ?? {}) as Record<string, unknown>;
    const state = str(inner.state) ?? str(inner.allocationState);
    return { id: c.id ?? '', name: nameOf(c), computeType: str(props.computeType) ?? 'Unknown', ...(state !== undefined ? { state } : {}) };
  });
}

export function toOnlineEndpoints(items: Child[]): ObservedWorkspace['onlineEndpoints'] {
  return items.map((e) => ({ id: e.id ?? '', name: nameOf(e) }));
}

export function toDatastores(items: Child[]): ObservedWorkspace['datastores'] {
  return items.map((d) => ({
    id: d.id ?? '',
    name: nameOf(d),
    datastoreType: str(d.properties?.datastoreType) ?? 'Unknown',
    isDefault: d.properties?.isDefault === true,
  }));
}

export function nameOf(item: Child): string {
  return item.name ?? item.id?.split('/').pop() ?? '';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
