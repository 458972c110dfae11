import type { ArmMethod, ArmRequester, ArmRequestOptions, ArmResponse, ArmSendOptions } from '../../azure/arm-requester.js';
import { resolveArmUrl } from '../../azure/arm-requester.js';
import { ArmError } from '../../errors.js';
import type { ArmCallRecord } from '../contract.js';

/**
 * An ArmRequester that records every write it sends (method, URL, status, x-ms-request-id) for the journal, and the
 * service status of the last poll (for progress events). Reads are not recorded: they change nothing.
 * Invariant: in dry-run mode (`refuseWrites`), a write throws before anything is sent.
 */
export class RecordingRequester implements ArmRequester {
  readonly calls: ArmCallRecord[] = [];
  lastPollStatus: string | undefined;

  constructor(
    private readonly inner: ArmRequester,
    private readonly refuseWrites = false,
  ) {}

  get endpoint(): string {
    return this.inner.endpoint;
  }

  async request<T>(method: ArmMethod, pathOrUrl: string, apiVersion: string, options: ArmSendOptions = {}): Promise<ArmResponse<T>> {
    const write = method !== 'GET' && method !== 'HEAD';
    const url = resolveArmUrl(this.inner.endpoint, pathOrUrl, apiVersion);
    if (write && this.refuseWrites) {
      throw new ArmError({ code: 'DryRunWrite', message: `dry run: refusing to send ${method} ${url}`, method, url });
    }
    try {
      const response = await this.inner.request<T>(method, pathOrUrl, apiVersion, options);
      if (write) this.calls.push(record(method, url, response.status, response.headers['x-ms-request-id']));
      else {
        const status = (response.body as { status?: unknown } | undefined)?.status;
        if (typeof status === 'string') this.lastPollStatus = status;
      }
      return response;
    } catch (error) {
      if (write) {
        const e = error instanceof ArmError ? error : undefined;
        this.calls.push(record(method, url, e?.statusCode, e?.requestId));
      }
      throw error;
    }
  }

  get<T>(p: string, v: string, o?: ArmRequestOptions) { return this.request<T>('GET', p, v, o); }
  put<T>(p: string, v: string, body: unknown, o?: ArmRequestOptions) { return this.request<T>('PUT', p, v, { ...o, body }); }
  patch<T>(p: string, v: string, body: unknown, o?: ArmRequestOptions) { return this.request<T>('PATCH', p, v, { ...o, body }); }
  post<T>(p: string, v: string, body?: unknown, o?: ArmRequestOptions) { return this.request<T>('POST', p, v, { ...o, body }); }
  delete<T>(p: string, v: string, o?: ArmRequestOptions) { return this.request<T>('DELETE', p, v, o); }

  pages<T>(p: string, v: string, o?: ArmRequestOptions): AsyncIterable<T[]> { return this.inner.pages<T>(p, v, o); }
  listAll<T>(p: string, v: string, o?: ArmRequestOptions): Promise<T[]> { return this.inner.listAll<T>(p, v, o); }
  readAction<T>(p: string, v: string, body: unknown, o?: ArmRequestOptions): Promise<ArmResponse<T>> { return this.inner.readAction<T>(p, v, body, o); }
}

function record(method: string, url: string, status: number | undefined, requestId: string | undefined): ArmCallRecord {
  const r: ArmCallRecord = { method, url };
  if (status !== undefined) r.status = status;
  if (requestId !== undefined) r.requestId = requestId;
  return r;
}
