import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { App } from '../../../src/app/chalice/app.js';
import type { WebsocketEvent } from '../../../src/app/chalice/websocket/websocketEvent.js';
import { WEBSOCKET_MESSAGE_LIMIT_BYTES } from '../../../src/local/chalice/localWebsocket.js';
import { tempDbPaths } from '../../support/tempFiles.js';
import { connectClient, websocketServer } from './websocketHarness.js';

const dbPath = tempDbPaths('websocket-bad');

/**
 * Everything a raw TCP client receives after writing `chunks`, until the server closes or sends its close
 * frame (the server would wait for ours before hanging up).
 */
async function rawExchange(port: number, chunks: readonly Buffer[]): Promise<Buffer> {
  const socket: Socket = connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (data: Buffer) => {
    received.push(data);
    if (answerOf(Buffer.concat(received)).closeCode !== undefined) socket.destroy();
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  for (const chunk of chunks) socket.write(chunk);

  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return Buffer.concat(received);
}

const handshake = (path: string, key: string | null = 'dGhlIHNhbXBsZSBub25jZQ==') =>
  Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      (key === null ? '' : `Sec-WebSocket-Key: ${key}\r\n`) +
      'Sec-WebSocket-Version: 13\r\n\r\n',
  );

/** A client frame: masked unless told otherwise, as RFC 6455 requires of clients. */
function frame(opcode: number, payload: Buffer, masked = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = masked ? Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!)) : payload;
  return Buffer.concat([
    Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | payload.length]),
    masked ? mask : Buffer.alloc(0),
    body,
  ]);
}

/** The status line of an HTTP answer, and the close code of the server's close frame after a 101. */
function answerOf(bytes: Buffer): { status: string; closeCode?: number } {
  const end = bytes.indexOf('\r\n\r\n');
  const status = bytes.subarray(0, bytes.indexOf('\r\n')).toString('latin1');
  const frames = bytes.subarray(end + 4);
  if (frames.length < 4 || frames[0] !== 0x88) return { status };
  return { status, closeCode: frames.readUInt16BE(2) };
}

describe('bad input to the local websocket API', () => {
  it('answers bad upgrades with 4xx and bad frames with a close code, and keeps serving', async () => {
    const app = new App('chat');
    const bodies: string[] = [];
    app.onWsMessage(async function echo(event: WebsocketEvent) {
      bodies.push(event.body);
      await app.websocketApi.send(event.connectionId, `echo ${event.body}`);
    });
    const s = await websocketServer(app, dbPath());
    try {
      expect(answerOf(await rawExchange(s.port, [handshake('/elsewhere')])).status).toBe('HTTP/1.1 404 Not Found');
      expect(answerOf(await rawExchange(s.port, [handshake('/ws', null)])).status).toBe('HTTP/1.1 400 Bad Request');
      const cases: [string, Buffer, number][] = [
        ['unmasked frame', frame(0x1, Buffer.from('hi'), false), 1002],
        ['reserved opcode', frame(0x3, Buffer.from('hi')), 1002],
        ['text that is not UTF-8', frame(0x1, Buffer.from([0xc3, 0x28])), 1007],
        ['a fragment continuing nothing', frame(0x0, Buffer.from('hi')), 1002],
      ];
      for (const [what, bad, code] of cases) {
        const answer = answerOf(await rawExchange(s.port, [handshake('/ws'), bad]));
        expect({ what, ...answer }).toEqual({ what, status: 'HTTP/1.1 101 Switching Protocols', closeCode: code });
      }
      const big = await connectClient(s.url);
      big.socket.send('x'.repeat(WEBSOCKET_MESSAGE_LIMIT_BYTES + 1));
      expect((await big.closed).code).toBe(1009);

      const client = await connectClient(s.url);
      client.socket.send('still here');
      expect(await client.next()).toBe('echo still here');
      client.socket.send(Buffer.from([0, 255, 1]));
      expect(await client.next()).toBe('echo AP8B');
      expect(bodies).toEqual(['still here', 'AP8B']);
      client.socket.close();
      await client.closed;
    } finally {
      await s.stop();
    }
    expect(s.errors).toEqual([]);
  });

  it('tells the client no route matched when the app has no message handler, as API Gateway does', async () => {
    const app = new App('quiet');
    app.onWsConnect(function join() {
      return undefined;
    });
    const s = await websocketServer(app, dbPath());
    try {
      const client = await connectClient(s.url);
      client.socket.send('hello?');
      const reply = JSON.parse(await client.next()) as Record<string, string>;
      expect(reply).toMatchObject({ message: 'Forbidden', connectionId: s.host.connectionIds[0] });
      expect(reply['requestId']).toMatch(/^[0-9a-f-]{36}$/);
      client.socket.terminate();
      await client.closed;
    } finally {
      await s.stop();
    }
  });

  it('leaves a client that hangs up during the connect handler without a connection', async () => {
    const app = new App('chat');
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => {
      app.onWsConnect(async function slow() {
        resolve();
        await held;
      });
    });
    const s = await websocketServer(app, dbPath());
    try {
      const socket = new WebSocket(s.url);
      socket.on('error', () => undefined);
      await entered;
      socket.terminate();
      release();
      await s.runtime.idle();
      expect(s.host.connectionIds).toEqual([]);
    } finally {
      await s.stop();
    }
    expect(s.errors).toEqual([]);
  });
});
