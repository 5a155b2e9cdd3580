import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isStatebridgeError, StatebridgeError } from '../../core/errors.js';
import type { RouteHandler, RoutePolicy, Router } from '../../ports/router.js';
import { checkRequest, isSafeMethod } from './requestGuard.js';

export type { RouteHandler } from '../../ports/router.js';

interface Route {
  readonly method: string;
  readonly prefix: string;
  readonly handler: RouteHandler;
  readonly policy: RoutePolicy;
}

/** Options of the local server. */
export interface HttpServerOptions {
  /** The per-process token state-changing calls must carry; a fresh random one by default. */
  readonly token?: string;
  /** Host header values accepted besides the loopback names (`name` or `name:port`), e.g. a tunnel. */
  readonly allowedHosts?: readonly string[];
  /**
   * The key presigned-style URLs handed out by routes are signed with (the response endpoint's). Keep it
   * across restarts where the store survives them, so URLs already handed out stay valid; random by default.
   */
  readonly urlKey?: string;
  /** Where server faults are reported (the client sees only that one happened); default stderr. */
  readonly onError?: (error: unknown) => void;
}

/** A request body over the route's limit: answered 413 naming the limit. */
export class RequestBodyTooLargeError extends StatebridgeError {
  constructor(readonly limit: number) {
    super('PAYLOAD_TOO_LARGE', `request body is over the limit of ${limit} bytes`, { context: { limit } });
  }
}

/**
 * A small HTTP server on 127.0.0.1 that several parts mount routes on (timeline page, ROS endpoint,
 * response endpoint, Invoke API). Every request is checked first (see requestGuard.ts): loopback Host,
 * no cross-origin browser calls, and for state-changing methods a JSON body and the process token unless
 * the route says otherwise.
 */
export class HttpServer implements Router {
  /** The per-process token: `x-statebridge-token: <token>` on state-changing calls. */
  readonly token: string;
  /** The key routes sign their presigned-style URLs with. */
  readonly urlKey: string;
  private readonly allowedHosts: readonly string[];
  private readonly onError: (error: unknown) => void;
  private readonly routes: Route[] = [];
  private server: Server | undefined;

  constructor(options: HttpServerOptions = {}) {
    this.token = options.token ?? randomBytes(32).toString('base64url');
    // It travels in headers and in the page's HTML: URL-safe characters only, and long enough not to guess.
    if (!/^[A-Za-z0-9_~.-]{16,}$/.test(this.token))
      throw new RangeError('HttpServer token: must be at least 16 URL-safe characters (A-Z a-z 0-9 _ ~ . -)');
    this.urlKey = options.urlKey ?? randomBytes(32).toString('base64url');
    this.allowedHosts = options.allowedHosts ?? [];
    this.onError = options.onError ?? ((error) => process.stderr.write(`statebridge http: ${String(error)}\n`));
  }

  /**
   * Mount `handler` for `method` (or `*`) on paths starting with `prefix`. Longer prefixes win. GET routes answer HEAD
   * too.
   */
  route(method: string, prefix: string, handler: RouteHandler, policy: RoutePolicy = {}): this {
    this.routes.push({ method: method.toUpperCase(), prefix, handler, policy });
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
    return this;
  }

  /** Listen on `host:port` (port 0 picks a free one); resolves with the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => void this.dispatch(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return this.baseUrl();
  }

  baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new StatebridgeError('NOT_READY', 'HttpServer is not listening');
    return `http://${address.address}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://127.0.0.1');
    } catch {
      return sendJson(response, 400, { error: 'BadRequest', message: 'the request target is not a valid path' });
    }
    // Node sends no body for HEAD, so a GET route answers it with the same headers.
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? '');
    const port = (this.server?.address() as AddressInfo | null)?.port ?? 0;
    try {
      for (const route of this.routes) {
        if (route.method !== '*' && route.method !== method) continue;
        if (!url.pathname.startsWith(route.prefix)) continue;
        const refusal = checkRequest(request, route.policy, {
          port,
          allowedHosts: this.allowedHosts,
          token: this.token,
        });
        if (refusal !== undefined)
          return refuseRequest(request, response, refusal.status, { error: refusal.error, message: refusal.message });
        if ((await route.handler(request, response, url)) !== false) return;
      }
      const refusal = checkRequest(
        request,
        { auth: 'none', body: 'any' },
        { port, allowedHosts: this.allowedHosts, token: this.token },
      );
      if (refusal !== undefined)
        return refuseRequest(request, response, refusal.status, { error: refusal.error, message: refusal.message });
      sendJson(response, 404, { error: 'NotFound', message: `no route for ${request.method ?? ''} ${url.pathname}` });
    } catch (error) {
      if (response.headersSent) {
        response.end();
        return;
      }
      // A server fault's own message can name files and internals: the client gets a fixed text.
      const [status, body] = clientErrorOf(error) ?? [
        500,
        { error: 'InternalError', message: 'the server failed to answer this request' },
      ];
      if (status === 500) this.onError(error);
      refuseRequest(request, response, status, body);
    }
  }
}

/** Map what a client caused to its 4xx: bad percent-encoding, an oversized body, input that failed validation. */
function clientErrorOf(error: unknown): [number, { error: string; message: string }] | undefined {
  if (error instanceof URIError)
    return [400, { error: 'BadRequest', message: `malformed percent-encoding in the path: ${error.message}` }];
  if (error instanceof RequestBodyTooLargeError) return [413, { error: 'PayloadTooLarge', message: error.message }];
  if (isStatebridgeError(error, 'VALIDATION_FAILED'))
    return [400, { error: 'ValidationError', message: error.message }];
  return undefined;
}

/** Answer an error without reading what is left of the body: the connection closes after the answer. */
function refuseRequest(request: IncomingMessage, response: ServerResponse, status: number, body: unknown): void {
  if (!isSafeMethod(request.method ?? '') && !request.complete) response.setHeader('connection', 'close');
  sendJson(response, status, body);
}

/** Read a request body as UTF-8, refusing bodies over `limit` bytes (a RequestBodyTooLargeError: 413). */
export async function readBody(request: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new RequestBodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new RequestBodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Send a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
