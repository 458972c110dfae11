import type { EmulatorContext } from './context.js';
import type { EmuRequest } from './http-types.js';
import { ArmHttpError } from './http-types.js';
import type { ArmObject } from './state.js';

/** `$skipToken` is an opaque offset; clients must only echo it back from nextLink. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeSkipToken(token: string | null): number {
  if (!token) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new ArmHttpError(400, 'InvalidSkipToken', `The $skipToken '${token}' is not valid; use the nextLink returned by the previous page.`);
}

/**
 * The query parameter carrying the continuation token: ARM and most RPs use `$skipToken`; the Machine Learning
 * workspace-child lists declare `$skip` (machineLearningServices.json PaginationParameter).
 */
export type TokenParam = '$skipToken' | '$skip';

/** One page of a collection as `{value, nextLink?}` with an absolute https nextLink carrying api-version. */
export function listPage(
  req: EmuRequest,
  ctx: EmulatorContext,
  collection: string,
  map: (o: ArmObject) => unknown = (o) => o,
  tokenParam: TokenParam = '$skipToken',
): { value: unknown[]; nextLink?: string } {
  const offset = decodeSkipToken(req.query.get(tokenParam));
  const size = ctx.config.pageSize;
  const { items, total } = ctx.store.page(collection, offset, size);
  return pageOf(req, items.map(map), offset + size < total ? offset + size : undefined, tokenParam);
}

export function pageArray(req: EmuRequest, ctx: EmulatorContext, all: unknown[], tokenParam: TokenParam = '$skipToken'): { value: unknown[]; nextLink?: string } {
  const offset = decodeSkipToken(req.query.get(tokenParam));
  const size = ctx.config.pageSize;
  return pageOf(req, all.slice(offset, offset + size), offset + size < all.length ? offset + size : undefined, tokenParam);
}

function pageOf(req: EmuRequest, value: unknown[], nextOffset: number | undefined, tokenParam: TokenParam): { value: unknown[]; nextLink?: string } {
  if (nextOffset === undefined) return { value };
  const next = new URL(req.origin + req.path);
  for (const [k, v] of req.query) if (k !== tokenParam) next.searchParams.set(k, v);
  next.searchParams.set(tokenParam, encodeSkipToken(nextOffset));
  return { value, nextLink: next.toString() };
}
