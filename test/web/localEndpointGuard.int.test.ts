import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { composeApp, type ComposedApp } from '../../src/cli/compose.js';
import { rawRequest } from './support/rawRequest.js';

let env: ComposedApp;
let base: string;
let port: string;
let calls = 0;
const invokePath = '/2015-03-31/functions/count/invocations';

beforeAll(async () => {
  env = composeApp({
    store: new MemoryEventStore(),
    log: () => undefined,
    http: { allowedHosts: ['tunnel.example.test'] },
  });
  functionsFor(env).register(defineFunction('count', () => ({ calls: ++calls })));
  base = await env.http.listen(0);
  port = new URL(base).port;
});
afterAll(async () => {
  await env.http.close();
  await env.runtime.close();
});

const json = () => ({ 'content-type': 'application/json', 'x-statebridge-token': env.http.token });

describe('local endpoints act only on requests meant for them', () => {
  it('accepts the loopback names with our port, and hosts allowed by configuration', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'tunnel.example.test',
      `tunnel.example.test:8443`,
    ]) {
      expect((await rawRequest(base, 'GET', '/api/machines', { host })).status, host).toBe(200);
    }
  });

  it('refuses another Host (a DNS-rebinding page names its own) on reads and writes', async () => {
    for (const host of ['evil.example.test', `evil.example.test:${port}`, `localhost:${Number(port) + 1}`]) {
      const read = await rawRequest(base, 'GET', '/api/instances', { host });
      expect(read.status, host).toBe(403);
      expect(JSON.parse(read.body).message).toContain(`Host "${host}"`);
    }
    const write = await rawRequest(base, 'POST', invokePath, { ...json(), host: 'evil.example.test' }, '{}');
    expect(write.status).toBe(403);
    expect(calls).toBe(0);
  });

  it('refuses cross-origin browser requests by Origin and by Sec-Fetch-Site', async () => {
    const byOrigin = await rawRequest(base, 'POST', invokePath, { ...json(), origin: 'http://127.0.0.1:1' }, '{}');
    expect(byOrigin.status).toBe(403);
    expect(JSON.parse(byOrigin.body).message).toContain('Origin "http://127.0.0.1:1"');
    const bySite = await rawRequest(base, 'GET', '/api/instances', {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'cors',
    });
    expect(bySite.status).toBe(403);
    expect(
      (await rawRequest(base, 'GET', '/api/instances', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' }))
        .status,
    ).toBe(403);
    // A link followed from elsewhere still opens the page.
    expect(
      (await rawRequest(base, 'GET', '/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status,
    ).toBe(200);
    const own = await rawRequest(base, 'GET', '/api/instances', {
      origin: `http://127.0.0.1:${port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    expect(calls).toBe(0);
  });

  it('requires the process token and a non-form body for the Invoke API', async () => {
    const noToken = await rawRequest(base, 'POST', invokePath, { 'content-type': 'application/json' }, '{}');
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body).message).toContain('x-statebridge-token');
    const wrongToken = await rawRequest(
      base,
      'POST',
      invokePath,
      { 'content-type': 'application/json', authorization: 'Bearer nope' },
      '{}',
    );
    expect(wrongToken.status).toBe(401);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const form = await rawRequest(base, 'POST', invokePath, { ...json(), 'content-type': type }, '{}');
      expect(form.status, type).toBe(415);
      expect(JSON.parse(form.body).message).toContain('Content-Type');
    }
    expect(calls).toBe(0);
    const ok = await rawRequest(
      base,
      'POST',
      invokePath,
      { ...json(), 'content-type': 'application/octet-stream' },
      '{}',
    );
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ calls: 1 });
    const bearer = await rawRequest(
      base,
      'POST',
      invokePath,
      { 'content-type': 'application/json', authorization: `Bearer ${env.http.token}` },
      '{}',
    );
    expect(bearer.status).toBe(200);
  });

  it('requires JSON and the token on the ROS endpoint unless the request is signed', async () => {
    const text = await rawRequest(
      base,
      'POST',
      '/ros/custom-resource/h',
      { 'x-statebridge-token': env.http.token, 'content-type': 'text/plain' },
      '{}',
    );
    expect(text.status).toBe(415);
    const anonymous = await rawRequest(
      base,
      'POST',
      '/ros/custom-resource/h',
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).message).toContain('token');
  });
});
