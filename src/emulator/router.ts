import type { EmuRequest, EmuResponse } from './http-types.js';
import type { EmulatorContext } from './context.js';

export type Handler = (req: EmuRequest, params: Record<string, string>, ctx: EmulatorContext) => EmuResponse;

export interface Route {
  method: string;
  /** e.g. "/subscriptions/{subscriptionId}/resourceGroups/{rg}"; `{*name}` matches one or more segments. */
  template: string;
  handler: Handler;
  /**
   * Service rules whose message is clearer than the spec validator's for the same mistake: they run before the request
   * body is validated against the spec (and may throw), then the handler runs as usual.
   */
  beforeValidation?: (req: EmuRequest, params: Record<string, string>, ctx: EmulatorContext) => void;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** A route table matched case-insensitively (ARM paths are case-insensitive); first match wins. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(routes: Route[]): this {
    for (const route of routes) this.routes.push(compile(route));
    return this;
  }

  /** `undefined` when no template matches; `methodNotAllowed` when a template matches but not for this method. */
  match(method: string, path: string): RouteMatch | 'methodNotAllowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return pathMatched ? 'methodNotAllowed' : undefined;
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{(\*?)(\w+)\}/g, (_, star: string, name: string) => {
    names.push(name);
    return star ? '(.+)' : '([^/]+)';
  });
  return { ...route, method: route.method.toUpperCase(), regex: new RegExp(`^${source}$`, 'i'), names };
}

/** Collapse `//subscriptions/...` (sent by the SDK's ...ById methods) and drop a trailing slash. */
export function normalisePath(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}
