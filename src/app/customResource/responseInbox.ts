import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, type HttpServer } from '../../adapters/http/httpServer.js';
import type { Clock } from '../../ports/clock.js';

/** One answer as the local response endpoint received it. */
export interface ReceivedResponse {
  readonly method: string;
  /** Path and query as requested (the query is the signature: kept here because this is the receiving end). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly at: number;
  /** The status the endpoint replied with (faults included). */
  readonly status: number;
}

/** A fault the endpoint plays for the next PUTs, to exercise retries. */
export type InboxFault = 'status500' | 'status403' | 'reset';

/** Path prefix of the local presigned-URL-style response endpoint. */
export const RESPONSE_INBOX_PREFIX = '/custom-resource-responses/';

/**
 * The local stand-in for CloudFormation's presigned S3 URLs: accepts PUTs under
 * `/custom-resource-responses/<token>?signature=...`, records method, headers and body, and can play
 * faults. `stack simulate`, the demo and the tests read what arrived here.
 */
export class ResponseInbox {
  readonly received: ReceivedResponse[] = [];
  private readonly faults: InboxFault[] = [];
  private readonly waiters = new Set<() => void>();
  private baseUrl: (() => string) | undefined;

  constructor(private readonly clock: Clock) {}

  /** Mount on `http`; URLs use its address once it listens. */
  mount(http: HttpServer): this {
    http.route('PUT', RESPONSE_INBOX_PREFIX, (request, response) => this.accept(request, response));
    this.baseUrl = () => http.baseUrl();
    return this;
  }

  /** A fresh presigned-style URL for one request (the server must be listening). */
  urlFor(token: string): string {
    if (this.baseUrl === undefined) throw new Error('ResponseInbox: not mounted on an HTTP server');
    const baseUrl = this.baseUrl();
    return `${baseUrl}${RESPONSE_INBOX_PREFIX}${encodeURIComponent(token)}?X-Amz-Expires=7200&X-Amz-Signature=${encodeURIComponent(signatureOf(token))}`;
  }

  /** Play these faults on the next PUTs, in order. */
  injectFaults(...faults: InboxFault[]): void {
    this.faults.push(...faults);
  }

  /** Answers received for `token` (the path part of its URL). */
  for(token: string): ReceivedResponse[] {
    const path = `${RESPONSE_INBOX_PREFIX}${encodeURIComponent(token)}?`;
    return this.received.filter((r) => r.url.startsWith(path) && r.status < 300);
  }

  /** Resolves when an answer for `token` arrived (or rejects after `timeoutMs` of wall time). */
  async waitFor(token: string, timeoutMs = 30_000): Promise<ReceivedResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.for(token)[0];
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no answer for ${token} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 50);
        this.waiters.add(wake);
      });
    }
  }

  private async accept(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, 64 * 1024);
    const fault = this.faults.shift();
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    const status = fault === 'status500' ? 500 : fault === 'status403' ? 403 : 200;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[key] = value;
    this.received.push({ method: request.method ?? '', url: request.url ?? '', headers, body, at: this.clock.now(), status });
    response.writeHead(status, { 'content-length': '0' });
    response.end();
    for (const wake of [...this.waiters]) wake();
  }
}

function signatureOf(token: string): string {
  let h = 0;
  for (const c of token) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0');
}
