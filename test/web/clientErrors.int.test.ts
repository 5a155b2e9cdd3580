import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNC_PAYLOAD_LIMIT_BYTES } from '../../src/app/functions/functionsApp.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { seededApp, startFetch } from '../cli/support/seed.js';
import { rawRequest } from './support/rawRequest.js';

// A real SQLite file behind the server: its cursors are the ones a client can get wrong.
let ctx: ReturnType<typeof seededApp>;
let base: string;

beforeAll(async () => {
  ctx = seededApp();
  functionsFor(ctx.env).register(defineFunction('echo', (p: unknown) => p));
  await startFetch(ctx.env, 'e-1', 0);
  await startFetch(ctx.env, 'e-2', 0);
  base = await ctx.env.http.listen(0);
});
afterAll(async () => {
  await ctx.env.http.close();
  await ctx.env.runtime.close();
});

const token = () => ({ 'content-type': 'application/json', 'x-statebridge-token': ctx.env.http.token });
const message = (body: string) => (JSON.parse(body) as { message: string }).message;

describe('client errors are 4xx with a clear message', () => {
  it('malformed percent-encoding in a path is 400, on every route that decodes one', async () => {
    for (const [method, path] of [
      ['GET', '/api/instances/%E0%A4%A/timeline'],
      ['GET', '/api/machines/%ZZ/graph'],
      ['POST', '/2015-03-31/functions/%E0%A4%A/invocations'],
      ['POST', '/ros/custom-resource/%E0%A4%A'],
    ] as const) {
      const reply = await rawRequest(base, method, path, token(), method === 'POST' ? '{}' : undefined);
      expect(reply.status, path).toBe(400);
      expect(message(reply.body), path).toMatch(/percent-encoding/);
    }
  });

  it('bad cursors and bad limits are 400 naming the parameter', async () => {
    const cursor = await rawRequest(base, 'GET', '/api/instances?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
    expect(message(cursor.body)).toContain('cursor');
    for (const limit of ['abc', '0', '-1', '501', '1.5', '']) {
      const reply = await rawRequest(base, 'GET', `/api/instances?limit=${limit}`);
      expect(reply.status, limit).toBe(400);
      expect(message(reply.body)).toContain('limit: must be a whole number from 1 to 500');
    }
    const page = JSON.parse((await rawRequest(base, 'GET', '/api/instances?limit=1')).body) as {
      items: unknown[];
      cursor: string;
    };
    expect(page.items).toHaveLength(1);
    expect((await rawRequest(base, 'GET', `/api/instances?limit=1&cursor=${page.cursor}`)).status).toBe(200);
  });

  it('bad ROS timeouts are 400 naming the parameter', async () => {
    for (const timeout of ['abc', '0', '43201', '1e3', '-5']) {
      const reply = await rawRequest(base, 'POST', `/ros/custom-resource/h?timeout=${timeout}`, token(), '{}');
      expect(reply.status, timeout).toBe(400);
      expect(message(reply.body)).toMatch(/^timeout: /);
    }
  });

  it('oversized bodies are 413 naming the limit; other bad Invoke input is 400', async () => {
    const inbox = await rawRequest(
      base,
      'PUT',
      '/custom-resource-responses/x?X-Amz-Signature=0',
      {},
      Buffer.alloc(70 * 1024, 'a'),
    );
    expect(inbox.status).toBe(403); // a forged URL is refused before its body is read
    const ros = await rawRequest(base, 'POST', '/ros/custom-resource/h', token(), `{"a":"${'x'.repeat(300 * 1024)}"}`);
    expect(ros.status).toBe(413);
    expect(message(ros.body)).toContain(`${256 * 1024} bytes`);
    const big = JSON.stringify({ data: 'x'.repeat(ASYNC_PAYLOAD_LIMIT_BYTES) });
    const event = await rawRequest(
      base,
      'POST',
      '/2015-03-31/functions/echo/invocations',
      { ...token(), 'x-amz-invocation-type': 'Event' },
      big,
    );
    expect(event.status).toBe(413);
    expect(event.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    expect(message(event.body)).toContain(String(ASYNC_PAYLOAD_LIMIT_BYTES));
    const tooBig = await rawRequest(
      base,
      'POST',
      '/2015-03-31/functions/echo/invocations',
      token(),
      Buffer.alloc(6 * 1024 * 1024 + 1, ' '),
    );
    expect(tooBig.status).toBe(413);
    expect(message(tooBig.body)).toContain(String(6 * 1024 * 1024));
    const notJson = await rawRequest(
      base,
      'POST',
      '/2015-03-31/functions/echo/invocations',
      { ...token(), 'x-amz-invocation-type': 'Event' },
      '{oops',
    );
    expect(notJson.status).toBe(400);
  });

  it('unknown assets are 404 without a file path; HEAD answers where GET does', async () => {
    for (const path of ['/assets/missing.js', '/assets/..%2F..%2Fcli%2Fmain.ts', '/assets/%2Fetc%2Fpasswd']) {
      const reply = await rawRequest(base, 'GET', path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain(process.cwd());
      expect(reply.body).not.toContain('src/web/assets');
    }
    for (const path of [
      '/',
      '/assets/timeline.js',
      '/api/instances',
      '/api/machines',
      '/api/instances/e-1/timeline',
      '/api/stream',
    ]) {
      const head = await rawRequest(base, 'HEAD', path);
      expect(head.status, path).toBe(200);
      expect(head.body).toBe('');
      // The live stream never ends, so its GET type is known rather than fetched.
      const type =
        path === '/api/stream'
          ? 'text/event-stream; charset=utf-8'
          : (await rawRequest(base, 'GET', path)).headers['content-type'];
      expect(head.headers['content-type']).toBe(type);
    }
  });
});
