import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import { App } from '../../../src/app/chalice/app.js';
import { Response } from '../../../src/app/chalice/http/httpValues.js';
import type { Request } from '../../../src/app/chalice/http/request.js';
import { ValidationError } from '../../../src/core/errors.js';
import { runApp } from '../../../src/local/chalice/appRunner.js';
import { LOCAL_API_BODY_LIMIT_BYTES, startLocalApi, type LocalApi } from '../../../src/local/chalice/localApi.js';
import { createRuntime } from '../../../src/runtime/runtime.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The app on a SQLite file and the wall clock, served on 127.0.0.1. */
async function serve(app: App): Promise<LocalApi & { store: SqliteEventStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'local-api-'));
  const store = new SqliteEventStore({ path: join(dir, 'app.db') });
  const runtime = createRuntime({ store, onError: () => undefined });
  const runner = await runApp(app, { runtime, bus: new InProcessBus(), log: () => undefined });
  const api = await startLocalApi(runner);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => runtime.close());
  cleanups.push(() => api.close());
  return Object.assign(api, { store });
}

/** Send raw bytes and read the status line of the answer. */
function rawStatus(api: LocalApi, bytes: string): Promise<string> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

function echoApp(): App {
  const app = new App('echo');
  app.route(
    '/echo/{name}',
    { methods: ['GET', 'POST', 'HEAD'], contentTypes: ['*/*'] },
    function echo(request: Request) {
      const event = app.currentRequest === request ? (request.toDict() as { context: unknown }) : undefined;
      return new Response(
        { uriParams: request.uriParams, query: request.queryParams, ids: request.queryParamList('id'), event },
        { headers: { 'Set-Cookie': ['a=1', 'b=2'], 'X-Trace': request.headers['X-TRACE'] ?? '' } },
      );
    },
  );
  app.route('/raw', { methods: ['POST'], contentTypes: ['application/octet-stream'] }, function raw(request: Request) {
    return new Response(Buffer.from([...request.rawBody].reverse()), {
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  });
  return app;
}

describe('startLocalApi', () => {
  it('serves routes on 127.0.0.1 as API Gateway proxy events, multi-value headers and query included', async () => {
    const api = await serve(echoApp());
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${api.url}/echo/w%C3%B6rld?id=1&id=2`, { headers: { 'x-trace': 't-1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace')).toBe('t-1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ uriParams: { name: 'wörld' }, query: { id: '2' }, ids: ['1', '2'] });
    expect(body['event']).toMatchObject({
      context: { resourcePath: '/echo/{name}', httpMethod: 'GET', stage: 'api', identity: { sourceIp: '127.0.0.1' } },
    });
  });

  it('records the REST proxy event (format 1.0) as the payload of the route function invocation', async () => {
    const api = await serve(echoApp());
    const response = await fetch(`${api.url}/echo/a?x=1`, { method: 'POST', body: 'hi', headers: { 'X-A': '1' } });
    const requestId = response.headers.get('x-amzn-requestid') ?? '';
    const first = await api.store.readStream(requestId)[Symbol.asyncIterator]().next();
    const payload = (first.value as { event: { input: { payload: Record<string, unknown> } } }).event.input.payload;
    expect(Object.keys(payload).sort()).toEqual(
      [
        'body',
        'headers',
        'httpMethod',
        'isBase64Encoded',
        'multiValueHeaders',
        'multiValueQueryStringParameters',
        'path',
        'pathParameters',
        'queryStringParameters',
        'requestContext',
        'resource',
        'stageVariables',
      ].sort(),
    );
    expect(payload).toMatchObject({
      resource: '/echo/{name}',
      path: '/echo/a',
      httpMethod: 'POST',
      body: 'hi',
      isBase64Encoded: false,
      pathParameters: { name: 'a' },
      queryStringParameters: { x: '1' },
      multiValueQueryStringParameters: { x: ['1'] },
      stageVariables: null,
      headers: { 'X-A': '1' },
      multiValueHeaders: { 'X-A': ['1'] },
      requestContext: { requestId, resourcePath: '/echo/{name}', path: '/api/echo/a', stage: 'api' },
    });
  });

  it('passes binary bodies as base64 both ways', async () => {
    const api = await serve(echoApp());
    const response = await fetch(`${api.url}/raw`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/octet-stream' },
      body: new Uint8Array([1, 2, 255]),
    });
    expect(response.status).toBe(200);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([255, 2, 1]);
  });

  it('answers HEAD without a body', async () => {
    const api = await serve(echoApp());
    const head = await fetch(`${api.url}/echo/x`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses a body over the limit with 413 and malformed requests with 400, and keeps serving', async () => {
    const api = await serve(echoApp());
    const big = await fetch(`${api.url}/echo/x`, { method: 'POST', body: 'x'.repeat(LOCAL_API_BODY_LIMIT_BYTES + 1) });
    expect([big.status, await big.json()]).toEqual([413, { message: 'Request Too Long' }]);
    expect(await rawStatus(api, 'GARBAGE\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawStatus(api, 'GET /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    expect(await rawStatus(api, 'GET /echo/%E0%A4%A HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    expect((await fetch(`${api.url}/echo/still`)).status).toBe(200);
  });

  it('binds only to 127.0.0.1, naming the field', async () => {
    const app = new App('x');
    const runtime = createRuntime({ store: new SqliteEventStore({ path: ':memory:' }), onError: () => undefined });
    cleanups.push(() => runtime.close());
    const runner = await runApp(app, { runtime, bus: new InProcessBus(), log: () => undefined });
    const refused = await startLocalApi(runner, { host: '0.0.0.0' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues[0]?.path).toBe('host');
  });
});
