import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import { Response } from '../../../src/app/chalice/http/httpValues.js';
import type { WebsocketEvent } from '../../../src/app/chalice/websocket/websocketEvent.js';
import { isWebsocketDisconnectedError } from '../../../src/app/chalice/websocket/websocketApi.js';
import type { Json, StepRecord } from '../../../src/core/stepRecord.js';
import { tempDbPaths } from '../../support/tempFiles.js';
import { connectClient, deferred, refusedStatus, websocketServer } from './websocketHarness.js';

const dbPath = tempDbPaths('websocket');

/** The input an invocation instance started with (its start step's event). */
const inputOf = (start: StepRecord) =>
  (start.event as unknown as { input: { trigger: Json; config: { maximumRetryAttempts: number } } }).input;

describe('websocket API on a local server', () => {
  it('accepts a connection, delivers each message to onWsMessage, and sends back through websocketApi', async () => {
    const app = new App('chat');
    const connects: Json[] = [];
    const messages: { event: Json; requestId: string }[] = [];
    app.onWsConnect(function join(event: WebsocketEvent) {
      connects.push(event.toDict() as Json);
    });
    app.onWsMessage(async function echo(event: WebsocketEvent) {
      messages.push({ event: event.toDict() as Json, requestId: event.context.requestId });
      await app.websocketApi.send(event.connectionId, `echo ${event.body}`);
    });
    const s = await websocketServer(app, dbPath());
    try {
      const client = await connectClient(`${s.url}?room=blue&room=red`);
      client.socket.send('hello');
      expect(await client.next()).toBe('echo hello');
      client.socket.send('again');
      expect(await client.next()).toBe('echo again');

      const connect = connects[0] as { requestContext: Record<string, Json>; headers: Record<string, string> };
      expect(connect.requestContext).toMatchObject({
        routeKey: '$connect',
        eventType: 'CONNECT',
        messageDirection: 'IN',
        domainName: `127.0.0.1:${s.port}`,
        stage: 'api',
        identity: { sourceIp: '127.0.0.1' },
      });
      expect(connect.requestContext['requestTime']).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(connect.headers['Sec-WebSocket-Version']).toBe('13');
      expect(connect).toMatchObject({
        queryStringParameters: { room: 'red' },
        multiValueQueryStringParameters: { room: ['blue', 'red'] },
        isBase64Encoded: false,
      });
      const connectionId = connect.requestContext['connectionId'] as string;
      expect(connectionId).toMatch(/^[A-Za-z0-9+/]{11}=$/);
      expect(s.host.connectionIds).toEqual([connectionId]);

      const first = messages[0]!;
      expect(first.event).toMatchObject({
        requestContext: { routeKey: '$default', eventType: 'MESSAGE', connectionId },
        body: 'hello',
        isBase64Encoded: false,
      });
      const messageId = (first.event as { requestContext: { messageId: string } }).requestContext.messageId;
      expect(messageId).not.toBe(
        (messages[1]!.event as { requestContext: { messageId: string } }).requestContext.messageId,
      );
      await s.runtime.idle();
      const echoed = await s.history(first.requestId);
      expect(echoed.map((r) => r.event.type)).toEqual(['xstate.init', 'dequeued', 'attempt.succeeded']);
      const [start] = echoed;
      expect(inputOf(start!).trigger).toEqual({
        kind: 'eventSource',
        source: 'websocket:$default',
        rule: `connection ${connectionId}`,
        eventId: messageId,
      });
      expect(app.websocketApi.endpoint).toBe(`https://127.0.0.1:${s.port}/api`);
      client.socket.close();
      await client.closed;
    } finally {
      await s.stop();
    }
    expect(s.errors).toEqual([]);
  });

  it('refuses an upgrade whose connect handler throws (500) or answers a 4xx, each a recorded invocation', async () => {
    const app = new App('chat');
    const attempts: string[] = [];
    app.onWsConnect(function gate(event: WebsocketEvent) {
      attempts.push(event.context.requestId);
      const token = (event.toDict() as { queryStringParameters?: { token?: string } }).queryStringParameters?.token;
      if (token === undefined) throw new Error('no token');
      if (token !== 'secret') return new Response({ message: 'Forbidden' }, { statusCode: 403 });
      return { statusCode: 200 };
    });
    const s = await websocketServer(app, dbPath());
    try {
      expect(await refusedStatus(s.url)).toBe(500);
      expect(await refusedStatus(`${s.url}?token=guess`)).toBe(403);
      const client = await connectClient(`${s.url}?token=secret`);
      expect(s.host.connectionIds).toHaveLength(1);
      client.socket.close();
      await client.closed;
      await s.runtime.idle();
      const failed = await s.history(attempts[0]!);
      expect(failed.map((r) => r.event.type)).toContain('attempt.failed');
      const input = inputOf(failed[0]!);
      expect(input.trigger).toMatchObject({ kind: 'eventSource', source: 'websocket:$connect' });
      expect(input.config.maximumRetryAttempts).toBe(0);
    } finally {
      await s.stop();
    }
  });

  it('runs onWsDisconnect after a close; a send to it is a WebsocketDisconnectedError', async () => {
    const app = new App('chat');
    const gone = deferred<{ event: Json; sendError: unknown }>();
    const info = deferred<unknown>();
    app.onWsMessage(async function lookup(event: WebsocketEvent) {
      info.resolve(await app.websocketApi.info(event.connectionId));
    });
    app.onWsDisconnect(async function leave(event: WebsocketEvent) {
      const sendError = await app.websocketApi.send(event.connectionId, 'anyone?').catch((e: unknown) => e);
      gone.resolve({ event: event.toDict() as Json, sendError });
    });
    const s = await websocketServer(app, dbPath());
    try {
      const client = await connectClient(s.url);
      const connectionId = s.host.connectionIds[0]!;
      client.socket.send('who am I');
      expect(await info.promise).toMatchObject({
        ConnectedAt: expect.any(Date),
        LastActiveAt: expect.any(Date),
        Identity: { SourceIp: '127.0.0.1' },
      });
      client.socket.close(4000, 'bye');
      const { event, sendError } = await gone.promise;
      expect(event).toMatchObject({
        requestContext: {
          routeKey: '$disconnect',
          eventType: 'DISCONNECT',
          connectionId,
          disconnectStatusCode: 4000,
          disconnectReason: 'bye',
        },
      });
      expect(isWebsocketDisconnectedError(sendError)).toBe(true);
      expect(sendError).toMatchObject({ name: 'WebsocketDisconnectedError', connectionId });
      await expect(app.websocketApi.close(connectionId)).rejects.toMatchObject({ code: 'WEBSOCKET_DISCONNECTED' });
      expect(s.host.connectionIds).toEqual([]);
    } finally {
      await s.stop();
    }
  });

  it('closes a connection from the server with websocketApi.close', async () => {
    const app = new App('chat');
    app.onWsMessage(async function kick(event: WebsocketEvent) {
      await app.websocketApi.close(event.connectionId);
    });
    const s = await websocketServer(app, dbPath());
    try {
      const client = await connectClient(s.url);
      client.socket.send('kick me');
      expect(await client.closed).toEqual({ code: 1000, reason: 'Connection closed by the server' });
    } finally {
      await s.stop();
    }
  });
});
