import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../../adapters/http/httpServer.js';
import type { Router } from '../../ports/router.js';
import { sameSecret } from '../../adapters/http/requestGuard.js';
import type { Clock } from '../../ports/clock.js';
import { StatebridgeError } from '../../core/errors.js';

/** One answer as the local response endpoint received it. */
interface ReceivedResponse {
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
type InboxFault = 'status500' | 'status403' | 'reset';

/** Path prefix of the local presigned-URL-style response endpoint. */
const RESPONSE_INBOX_PREFIX = '/custom-resource-responses/';

/** How much the inbox keeps: the newest answers within both bounds (older ones are dropped first). */
export interface InboxWindow {
  /** Most answers kept; default 1000. */
  readonly maxEntries?: number;
  /** Most body bytes kept in total; default 8 MiB. */
  readonly maxBytes?: number;
}

const BODY_LIMIT = 64 * 1024;

/**
 * The local stand-in for CloudFormation's presigned S3 URLs: accepts PUTs under
 * `/custom-resource-responses/<token>?X-Amz-Signature=...`, records method, headers and body, and can
 * play faults. `stack simulate`, the demo and the tests read what arrived here.
 *
 * Like a presigned URL, each URL is its own credential: the signature is an HMAC of the path token under
 * the server's URL key (`Router.urlKey`, kept beside the database by `statebridge start`), so only someone handed
 * the URL can answer (no process token, no JSON content type: CloudFormation's answers carry an empty Content-Type).
 * Only a bounded window of answers is kept.
 */
export class ResponseInbox {
  private entries: ReceivedResponse[] = [];
  private bytes = 0;
  private readonly faults: InboxFault[] = [];
  private readonly waiters = new Set<() => void>();
  private key: string | undefined;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private baseUrl: (() => string) | undefined;

  constructor(
    private readonly clock: Clock,
    window: InboxWindow = {},
  ) {
    this.maxEntries = positive(window.maxEntries ?? 1000, 'maxEntries');
    this.maxBytes = positive(window.maxBytes ?? 8 * 1024 * 1024, 'maxBytes');
  }

  /** The answers in the window, oldest first. */
  get received(): readonly ReceivedResponse[] {
    return this.entries;
  }

  /** Mount on `http`; URLs use its address once it listens. */
  mount(http: Router): this {
    http.route('PUT', RESPONSE_INBOX_PREFIX, (request, response, url) => this.accept(request, response, url), {
      auth: 'self',
      body: 'any',
    });
    this.baseUrl = () => http.baseUrl();
    this.key = http.urlKey;
    return this;
  }

  /** A fresh presigned-style URL for one request (the server must be listening). */
  urlFor(token: string): string {
    if (this.baseUrl === undefined) throw notMounted();
    const baseUrl = this.baseUrl();
    const query = `X-Amz-Expires=7200&X-Amz-Signature=${encodeURIComponent(this.signatureOf(token))}`;
    return `${baseUrl}${RESPONSE_INBOX_PREFIX}${encodeURIComponent(token)}?${query}`;
  }

  /** Play these faults on the next PUTs, in order. */
  injectFaults(...faults: InboxFault[]): void {
    this.faults.push(...faults);
  }

  /** Answers received for `token` (the path part of its URL). */
  for(token: string): ReceivedResponse[] {
    const path = `${RESPONSE_INBOX_PREFIX}${encodeURIComponent(token)}?`;
    return this.entries.filter((r) => r.url.startsWith(path) && r.status < 300);
  }

  /** Resolves when an answer for `token` arrived (or rejects after `timeoutMs` of wall time). */
  async waitFor(token: string, timeoutMs = 30_000): Promise<ReceivedResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.for(token)[0];
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new StatebridgeError('ANSWER_TIMED_OUT', `no answer for ${token} within ${timeoutMs} ms`);
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

  private async accept(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const token = decodeURIComponent(url.pathname.slice(RESPONSE_INBOX_PREFIX.length));
    if (!sameSecret(url.searchParams.get('X-Amz-Signature') ?? '', this.signatureOf(token))) {
      sendJson(response, 403, {
        error: 'SignatureDoesNotMatch',
        message: 'X-Amz-Signature: does not match this response URL; answer only to the URL the request carried',
      });
      return;
    }
    const body = await readBody(request, BODY_LIMIT);
    const fault = this.faults.shift();
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    const status = fault === 'status500' ? 500 : fault === 'status403' ? 403 : 200;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[key] = value;
    this.keep({ method: request.method ?? '', url: request.url ?? '', headers, body, at: this.clock.now(), status });
    response.writeHead(status, { 'content-length': '0' });
    response.end();
    for (const wake of [...this.waiters]) wake();
  }

  private keep(entry: ReceivedResponse): void {
    this.entries.push(entry);
    this.bytes += Buffer.byteLength(entry.body);
    let drop = 0;
    while (
      this.entries.length - drop > this.maxEntries ||
      (this.bytes > this.maxBytes && this.entries.length - drop > 1)
    ) {
      this.bytes -= Buffer.byteLength(this.entries[drop]?.body ?? '');
      drop += 1;
    }
    if (drop > 0) this.entries = this.entries.slice(drop);
  }

  private signatureOf(token: string): string {
    if (this.key === undefined) throw notMounted();
    return createHmac('sha256', this.key).update(token).digest('hex');
  }
}

function positive(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`ResponseInbox ${field}: must be a positive integer, got ${value}`);
  return value;
}

const notMounted = () => new StatebridgeError('NOT_READY', 'ResponseInbox: not mounted on an HTTP server');
