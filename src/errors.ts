import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * The few error classes of the tool. Only the top-level handler (cli/run-cli.ts) turns them into output and an exit code;
 * every message is one line that says what went wrong and what to do.
 */
export class ToolError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue = ExitCode.internal, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** The user gave bad input: a flag, a value, a file. */
export class UsageError extends ToolError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** No credential could get a token. */
export class AuthError extends ToolError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.auth, options);
  }
}

/**
 * An ARM call failed. Keeps what a user needs to quote to Azure support: the ARM error code, the HTTP status and the
 * x-ms-request-id of the failing response.
 */
export class ArmError extends ToolError {
  readonly code: string;
  /** The service's own message, one line, without the code and the HTTP status this class adds to `message`. */
  readonly serviceMessage: string;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  constructor(init: {
    code: string;
    message: string;
    statusCode?: number | undefined;
    requestId?: string | undefined;
    method?: string | undefined;
    url?: string | undefined;
    cause?: unknown;
  }) {
    const where = init.statusCode ? ` (HTTP ${init.statusCode}` + (init.requestId ? `, x-ms-request-id ${init.requestId})` : ')') : '';
    super(`${init.code}: ${oneLine(init.message)}${where}`, ExitCode.azure, { cause: init.cause });
    this.code = init.code;
    this.serviceMessage = oneLine(init.message);
    this.statusCode = init.statusCode;
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
  }
}

/**
 * The user declined a confirmation or pressed Ctrl-C: a cancellation, not a failure of the tool or of the user's
 * input, so not a ToolError. The top-level handler prints its one line and exits 130.
 */
export class CancelledError extends Error {
  readonly exitCode = ExitCode.cancelled;
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
