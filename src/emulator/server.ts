import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type AdminHooks } from './admin.js';
import type { EmulatorContext } from './context.js';
import type { RequestLogEntry } from './contract.js';
import { ArmHttpError, armErrorBody, type EmuRequest, type EmuResponse } from './http-types.js';
import { settleDueOperations } from './lro.js';
import { normalisePath, type Router } from './router.js';
import type { SpecValidator } from './spec/validator.js';
import { classify, type TakeResult } from './throttle.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface ServerDeps {
  ctx: EmulatorContext;
  router: Router;
  admin: AdminHooks;
  log: RequestLogEntry[];
  /** Loaded lazily on the first request that needs it (see index.ts). */
  validator: () => Promise<SpecValidator | undefined>;
  validateRequests: boolean;
  validateResponses: boolean;
  /** Persists the state when a mutation marked it dirty; resolves before the response is sent. */
  persist: () => Promise<void>;
}

/**
 * One request, start to finish: latency → auth → admin → faults → due LROs → route → api-version → throttle →
 * early service rules (Route.beforeValidation) → spec validation → handler → persist → response validation → headers
 * → log. Every answer is JSON with an x-ms-request-id; every error is ARM-shaped.
 */
export async function serveRequest(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const requestId = randomUUID();
  const startedAt = new Date().toISOString();
  const correlationId = header(req, 'x-ms-correlation-request-id') ?? randomUUID();
  const rawUrl = req.url ?? '/';
  // Split by hand: `new URL('//subscriptions/…', base)` would read "subscriptions" as a host name.
  const q = rawUrl.indexOf('?');
  const url = { pathname: q < 0 ? rawUrl : rawUrl.slice(0, q), searchParams: new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)) };
  const method = (req.method ?? 'GET').toUpperCase();
  const path = normalisePath(url.pathname);
  const origin = `https://${req.headers.host ?? 'localhost'}`;
  const { ctx } = deps;
  let body: unknown;
  let logged = true;
  let answer: EmuResponse;
  let rateHeaders: Record<string, string> = {};
  try {
    const text = await readBody(req);
    if (ctx.config.latencyMs > 0) await sleep(ctx.config.latencyMs);
    body = parseJson(text);
    const auth = header(req, 'authorization') ?? '';
    if (!/^Bearer\s+\S+/i.test(auth)) {
      throw new ArmHttpError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.");
    }
    const emuReq: EmuRequest = { method, path, query: url.searchParams, body, origin };
    if (path.toLowerCase().startsWith('/_emulator/')) {
      logged = false;
      answer = handleAdmin(emuReq, deps.admin);
      await deps.persist();
    } else {
      const fault = ctx.config.faults.take(method, path);
      if (fault?.kind === 'reset') {
        deps.log.push(entry(method, rawUrl, 0, body, requestId, startedAt));
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        const status = fault.status ?? 500;
        const retry: Record<string, string> = fault.retryAfterSec !== undefined ? { 'Retry-After': String(fault.retryAfterSec) } : {};
        throw new ArmHttpError(status, fault.code ?? defaultFaultCode(status), fault.message ?? `Injected fault: HTTP ${status}.`, retry);
      }
      if (fault?.kind === 'lro-failure') emuReq.lroFailure = { code: fault.code ?? 'InternalServerError', message: fault.message ?? 'Injected long-running operation failure.' };
      settleDueOperations(ctx);
      const throttled = applyThrottle(ctx, method, path, auth);
      rateHeaders = throttled.headers;
      answer = await route(emuReq, deps);
      await deps.persist();
      answer = await checkResponse(emuReq, answer, deps);
    }
  } catch (err) {
    answer = errorResponse(err);
    await deps.persist().catch(() => undefined);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlationId,
    ...rateHeaders,
    ...(answer.headers ?? {}),
  };
  const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(payload);
  if (logged) deps.log.push(entry(method, rawUrl, answer.status, method === 'GET' ? undefined : body, requestId, startedAt));
}

async function route(req: EmuRequest, deps: ServerDeps): Promise<EmuResponse> {
  const match = deps.router.match(req.method, req.path);
  if (match === undefined) throw new ArmHttpError(404, 'NotFound', `The emulator does not serve ${req.method} ${req.path}.`);
  if (match === 'methodNotAllowed') throw new ArmHttpError(405, 'MethodNotAllowed', `The emulator does not support ${req.method} on ${req.path}.`);
  if (!req.query.get('api-version')) {
    throw new ArmHttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  match.route.beforeValidation?.(req, match.params, deps.ctx);
  if (deps.validateRequests && req.body !== undefined && req.method !== 'GET') {
    const issues = (await deps.validator())?.validateRequest(req.method, req.path, req.body);
    if (issues?.length) {
      throw new ArmHttpError(400, 'InvalidRequestContent', issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; '));
    }
  }
  return match.route.handler(req, match.params, deps.ctx);
}

/** With validateResponses on, a 2xx body that breaks the spec becomes a 500, so tests catch emulator drift. */
async function checkResponse(req: EmuRequest, answer: EmuResponse, deps: ServerDeps): Promise<EmuResponse> {
  if (!deps.validateResponses || answer.status >= 300 || answer.body === undefined) return answer;
  const issues = (await deps.validator())?.validateResponse(req.method, req.path, answer.status, answer.body);
  if (!issues?.length) return answer;
  return { status: 500, body: armErrorBody('EmulatorSpecViolation', issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')) };
}

function applyThrottle(ctx: EmulatorContext, method: string, path: string, auth: string): { headers: Record<string, string> } {
  const cls = classify(method);
  const isGraph = /^\/providers\/microsoft\.resourcegraph\//i.test(path);
  if (isGraph) {
    const taken = ctx.config.graphThrottle?.take(auth, 'reads', ctx.now());
    if (taken && !taken.allowed) throw throttled(taken, 'RateLimiting', 'Please provide below info when asking for support: the Resource Graph query quota for this user is exhausted.');
    return { headers: taken ? { 'x-ms-user-quota-remaining': String(taken.remaining), 'x-ms-user-quota-resets-after': '00:00:05' } : {} };
  }
  const sub = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1] ?? 'tenant';
  const taken = ctx.config.throttle?.take(sub, cls, ctx.now());
  if (taken && !taken.allowed) {
    throw throttled(taken, 'SubscriptionRequestsThrottled', `Number of '${cls === 'reads' ? 'read' : cls === 'writes' ? 'write' : 'delete'}' requests for subscription '${sub}' exceeded the limit. Please try again after '${taken.retryAfterSec}' seconds.`);
  }
  return { headers: { [`x-ms-ratelimit-remaining-subscription-${cls}`]: String(taken?.remaining ?? 11999) } };
}

function throttled(taken: TakeResult, code: string, message: string): ArmHttpError {
  return new ArmHttpError(429, code, message, { 'Retry-After': String(taken.retryAfterSec) });
}

function errorResponse(err: unknown): EmuResponse {
  if (err instanceof ArmHttpError) return { status: err.status, body: armErrorBody(err.code, err.message), headers: err.headers };
  return { status: 500, body: armErrorBody('InternalServerError', `Emulator error: ${(err as Error)?.message ?? String(err)}`) };
}

function defaultFaultCode(status: number): string {
  return status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : status >= 500 ? 'InternalServerError' : 'BadRequest';
}

function entry(method: string, url: string, status: number, body: unknown, requestId: string, startedAt: string): RequestLogEntry {
  return { startedAt, time: new Date().toISOString(), method, url, status, ...(body !== undefined ? { body } : {}), requestId };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ArmHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ArmHttpError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: it is not JSON.');
  }
}
