import pLimit from 'p-limit';
import { convertError, errorFromResponse } from '../azure/arm-error.js';
import { ArmError, oneLine } from '../errors.js';
import type { ReadProblem } from '../plan/observed.js';

/** Runs one leaf read (an HTTP call) under the shared concurrency bound. */
export type Limit = <T>(read: () => Promise<T>) => Promise<T>;

/** A Limit running at most `concurrency` reads at once. */
export function createLimit(concurrency: number): Limit {
  const limit = pLimit(Math.max(1, Math.floor(concurrency)));
  return (read) => limit(read);
}

export interface ReadContext {
  limit: Limit;
  abortSignal?: AbortSignal | undefined;
  /** Problems are appended here, in the order they happen. */
  problems: ReadProblem[];
}

export function problemFrom(subject: ReadProblem['subject'], id: string, error: ArmError): ReadProblem {
  const reason: ReadProblem['reason'] =
    error.statusCode === 404 ? (LISTS.has(subject) && isMissingApi(error) ? 'unsupported' : 'not-found')
    : error.statusCode === 403 ? 'forbidden'
    : error.statusCode === 400 || error.statusCode === 405 || error.statusCode === 501 ? 'unsupported'
    : 'failed';
  return {
    subject,
    id,
    reason,
    code: error.code,
    ...(error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    message: oneLine(error.message),
  };
}

/** Lists whose 404 can mean "not served here" rather than "gone"; a linked resource's 404 always means it is gone. */
const LISTS = new Set<ReadProblem['subject']>(['models', 'environments', 'dataAssets', 'roleAssignments']);

/**
 * A 404 that means "no such API here" rather than "no such resource": ARM's codes for an unknown resource type or
 * provider, and the emulator's answer for a route it does not serve (code NotFound).
 */
function isMissingApi(error: ArmError): boolean {
  return /^(InvalidResourceType|NoRegisteredProviderFound|NotFound|InvalidApiVersionParameter|UnsupportedApiVersion)$/i.test(error.code);
}

export function isStatus(error: unknown, ...statuses: number[]): error is ArmError {
  return error instanceof ArmError && error.statusCode !== undefined && statuses.includes(error.statusCode);
}

/**
 * A read whose failure is recorded, not thrown: on an ArmError with one of `tolerated` statuses (or any ArmError with
 * 'any') the problem is appended and `undefined` returned. Anything else (throttled beyond retries, 5xx, auth, abort) is thrown.
 */
export async function tolerant<T>(
  ctx: ReadContext,
  subject: ReadProblem['subject'],
  id: string,
  read: () => Promise<T>,
  tolerated: readonly number[] | 'any' = [403, 404],
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ArmError && (tolerated === 'any' || isStatus(error, ...tolerated))) {
      ctx.problems.push(problemFrom(subject, id, error));
      return undefined;
    }
    throw error;
  }
}

/** What a typed SDK call returned, with the raw JSON body and headers it came in (for fingerprints and raw fields). */
export interface TypedRead<T> {
  value: T;
  raw: unknown;
  etag: string | undefined;
}

interface RawResponse {
  status: number;
  bodyAsText?: string | null;
  parsedBody?: unknown;
  headers: { get(name: string): string | undefined; toJSON(): Record<string, string> };
}

/**
 * Calls a typed (AutoRest or TypeSpec) ARM client, capturing the raw response through `onResponse` (the typed model
 * flattens and renames fields; fingerprints are over the JSON as sent), and converting RestError to ArmError.
 */
export async function typedRead<T>(
  method: string,
  url: string,
  call: (options: { abortSignal?: AbortSignal; onResponse: (raw: RawResponse) => void }) => Promise<T>,
  abortSignal: AbortSignal | undefined,
): Promise<TypedRead<T>> {
  let raw: unknown;
  let etag: string | undefined;
  let failed: RawResponse | undefined;
  const onResponse = (response: RawResponse) => {
    etag = response.headers.get('etag') ?? undefined;
    raw = parseRaw(response);
    failed = response.status >= 400 ? response : undefined;
  };
  try {
    const value = await call({ ...(abortSignal ? { abortSignal } : {}), onResponse });
    return { value, raw, etag };
  } catch (error) {
    // TypeSpec-generated clients (arm-keyvault 5) throw a RestError without the body text: rebuild it from the
    // response seen, so the ARM error code and message survive.
    if (failed) {
      const bodyAsText = typeof failed.bodyAsText === 'string' ? failed.bodyAsText : raw === undefined ? undefined : JSON.stringify(raw);
      throw errorFromResponse({ status: failed.status, headers: failed.headers.toJSON(), bodyAsText }, { method, url });
    }
    throw convertError(error, { method, url });
  }
}

function parseRaw(response: RawResponse): unknown {
  if (typeof response.bodyAsText === 'string' && response.bodyAsText.trim() !== '') {
    try {
      return JSON.parse(response.bodyAsText);
    } catch {
      return undefined;
    }
  }
  return response.parsedBody;
}
