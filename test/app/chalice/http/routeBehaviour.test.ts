import { describe, expect, it } from 'vitest';
import { App } from '../../../../src/app/chalice/app.js';
import { CORSConfig, Response } from '../../../../src/app/chalice/http/httpValues.js';
import { NotFoundError } from '../../../../src/app/chalice/http/viewErrors.js';
import type { Request } from '../../../../src/app/chalice/http/request.js';
import { TestClient } from '../../../../src/testing/appTestClient.js';

const JSON_TYPE = { 'Content-Type': 'application/json' };

function objectsApp(): App {
  const app = new App('shop');
  const objects = new Map<string, unknown>();
  app.route('/objects/{key}', { methods: ['GET', 'PUT'], cors: true }, function object(request: Request) {
    const key = request.uriParams?.['key'] ?? '';
    if (request.method === 'PUT') {
      objects.set(key, request.jsonBody);
      return new Response(null, { statusCode: 204 });
    }
    if (!objects.has(key)) throw new NotFoundError(`no object ${key}`);
    return { key, value: objects.get(key), current: app.currentRequest?.path, q: request.queryParams };
  });
  app.route('/boom', {}, function boom() {
    throw new Error('database password is hunter2');
  });
  return app;
}

describe('routes through the test client', () => {
  it('serves a route with captures, query and JSON body; a view error is { Code, Message }', async () => {
    const client = await TestClient.create(objectsApp());
    const put = await client.http.put('/objects/a%20b', { headers: JSON_TYPE, body: '{"n":1}' });
    expect(put.statusCode).toBe(204);
    const got = await client.http.get('/objects/a%20b?x=1&x=2');
    expect(got.statusCode).toBe(200);
    expect(got.jsonBody).toEqual({ key: 'a b', value: { n: 1 }, current: '/objects/{key}', q: { x: '2' } });
    expect(got.headers['access-control-allow-origin']).toBe('*');
    const missing = await client.http.get('/objects/zz');
    expect(missing.statusCode).toBe(404);
    expect(missing.jsonBody).toEqual({ Code: 'NotFoundError', Message: 'no object zz' });
  });

  it('answers an unknown path 403, a wrong method 405, bad JSON 400 and an unaccepted type 415', async () => {
    const client = await TestClient.create(objectsApp());
    const unknown = await client.http.get('/nothing');
    expect([unknown.statusCode, unknown.jsonBody]).toEqual([403, { message: 'Missing Authentication Token' }]);
    const wrong = await client.http.delete('/objects/a');
    expect([wrong.statusCode, wrong.headers['allow']]).toEqual([405, 'GET, PUT']);
    const bad = await client.http.put('/objects/a', { headers: JSON_TYPE, body: '{"n":' });
    expect([bad.statusCode, bad.jsonBody]).toEqual([400, { Code: 'BadRequestError', Message: 'Error Parsing JSON' }]);
    const text = await client.http.put('/objects/a', { headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    expect([text.statusCode, text.jsonBody]).toEqual([
      415,
      { Code: 'UnsupportedMediaType', Message: 'Unsupported media type: text/plain' },
    ]);
  });

  it('hides an internal error unless app.debug is set', async () => {
    const app = objectsApp();
    const client = await TestClient.create(app);
    const plain = await client.http.get('/boom');
    expect([plain.statusCode, plain.jsonBody]).toEqual([
      500,
      { Code: 'InternalServerError', Message: 'An internal server error occurred.' },
    ]);
    expect(plain.text).not.toContain('hunter2');
    app.debug = true;
    const debug = await client.http.get('/boom');
    expect(debug.statusCode).toBe(500);
    expect(debug.text).toContain('database password is hunter2');
    expect(debug.headers['content-type']).toBe('text/plain');
  });

  it('answers a CORS preflight with the config of the path', async () => {
    const app = new App('shop');
    const cors = new CORSConfig({ allowOrigin: 'https://shop.example', maxAge: 600, allowHeaders: ['X-Trace'] });
    app.route('/items', { methods: ['GET', 'POST'], cors }, function items() {
      return [];
    });
    app.route('/plain', {}, function plain() {
      return [];
    });
    const client = await TestClient.create(app);
    const preflight = await client.http.options('/items');
    expect(preflight.statusCode).toBe(200);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(preflight.headers['access-control-max-age']).toBe('600');
    expect(preflight.headers['access-control-allow-headers']).toContain('X-Trace');
    const none = await client.http.options('/plain');
    expect(none.headers['access-control-allow-methods']).toBe('OPTIONS');
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('records each request as an invocation of the route function whose trigger names the route', async () => {
    const client = await TestClient.create(objectsApp());
    const response = await client.http.get('/objects/none');
    const requestId = response.headers['x-amzn-requestid'] ?? '';
    const records = [];
    for await (const record of client.runner.runtime.store.readStream(requestId)) records.push(record);
    const input = (
      records[0]?.event as unknown as { input: { functionName: string; trigger: unknown; config: unknown } }
    ).input;
    expect(input.functionName).toBe('object');
    expect(input.trigger).toEqual({
      kind: 'eventSource',
      source: 'api:shop',
      rule: 'GET /objects/{key}',
      eventId: requestId,
    });
    expect(input.config).toMatchObject({ maximumRetryAttempts: 0 });
    expect(records.map((r) => (r.event as { type: string }).type)).toContain('attempt.succeeded');
  });
});
