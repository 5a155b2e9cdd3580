import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import type { App } from '../../../src/app/chalice/app.js';
import type { StepRecord } from '../../../src/core/stepRecord.js';
import { runApp } from '../../../src/local/chalice/appRunner.js';
import { attachWebsocketApi, type WebsocketApiHost } from '../../../src/local/chalice/localWebsocket.js';
import { createRuntime } from '../../../src/runtime/runtime.js';

/**
 * An app on a SQLite file and the wall clock, its websocket API served by a real `node:http` server on
 * 127.0.0.1 at `/ws`. `stop` closes connections, the server and the runtime.
 */
export async function websocketServer(app: App, dbPath: string) {
  const store = new SqliteEventStore({ path: dbPath });
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, onError: (e) => errors.push(e) });
  const runner = await runApp(app, { runtime, bus: new InProcessBus({}), log: () => undefined });
  const server: Server = createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host: WebsocketApiHost = attachWebsocketApi(server, runner, { path: '/ws', onError: (e) => errors.push(e) });
  const { port } = server.address() as AddressInfo;
  return {
    runtime,
    host,
    errors,
    port,
    url: `ws://127.0.0.1:${port}/ws`,
    async history(instanceId: string): Promise<StepRecord[]> {
      const records: StepRecord[] = [];
      for await (const record of store.readStream(instanceId)) records.push(record);
      return records;
    },
    async stop(): Promise<void> {
      await host.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.idle();
      await runtime.close();
    },
  };
}

/** A websocket client that keeps every message it receives and can wait for the next. */
export async function connectClient(url: string): Promise<{
  socket: WebSocket;
  next(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}> {
  const socket = new WebSocket(url);
  const inbox: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const resolve = waiting.shift();
    if (resolve === undefined) inbox.push(data.toString('utf8'));
    else resolve(data.toString('utf8'));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    closed,
    next: () => {
      const first = inbox.shift();
      return first === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(first);
    },
  };
}

/** The HTTP status a refused upgrade answered. */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => reject(new Error('the connection was accepted')));
    socket.on('error', () => undefined);
  });
}

/** A promise and the function that resolves it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
