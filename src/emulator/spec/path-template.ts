/**
 * Swagger path templates matched against request paths: literal segments compare case-insensitively (ARM is
 * case-insensitive), `{param}` matches one segment, and a parameter marked `x-ms-skip-url-encoding` (e.g. `{scope}`)
 * matches one or more segments.
 */
export interface PathTemplate<T> {
  template: string;
  /** Number of literal segments: more literal segments = more specific. */
  literalCount: number;
  multiCount: number;
  regex: RegExp;
  value: T;
}

export function compilePathTemplate<T>(template: string, multiSegmentParams: ReadonlySet<string>, value: T): PathTemplate<T> {
  let literalCount = 0;
  let multiCount = 0;
  const parts = template
    .split('/')
    .filter((s) => s !== '')
    .map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (param) {
        if (multiSegmentParams.has(param[1]!)) {
          multiCount++;
          return '[^?#]+?';
        }
        return '[^/?#]+';
      }
      literalCount++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[^}]+\\\}/g, '[^/?#]+');
    });
  return { template, literalCount, multiCount, regex: new RegExp(`^/${parts.join('/')}$`, 'i'), value };
}

/** Strip query and fragment, collapse repeated slashes (the SDK's `...ById` sends `//subscriptions`), drop a trailing slash. */
export function normalizeRequestPath(path: string): string {
  let p = path;
  const cut = p.search(/[?#]/);
  if (cut >= 0) p = p.slice(0, cut);
  p = p.replace(/\/{2,}/g, '/');
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** The most specific template matching `path` (most literal segments, then fewest multi-segment parameters). */
export function matchPathTemplate<T>(templates: readonly PathTemplate<T>[], path: string): PathTemplate<T> | undefined {
  const normalized = normalizeRequestPath(path);
  let best: PathTemplate<T> | undefined;
  for (const t of templates) {
    if (!t.regex.test(normalized)) continue;
    if (!best || t.literalCount > best.literalCount || (t.literalCount === best.literalCount && t.multiCount < best.multiCount)) {
      best = t;
    }
  }
  return best;
}
