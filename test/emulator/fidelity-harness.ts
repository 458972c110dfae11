import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { validateOperationStatus } from '../../src/emulator/spec/operation-status.js';
import { createSpecValidator, type SpecIssue } from '../../src/emulator/spec/validator.js';

export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A response whose body broke the spec (or whose operation the spec does not know). */
export interface Finding {
  request: string;
  status: number;
  issues: SpecIssue[] | 'no spec operation';
}

const validator = createSpecValidator();

/** Talks to one running emulator over real HTTPS and checks every response body against the spec. */
export class ArmClient {
  readonly findings: Finding[] = [];
  readonly exchanges: Exchange[] = [];
  private token: string | undefined;

  constructor(private readonly emulator: RunningEmulator) {}

  /** One request; the response body is checked against `checkAs` (default: this request's own operation). */
  async send(method: string, url: string, body?: unknown, checkAs?: { method: string; url: string; required: boolean }): Promise<Exchange> {
    const exchange = await this.raw(method, url, body);
    const target = checkAs ?? { method, url, required: true };
    this.check(exchange, target.method, target.url, target.required);
    return exchange;
  }

  /**
   * Sends a request and drives a long-running operation to its end the way the SDK does (FACTS: LRO): follow
   * `Azure-AsyncOperation` until it is not InProgress, then GET the resource (PUT), or `Location` (PATCH, POST,
   * DELETE). Returns the first response and the final one.
   */
  async sendLro(method: string, url: string, body?: unknown): Promise<{ first: Exchange; final: Exchange; status: string | undefined }> {
    const first = await this.send(method, url, body);
    const asyncUrl = first.headers['azure-asyncoperation'];
    const locationUrl = first.headers.location;
    if (first.status !== 202 && !asyncUrl) return { first, final: first, status: undefined };
    let status: string | undefined;
    if (asyncUrl) {
      for (let i = 0; i < 100; i++) {
        const poll = await this.raw('GET', asyncUrl);
        const issues = poll.status === 200 ? validateOperationStatus(poll.body) : [{ path: '', message: `poll answered ${poll.status}` }];
        if (issues.length > 0) this.findings.push({ request: `GET ${asyncUrl}`, status: poll.status, issues });
        status = (poll.body as { status?: string } | undefined)?.status;
        if (status !== 'InProgress') break;
        await sleep(10);
      }
    }
    let final = first;
    if (method === 'PUT') {
      final = await this.send('GET', url);
    } else if (locationUrl) {
      for (let i = 0; i < 100; i++) {
        final = await this.send('GET', locationUrl, undefined, { method, url, required: true });
        if (final.status !== 202) break;
        await sleep(10);
      }
    }
    return { first, final, status };
  }

  private check(exchange: Exchange, method: string, url: string, required: boolean): void {
    const issues = validator.validateResponse(method, url, exchange.status, exchange.body === '' ? undefined : exchange.body);
    if (issues === undefined) {
      if (required) this.findings.push({ request: `${exchange.method} ${exchange.url}`, status: exchange.status, issues: 'no spec operation' });
    } else if (issues.length > 0) {
      this.findings.push({ request: `${exchange.method} ${exchange.url}`, status: exchange.status, issues });
    }
  }

  private async raw(method: string, url: string, body?: unknown): Promise<Exchange> {
    this.token ??= (await this.emulator.credential.getToken(`${this.emulator.endpoint}/.default`))?.token;
    const target = new URL(url, this.emulator.endpoint);
    if (target.origin !== new URL(this.emulator.endpoint).origin) throw new Error(`refusing to leave the emulator: ${url}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const exchange = await new Promise<Exchange>((resolve, reject) => {
      const req = request(
        target,
        {
          method,
          ca: this.emulator.caCertPem,
          headers: {
            authorization: `Bearer ${this.token ?? ''}`,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if (text !== '') {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
            resolve({ method, url: target.pathname + target.search, status: res.statusCode ?? 0, headers, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
    this.exchanges.push(exchange);
    return exchange;
  }
}
