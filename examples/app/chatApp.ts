// A websocket chat in Chalice's model: connect, message and disconnect handlers, served on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import {
  App,
  attachWebsocketApi,
  createRuntime,
  InProcessBus,
  isWebsocketDisconnectedError,
  MemoryEventStore,
  Response,
  runApp,
  type WebsocketEvent,
} from '../../src/index.js';

/** Build the chat app: members join with a name, every message goes to every member. */
export function chatApp(): App {
  const app = new App('chat');
  const members = new Map<string, string>();
  app.onWsConnect(function join(event: WebsocketEvent) {
    const name = (event.toDict() as { queryStringParameters?: { name?: string } }).queryStringParameters?.name;
    if (name === undefined) return new Response({ message: 'name required' }, { statusCode: 400 });
    members.set(event.connectionId, name);
    return undefined;
  });
  app.onWsMessage(async function say(event: WebsocketEvent) {
    const line = `${members.get(event.connectionId) ?? '?'}: ${event.body}`;
    for (const id of [...members.keys()].sort()) {
      try {
        await app.websocketApi.send(id, line);
      } catch (error) {
        if (!isWebsocketDisconnectedError(error)) throw error;
        members.delete(id); // left while we were sending
      }
    }
  });
  app.onWsDisconnect(function leave(event: WebsocketEvent) {
    members.delete(event.connectionId);
  });
  return app;
}

/** Serve the app, connect two clients, chat, and return what each client received. */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const runtime = createRuntime({ store: new MemoryEventStore() });
  const runner = await runApp(chatApp(), { runtime, bus: new InProcessBus(), log: () => undefined });
  const server = createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = attachWebsocketApi(server, runner, { path: '/chat' });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
  const lines: string[] = [];
  const client = async (name: string) => {
    const socket = new WebSocket(`${url}?name=${name}`);
    socket.on('message', (data: Buffer) => {
      lines.push(`${name} got "${data.toString('utf8')}"`);
      log(lines[lines.length - 1]!);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    return socket;
  };
  const refused = new WebSocket(url);
  const status = await new Promise<number>((resolve) =>
    refused.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
  );
  lines.push(`no name: refused with ${status}`);
  const ann = await client('ann');
  const bob = await client('bob');
  const received = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (lines.length >= count ? resolve() : setTimeout(check, 5));
      check();
    });
  ann.send('hello');
  await received(3);
  bob.send('hi ann');
  await received(5);
  ann.close();
  bob.close();
  await host.close();
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
