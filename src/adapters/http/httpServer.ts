import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request; returns false to let the next route try. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean | void> | boolean | void;

interface Route {
  readonly method: string;
  readonly prefix: string;
  readonly handler: RouteHandler;
}

/** A small HTTP server on 127.0.0.1 that several parts mount routes on (timeline page, ROS endpoint, response endpoint). */
export class HttpServer {
  private readonly routes: Route[] = [];
  private server: Server | undefined;

  /** Mount `handler` for `method` (or `*`) on paths starting with `prefix`. Longer prefixes win. */
  route(method: string, prefix: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), prefix, handler });
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
    if (!address) throw new Error('HttpServer is not listening');
    return `http://${address.address}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      for (const route of this.routes) {
        if (route.method !== '*' && route.method !== request.method) continue;
        if (!url.pathname.startsWith(route.prefix)) continue;
        if ((await route.handler(request, response, url)) !== false) return;
      }
      sendJson(response, 404, { error: 'NotFound', message: `no route for ${request.method ?? ''} ${url.pathname}` });
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, { error: 'InternalError', message: (error as Error).message });
      else response.end();
    }
  }
}

/** Read a request body as UTF-8, refusing bodies over `limit` bytes. */
export async function readBody(request: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Send a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
