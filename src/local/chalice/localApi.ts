import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ValidationError } from '../../core/errors.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES } from '../../app/functions/functionsApp.js';
import type { AppRunner } from './appRunner.js';
import { gatewayError, type GatewayResponse } from './gatewayResponses.js';
import { gatewayOf } from './localGateway.js';
import { gatewayRequestOf } from './proxyEvents.js';

/** A running local API: its base URL, the server (websockets attach to its `upgrade` event), and `close`. */
export interface LocalApi {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The largest request body accepted (413 above it): the recorded invocation keeps the whole event, so a
 * body is held to Lambda's payload limit for recorded invocations, not API Gateway's 10 MB.
 */
export const LOCAL_API_BODY_LIMIT_BYTES = ASYNC_PAYLOAD_LIMIT_BYTES;

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * Serve an app's routes over HTTP on 127.0.0.1 (port 0 picks a free one), as API Gateway's REST API with
 * Lambda proxy integration: each request becomes a proxy event for the route's function. A malformed
 * request gets the 4xx API Gateway gives; nothing a client sends crashes the server or answers 500.
 * @example
 * const api = await startLocalApi(runner, { port: 8000 });
 * await fetch(`${api.url}/objects/a`);
 * await api.close();
 */
export async function startLocalApi(
  runner: AppRunner,
  options: { host?: string; port?: number } = {},
): Promise<LocalApi> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!LOOPBACK.has(host))
    throw new ValidationError('startLocalApi', [{ path: 'host', rule: `must be 127.0.0.1 (local only), got ${host}` }]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ValidationError('startLocalApi', [{ path: 'port', rule: 'must be an integer from 0 to 65535' }]);
  const gateway = gatewayOf(runner);
  const server = createServer((request, response) => {
    void serve(request, response, (req) => gateway.handle(req));
  });
  server.on('clientError', (_error, socket: Socket) => {
    // A request the HTTP parser refuses (bad request line, header, framing): API Gateway's plain 400.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  handle: (request: ReturnType<typeof gatewayRequestOf>) => Promise<GatewayResponse>,
): Promise<void> {
  const requestId = randomUUID();
  let answer: GatewayResponse;
  try {
    const target = pathOf(request.url ?? '');
    const body = target === undefined ? undefined : await bodyOf(request);
    if (target === undefined) answer = gatewayError(400, 'BadRequestException', { message: 'Bad Request' }, requestId);
    else if (body === undefined) {
      response.setHeader('Connection', 'close');
      answer = gatewayError(413, 'RequestEntityTooLargeException', { message: 'Request Too Long' }, requestId);
    } else {
      const pairs: [string, string][] = [];
      for (let i = 0; i + 1 < request.rawHeaders.length; i += 2)
        pairs.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
      const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
      pairs.push(['X-Forwarded-For', sourceIp], ['X-Forwarded-Proto', 'http']);
      answer = await handle(gatewayRequestOf(request.method ?? 'GET', target, pairs, body, sourceIp));
    }
  } catch {
    answer = gatewayError(502, 'InternalServerErrorException', { message: 'Internal server error' }, requestId);
  }
  write(response, answer, requestId);
}

/** The path and query of a request target; an absolute-form target gives its path. */
function pathOf(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return undefined;
  }
}

/** The body, or undefined when it is larger than the limit (declared or sent). */
async function bodyOf(request: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > LOCAL_API_BODY_LIMIT_BYTES) {
    request.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > LOCAL_API_BODY_LIMIT_BYTES) {
      request.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function write(response: ServerResponse, answer: GatewayResponse, requestId: string): void {
  try {
    const grouped = new Map<string, string[]>();
    for (const [name, value] of answer.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) response.setHeader(name, values.length === 1 ? values[0]! : values);
    response.setHeader('Content-Length', answer.body.length);
    response.writeHead(answer.statusCode);
    response.end(answer.body);
  } catch {
    // A header value the handler returned that HTTP cannot carry: API Gateway's malformed-response 502.
    if (response.headersSent) return void response.destroy();
    const fallback = gatewayError(502, 'InternalServerErrorException', { message: 'Internal server error' }, requestId);
    for (const name of response.getHeaderNames()) response.removeHeader(name);
    response.writeHead(502, Object.fromEntries(fallback.headers));
    response.end(fallback.body);
  }
}
