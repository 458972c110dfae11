import { ArmHttpError } from '../http-types.js';
import type { Route } from '../router.js';
import type { ArmObject } from '../state.js';
import { objectBody } from './scope.js';

const TAGS = 'providers/Microsoft.Resources/tags/default';

/**
 * The Tags resource at scope (resources.json 2021-04-01: Tags_GetAtScope, Tags_CreateOrUpdateAtScope,
 * Tags_UpdateAtScope, Tags_DeleteAtScope) on any resource the emulator holds. It is a view of the resource's own
 * `tags`: a tag written here shows in the resource's GET, and a PATCH/PUT of the resource replaces what is here.
 *
 * Tag names compare case-insensitively (the stored casing is the first one written); values are case-sensitive.
 * PATCH 'Delete' removes a named tag when the body's value is '' or equals the stored one (name/value pairs), so a
 * release that names its own value never removes a tag someone else wrote since.
 * Limits (Azure's documented ones): at most 50 tags, names up to 512 characters, values up to 256.
 */
export const tagsAtScopeRoutes: Route[] = [
  { method: 'GET', template: `{*scope}/${TAGS}`, handler: (_req, p, ctx) => ({ status: 200, body: present(requireScope(ctx, p.scope!)) }) },
  {
    method: 'PUT',
    template: `{*scope}/${TAGS}`,
    handler: (req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      return { status: 200, body: present(save(ctx, target, tagsOf(objectBody(req.body)))) };
    },
  },
  {
    method: 'PATCH',
    template: `{*scope}/${TAGS}`,
    handler: (req, p, ctx) => {
      const target = requireScope(ctx, p.scope!);
      const body = objectBody(req.body);
      const given = tagsOf(body);
      const current = { ...((target.tags as Record<string, string> | undefined) ?? {}) };
      const operation = String(body.operation ?? '');
      if (operation === 'Replace') return { status: 200, body: present(save(ctx, target, given)) };
      for (const [name, value] of Object.entries(given)) {
        const existing = Object.keys(current).find((k) => k.toLowerCase() === name.toLowerCase());
        if (operation === 'Merge') current[existing ?? name] = value;
        else if (operation === 'Delete' && existing !== undefined && (value === '' || current[existing] === value)) delete current[existing];
        else if (operation !== 'Delete') throw new ArmHttpError(400, 'InvalidRequestContent', `The operation '${operation}' is not one of Replace, Merge, Delete.`);
      }
      return { status: 200, body: present(save(ctx, target, current)) };
    },
  },
  {
    method: 'DELETE',
    template: `{*scope}/${TAGS}`,
    handler: (_req, p, ctx) => {
      save(ctx, requireScope(ctx, p.scope!), {});
      return { status: 200 };
    },
  },
];

function requireScope(ctx: Parameters<Route['handler']>[2], scope: string): ArmObject {
  const target = ctx.store.get(scope);
  if (!target) throw new ArmHttpError(404, 'ResourceNotFound', `The Resource '${scope}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  return target;
}

function tagsOf(body: Record<string, unknown>): Record<string, string> {
  const tags = (body.properties as { tags?: unknown } | undefined)?.tags ?? {};
  return { ...(tags as Record<string, string>) };
}

function save(ctx: Parameters<Route['handler']>[2], target: ArmObject, tags: Record<string, string>): ArmObject {
  const names = Object.keys(tags);
  if (names.length > 50) throw new ArmHttpError(400, 'InvalidTagCount', `A resource can have at most 50 tags; the request leaves ${names.length}.`);
  const long = names.find((n) => n.length > 512) ?? names.find((n) => tags[n]!.length > 256);
  if (long !== undefined) throw new ArmHttpError(400, 'InvalidTagNameOrValue', `The tag '${long.slice(0, 64)}' is too long: names have at most 512 characters, values 256.`);
  const { tags: _old, ...rest } = target;
  const updated: ArmObject = names.length > 0 ? { ...rest, tags } : rest;
  ctx.store.put(updated);
  return updated;
}

function present(target: ArmObject): Record<string, unknown> {
  return { id: `${target.id}/${TAGS}`, name: 'default', type: 'Microsoft.Resources/tags', properties: { tags: (target.tags as Record<string, string> | undefined) ?? {} } };
}
