import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { WebsocketSender } from '../../ports/websocketSender.js';
import {
  websocketProxyEventOf,
  type WebsocketConnectionFacts,
  type WebsocketRouteKey,
} from '../../protocol/websocket/websocketProxyEvent.js';
import type { AppRunner } from './appRunner.js';
import { WebsocketConnections, type OpenConnection } from './websocketConnections.js';
import { WebsocketDelivery } from './websocketDelivery.js';

/** API Gateway's largest websocket message (128 KB); a larger frame closes the connection with 1009. */
export const WEBSOCKET_MESSAGE_LIMIT_BYTES = 128 * 1024;

/** Options of `attachWebsocketApi`. */
export interface WebsocketApiOptions {
  /** The path clients connect to (default `/`); upgrades elsewhere get 404. */
  readonly path?: string;
  /** The stage events name, as in `wss://{domain}/{stage}` (default `api`, Chalice's default stage). */
  readonly stage?: string;
  /** Told about deliveries that could not be recorded (the store failed); default `console.error`. */
  readonly onError?: (error: unknown) => void;
}

/** The websocket API served on a local server: its connections and the management API over them. */
export interface WebsocketApiHost extends WebsocketSender {
  readonly path: string;
  /** The ids of the connections open now. */
  readonly connectionIds: readonly string[];
  /** Close every connection (1001, going away), wait for their deliveries, and stop taking upgrades. */
  close(): Promise<void>;
}

/**
 * Serve an app's websocket handlers on a `node:http` server, as API Gateway's websocket API: an upgrade
 * runs `onWsConnect` (a throw or a non-2xx answer refuses it with that status), each frame runs
 * `onWsMessage`, a close runs `onWsDisconnect`, each an invocation instance. `app.websocketApi` sends
 * through this host.
 * @example
 * const server = http.createServer().listen(0, '127.0.0.1');
 * const host = attachWebsocketApi(server, runner, { path: '/ws' });
 */
export function attachWebsocketApi(
  server: Server,
  runner: AppRunner,
  options: WebsocketApiOptions = {},
): WebsocketApiHost {
  const path = options.path ?? '/';
  const stage = options.stage ?? 'api';
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const connections = new WebsocketConnections(runner.clock);
  const delivery = new WebsocketDelivery(runner);
  const wss = new WebSocketServer({ noServer: true, maxPayload: WEBSOCKET_MESSAGE_LIMIT_BYTES });
  const apiId = randomBytes(5).toString('hex');

  const deliver = (connection: OpenConnection, routeKey: WebsocketRouteKey, extra: object): void => {
    const registration = delivery.handlerOf(routeKey);
    const requestId = randomUUID();
    const event = websocketProxyEventOf(routeKey, connection.facts, { requestId, at: runner.clock.now(), ...extra });
    connection.tail = connection.tail
      .then(async () => {
        if (registration !== undefined) return delivery.deliver(registration, event, requestId);
        // No handler for messages: API Gateway answers the client that no route matched.
        if (routeKey === '$default') {
          const reply = { message: 'Forbidden', connectionId: connection.facts.connectionId, requestId };
          await connections.postToConnection(connection.facts.connectionId, JSON.stringify(reply));
        }
      })
      .catch(onError);
  };

  const opened = (socket: WebSocket, facts: WebsocketConnectionFacts): void => {
    const connection = connections.add(socket, facts);
    // ws reports bad frames (invalid UTF-8, too large, bad opcodes) here and then closes the socket.
    socket.on('error', () => undefined);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      connections.touch(connection);
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const body = isBinary ? bytes.toString('base64') : bytes.toString('utf8');
      deliver(connection, '$default', { messageId: messageIdOf(), body, isBase64Encoded: isBinary });
    });
    socket.on('close', (code: number, reason: Buffer) => {
      connections.remove(facts.connectionId);
      const disconnectReason = reason.length > 0 ? reason.toString('utf8') : closeReasonOf(code);
      deliver(connection, '$disconnect', { disconnectStatusCode: code, disconnectReason });
    });
  };

  const accept = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return refuse(socket, 404);
    if (!isWebsocketHandshake(request)) return refuse(socket, 400);
    const facts: WebsocketConnectionFacts = {
      connectionId: connectionIdOf(),
      connectedAt: runner.clock.now(),
      domainName: request.headers.host ?? 'localhost',
      stage,
      apiId,
      sourceIp: request.socket.remoteAddress ?? '',
      ...(request.headers['user-agent'] === undefined ? {} : { userAgent: request.headers['user-agent'] }),
    };
    const registration = delivery.handlerOf('$connect');
    if (registration !== undefined) {
      const requestId = randomUUID();
      const at = runner.clock.now();
      const event = websocketProxyEventOf('$connect', facts, {
        requestId,
        at,
        headers: headersOf(request),
        query: queryOf(url),
      });
      const status = await delivery.connect(registration, event);
      if (status < 200 || status > 299) return refuse(socket, status);
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => opened(ws, facts));
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Without a listener a reset during the connect handler would be an uncaught error.
    socket.on('error', () => socket.destroy());
    accept(request, socket, head).catch((error: unknown) => {
      onError(error);
      refuse(socket, 500);
    });
  };
  server.on('upgrade', onUpgrade);
  runner.app.websocketApi.useSender(connections);

  return {
    path,
    get connectionIds() {
      return connections.ids;
    },
    postToConnection: (id, data) => connections.postToConnection(id, data),
    deleteConnection: (id) => connections.deleteConnection(id),
    getConnection: (id) => connections.getConnection(id),
    async close() {
      server.off('upgrade', onUpgrade);
      const open = connections.all();
      for (const connection of open) connection.socket.close(1001, 'Going away');
      await Promise.all(open.map((c) => closed(c.socket)));
      await Promise.all(open.map((c) => c.tail));
      wss.close();
    },
  };
}

/** Answer an upgrade with an HTTP status and close, as API Gateway refuses a connection. */
function refuse(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function isWebsocketHandshake(request: IncomingMessage): boolean {
  return (
    request.method === 'GET' &&
    String(request.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    typeof request.headers['sec-websocket-key'] === 'string' &&
    request.headers['sec-websocket-version'] === '13'
  );
}

function headersOf(request: IncomingMessage): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    headers[name] = [...(headers[name] ?? []), request.rawHeaders[i + 1]!];
  }
  return headers;
}

function queryOf(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) query[name] = [...(query[name] ?? []), value];
  return query;
}

function closed(socket: WebSocket): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** A connection id in API Gateway's form: 12 base64 characters ending in `=`. */
function connectionIdOf(): string {
  return `${randomBytes(8).toString('base64').slice(0, 11)}=`;
}

function messageIdOf(): string {
  return `${randomBytes(8).toString('base64').slice(0, 11)}=`;
}

/** API Gateway's wording for a close without a reason. */
function closeReasonOf(code: number): string {
  return code === 1005 ? 'Client-side close frame status not set' : '';
}
