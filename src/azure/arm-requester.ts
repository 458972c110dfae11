import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import { ArmError } from '../errors.js';
import { convertError, errorFromResponse } from './arm-error.js';
import { createArmPipeline, type ArmPipelineSettings } from './arm-pipeline.js';

export type ArmMethod = 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE' | 'HEAD';

export interface ArmResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON; undefined for an empty body (204, most 202s). */
  body: T;
}

export interface ArmRequestOptions {
  abortSignal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}

export interface ArmSendOptions extends ArmRequestOptions {
  body?: unknown;
}

/**
 * The read side's port (observe, audit, the basis re-read): GET, paging, and POST only for documented read actions.
 * It has no write method, so code given an ArmReader cannot write to Azure: a type error, not a review, stops it.
 */
export interface ArmReader {
  readonly endpoint: string;
  get<T = unknown>(pathOrUrl: string, apiVersion: string, options?: ArmRequestOptions): Promise<ArmResponse<T>>;
  /** GET a list and follow nextLink to the end, yielding each page's `value`. */
  pages<T = unknown>(pathOrUrl: string, apiVersion: string, options?: ArmRequestOptions): AsyncIterable<T[]>;
  /** All items of all pages. */
  listAll<T = unknown>(pathOrUrl: string, apiVersion: string, options?: ArmRequestOptions): Promise<T[]>;
  /** POST of a documented read action (READ_ACTIONS); any other path is refused before anything is sent. */
  readAction<T = unknown>(path: string, apiVersion: string, body: unknown, options?: ArmRequestOptions): Promise<ArmResponse<T>>;
}

/**
 * POST operations that read and change nothing. Resource Graph queries are POSTs by design.
 */
const READ_ACTIONS: readonly RegExp[] = [/^\/providers\/Microsoft\.ResourceGraph\/resources$/i];

/**
 * Raw-JSON ARM calls. The body is sent and returned exactly as given (no model, no serializer), so fields the
 * published SDK does not know (properties.managedNetwork) survive a read → write round trip.
 *
 * pathOrUrl: an ARM path ('/subscriptions/...', a leading '//' from SDK ids is normalised, query allowed) or an absolute
 * URL on the same endpoint (nextLink, Azure-AsyncOperation); api-version is added only when the URL has none.
 * Every method throws ArmError / AuthError (never RestError) and takes an AbortSignal.
 */
export interface ArmRequester extends ArmReader {
  request<T = unknown>(method: ArmMethod, pathOrUrl: string, apiVersion: string, options?: ArmSendOptions): Promise<ArmResponse<T>>;
  put<T = unknown>(pathOrUrl: string, apiVersion: string, body: unknown, options?: ArmRequestOptions): Promise<ArmResponse<T>>;
  patch<T = unknown>(pathOrUrl: string, apiVersion: string, body: unknown, options?: ArmRequestOptions): Promise<ArmResponse<T>>;
  post<T = unknown>(pathOrUrl: string, apiVersion: string, body?: unknown, options?: ArmRequestOptions): Promise<ArmResponse<T>>;
  delete<T = unknown>(pathOrUrl: string, apiVersion: string, options?: ArmRequestOptions): Promise<ArmResponse<T>>;
}

export function createArmRequester(settings: ArmPipelineSettings, httpClient: HttpClient = createDefaultHttpClient()): ArmRequester {
  return new PipelineArmRequester(settings.endpoint, createArmPipeline(settings), httpClient);
}

class PipelineArmRequester implements ArmRequester {
  constructor(
    readonly endpoint: string,
    private readonly pipeline: Pipeline,
    private readonly httpClient: HttpClient,
  ) {}

  async request<T>(method: ArmMethod, pathOrUrl: string, apiVersion: string, options: ArmSendOptions = {}): Promise<ArmResponse<T>> {
    const url = resolveArmUrl(this.endpoint, pathOrUrl, apiVersion);
    const headers = createHttpHeaders({ accept: 'application/json', ...options.headers });
    const hasBody = options.body !== undefined;
    if (hasBody) headers.set('content-type', 'application/json');
    const request = createPipelineRequest({
      url,
      method,
      headers,
      ...(hasBody ? { body: JSON.stringify(options.body) } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    let response;
    try {
      response = await this.pipeline.sendRequest(this.httpClient, request);
    } catch (error) {
      throw convertError(error, { method, url });
    }
    const responseHeaders = response.headers.toJSON();
    if (response.status >= 400) {
      throw errorFromResponse({ status: response.status, headers: responseHeaders, bodyAsText: response.bodyAsText ?? undefined }, { method, url });
    }
    return { status: response.status, headers: responseHeaders, body: parseBody<T>(response.bodyAsText ?? undefined, method, url, response.status, responseHeaders) };
  }

  get<T>(p: string, v: string, o?: ArmRequestOptions) { return this.request<T>('GET', p, v, o); }
  put<T>(p: string, v: string, body: unknown, o?: ArmRequestOptions) { return this.request<T>('PUT', p, v, { ...o, body }); }
  patch<T>(p: string, v: string, body: unknown, o?: ArmRequestOptions) { return this.request<T>('PATCH', p, v, { ...o, body }); }
  post<T>(p: string, v: string, body?: unknown, o?: ArmRequestOptions) { return this.request<T>('POST', p, v, { ...o, body }); }
  delete<T>(p: string, v: string, o?: ArmRequestOptions) { return this.request<T>('DELETE', p, v, o); }

  async readAction<T>(path: string, apiVersion: string, body: unknown, o?: ArmRequestOptions): Promise<ArmResponse<T>> {
    assertReadAction(path);
    return this.request<T>('POST', path, apiVersion, { ...o, body });
  }

  async *pages<T>(pathOrUrl: string, apiVersion: string, options?: ArmRequestOptions): AsyncIterable<T[]> {
    const seen = new Set<string>();
    let next: string | undefined = pathOrUrl;
    while (next !== undefined) {
      seen.add(next);
      const page: ArmResponse<{ value?: T[]; nextLink?: string | null } | undefined> = await this.get(next, apiVersion, options);
      yield page.body?.value ?? [];
      next = page.body?.nextLink ?? undefined;
      if (next !== undefined && seen.has(next)) {
        throw new ArmError({ code: 'PagingLoop', message: `ARM returned a nextLink already followed: ${next}`, method: 'GET', url: next });
      }
    }
  }

  async listAll<T>(pathOrUrl: string, apiVersion: string, options?: ArmRequestOptions): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages<T>(pathOrUrl, apiVersion, options)) all.push(...page);
    return all;
  }
}

/**
 * A view of `arm` with only the read methods, so not even a cast reaches a write through it. What the read side and
 * the audit are given.
 */
export function readOnlyArm(arm: ArmReader): ArmReader {
  return {
    endpoint: arm.endpoint,
    get: (p, v, o) => arm.get(p, v, o),
    pages: (p, v, o) => arm.pages(p, v, o),
    listAll: (p, v, o) => arm.listAll(p, v, o),
    readAction: (p, v, b, o) => arm.readAction(p, v, b, o),
  };
}

function assertReadAction(path: string): void {
  const bare = `/${path.replace(/^\/+/, '')}`.split('?')[0]!;
  if (!READ_ACTIONS.some((re) => re.test(bare))) {
    throw new ArmError({ code: 'NotAReadAction', message: `POST ${bare} is not a documented read action; the read side may not send it` });
  }
}

/**
 * The full URL for an ARM path or same-endpoint absolute URL. Absolute URLs on another origin are refused: the bearer
 * token for ARM must never be sent to a host a response body named.
 */
export function resolveArmUrl(endpoint: string, pathOrUrl: string, apiVersion: string): string {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) {
    url = new URL(pathOrUrl);
    if (url.origin !== new URL(endpoint).origin) {
      throw new ArmError({
        code: 'ForeignUrl',
        message: `refusing to send the ARM token to ${url.origin} (the ARM endpoint is ${endpoint})`,
        url: pathOrUrl,
      });
    }
  } else {
    const path = `/${pathOrUrl.replace(/^\/+/, '')}`;
    url = new URL(endpoint + path);
  }
  if (!url.searchParams.has('api-version') && apiVersion) url.searchParams.set('api-version', apiVersion);
  return url.href;
}

function parseBody<T>(text: string | undefined, method: string, url: string, status: number, headers: Record<string, string>): T {
  if (text === undefined || text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ArmError({
      code: 'InvalidResponse',
      message: `expected JSON from ${method} ${url}, got: ${text.slice(0, 200)}`,
      statusCode: status,
      requestId: headers['x-ms-request-id'],
      method,
      url,
      cause: error,
    });
  }
}
