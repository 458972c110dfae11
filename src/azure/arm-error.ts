import { isRestError } from '@azure/core-rest-pipeline';
import { ArmError, AuthError, oneLine } from '../errors.js';

/**
 * The boundary where failures of HTTP calls to Azure become the tool's errors (src/errors.ts): ArmError with the ARM
 * error code, status and x-ms-request-id; AuthError for 401 and for credentials that could not get a token.
 */

export const loginHint =
  'run `az login` (with --tenant if needed), or set AZURE_TOKEN_CREDENTIALS (e.g. AzureCliCredential, ' +
  'ManagedIdentityCredential, EnvironmentCredential) to pin the credential';

export interface FailedResponse {
  status: number;
  headers: Record<string, string>;
  bodyAsText?: string | null | undefined;
}

export interface RequestContext {
  method: string;
  url: string;
}

/** A non-2xx ARM response as an ArmError (or AuthError for 401). */
export function errorFromResponse(response: FailedResponse, request: RequestContext): ArmError | AuthError {
  const { code, message } = parseErrorBody(response.status, response.bodyAsText);
  const requestId = response.headers['x-ms-request-id'];
  if (response.status === 401) {
    const id = requestId ? `, x-ms-request-id ${requestId}` : '';
    return new AuthError(`Azure rejected the token (HTTP 401 ${code}: ${truncate(oneLine(message))}${id}); ${loginHint}.`);
  }
  return new ArmError({ code, message, statusCode: response.status, requestId, method: request.method, url: request.url });
}

/**
 * Any error thrown while calling Azure, converted. Errors that are already the tool's, and aborts, pass through
 * unchanged (an abort is the caller's decision, not a failure of Azure).
 */
export function convertError(error: unknown, request: RequestContext): unknown {
  if (error instanceof ArmError || error instanceof AuthError) return error;
  if (isAbort(error)) return error;
  if (isCredentialError(error)) {
    const reason = error instanceof Error ? firstLine(error.message) : String(error);
    return new AuthError(`Could not get an Azure token: ${truncate(reason)}; ${loginHint}.`, { cause: error });
  }
  if (isRestError(error)) {
    if (error.response) {
      const headers = error.response.headers.toJSON();
      return errorFromResponse({ status: error.response.status, headers, bodyAsText: error.response.bodyAsText }, request);
    }
    return new ArmError({
      code: error.code ?? 'RequestSendError',
      message: `${request.method} ${request.url} failed: ${error.message}${connectionHint(error.code)}`,
      statusCode: error.statusCode,
      method: request.method,
      url: request.url,
      cause: error,
    });
  }
  return error;
}

/** What to do when no HTTP answer came back at all. */
function connectionHint(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return ' (no answer from the ARM endpoint: check --arm-endpoint / --cloud, the network and any proxy)';
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return ' (the server certificate is not trusted: point NODE_EXTRA_CA_CERTS at its CA file)';
    default:
      return '';
  }
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/** By name, so that this module never loads @azure/identity. */
export function isCredentialError(error: unknown): boolean {
  return error instanceof Error && CREDENTIAL_ERRORS.has(error.name);
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}

/** ARM's {"error":{code,message}}, a bare {code,message}, or a non-JSON body (HTML from a gateway, empty). */
export function parseErrorBody(status: number, bodyAsText: string | null | undefined): { code: string; message: string } {
  const text = bodyAsText ?? '';
  try {
    const parsed = JSON.parse(text) as unknown;
    const inner = pick(parsed, 'error') ?? pick(parsed, 'odata.error') ?? parsed;
    const code = pick(inner, 'code');
    const message = pick(inner, 'message');
    const messageText = typeof message === 'string' ? message : typeof pick(message, 'value') === 'string' ? (pick(message, 'value') as string) : undefined;
    if (typeof code === 'string' || messageText !== undefined) {
      return { code: typeof code === 'string' && code ? code : statusCode(status), message: messageText ?? text };
    }
  } catch {
    // not JSON: fall through
  }
  const snippet = truncate(oneLine(text.replace(/<[^>]*>/g, ' ')));
  return { code: statusCode(status), message: snippet || `HTTP ${status} with no error body` };
}

const STATUS_CODES: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 412: 'PreconditionFailed',
  429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

function statusCode(status: number): string {
  return STATUS_CODES[status] ?? `Http${status}`;
}

function pick(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function firstLine(text: string): string {
  return oneLine(text.split(/\r?\n/).find((l) => l.trim() !== '') ?? text);
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
