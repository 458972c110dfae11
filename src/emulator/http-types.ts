/** The emulator's own request/response shapes: handlers are plain functions from one to the other (no node:http). */

export interface EmuRequest {
  method: string;
  /** Path with duplicate slashes collapsed and no trailing slash; original casing. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** Base URL the client reached us at, e.g. https://127.0.0.1:41234; used for nextLink and LRO URLs. */
  origin: string;
  /** Set by an 'lro-failure' fault: the operation this request starts must end Failed with this error. */
  lroFailure?: { code: string; message: string };
}

export interface EmuResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers and rules; the server turns it into an ARM error body `{"error":{code,message}}`. */
export class ArmHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function armErrorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function ok(body: unknown, status = 200): EmuResponse {
  return { status, body };
}
