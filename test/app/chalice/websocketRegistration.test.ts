import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import { Blueprint } from '../../../src/app/chalice/blueprint.js';
import { Response } from '../../../src/app/chalice/http/httpValues.js';
import { BadRequestError } from '../../../src/app/chalice/http/viewErrors.js';
import { WebsocketEvent } from '../../../src/app/chalice/websocket/websocketEvent.js';
import type { WebsocketSender } from '../../../src/ports/websocketSender.js';
import { websocketProxyEventOf } from '../../../src/protocol/websocket/websocketProxyEvent.js';
import { TestClient } from '../../../src/testing/appTestClient.js';
import { refusal } from './registrationRefusal.js';

const connection = {
  connectionId: 'L0SM9cOFvHcCIhw=',
  connectedAt: Date.UTC(2026, 1, 9, 18, 11, 43),
  domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
  stage: 'prod',
  apiId: 'abc123',
  sourceIp: '192.0.2.1',
};
const messageEvent = (body: string) =>
  websocketProxyEventOf('$default', connection, {
    requestId: 'req-1',
    at: connection.connectedAt + 1000,
    messageId: 'GXLKJfX4FiACG1w=',
    body,
  });

describe('websocket registration', () => {
  it('takes one handler per route; a second is refused naming both places', () => {
    const app = new App('chat');
    app.onWsMessage(function first() {});
    const error = refusal(() => app.onWsMessage(function second() {}));
    expect(error.message).toMatch(/app\.onWsMessage at .*websocketRegistration\.test\.ts:\d+:\d+/);
    expect(error.issues[0]?.rule).toMatch(/one app\.onWsMessage handler; app\.onWsMessage at .*\.test\.ts:\d+:\d+/);
    const blueprint = new Blueprint('chat');
    blueprint.onWsMessage(function third() {});
    expect(refusal(() => app.registerBlueprint(blueprint, { namePrefix: 'bp_' })).issues[0]?.path).toBe('handler');
    app.onWsConnect(function join() {});
    app.onWsDisconnect(function leave() {});
    expect(app.registrations.map((r) => r.source)).toEqual([
      { kind: 'websocket', routeKey: '$default' },
      { kind: 'websocket', routeKey: '$connect' },
      { kind: 'websocket', routeKey: '$disconnect' },
    ]);
  });

  it('refuses retries for a connect handler, whose answer decides the upgrade', () => {
    const error = refusal(() => new App('chat').onWsConnect(function join() {}, { maximumRetryAttempts: 2 }));
    expect(error.issues).toEqual([{ path: 'maximumRetryAttempts', rule: expect.stringMatching(/must be 0/) }]);
    const app = new App('chat').onWsConnect(function join() {}).onWsMessage(function talk() {});
    expect(app.registration('join')?.fn.config.maximumRetryAttempts).toBe(0);
    expect(app.registration('talk')?.fn.config.maximumRetryAttempts).toBe(2);
  });
});

describe('WebsocketEvent and the handler answer', () => {
  it('reads the proxy event and answers 200 unless the handler gives a status', async () => {
    const seen: unknown[] = [];
    const app = new App('chat');
    app.onWsMessage(function talk(event: WebsocketEvent) {
      seen.push([event.connectionId, event.domainName, event.stage, event.routeKey, event.body, event.jsonBody]);
      if (event.body === '{"deny":true}') return new Response({ no: 1 }, { statusCode: 403 });
      return undefined;
    });
    const client = await TestClient.create(app);
    expect(await client.lambda.invoke('talk', messageEvent('{"a":1}'))).toEqual({ payload: { statusCode: 200 } });
    expect(seen).toEqual([['L0SM9cOFvHcCIhw=', connection.domainName, 'prod', '$default', '{"a":1}', { a: 1 }]]);
    expect(await client.lambda.invoke('talk', messageEvent('{"deny":true}'))).toEqual({
      payload: { statusCode: 403, headers: {}, body: '{"no":1}' },
    });
  });

  it('raises BadRequestError on a body that is not JSON, names the field of an event of another shape', async () => {
    const app = new App('chat');
    app.onWsMessage(function talk(event: WebsocketEvent) {
      return event.jsonBody;
    });
    const client = await TestClient.create(app);
    const bad = client.lambda.invoke('talk', messageEvent('not json'));
    await expect(bad).rejects.toBeInstanceOf(BadRequestError);
    await expect(bad).rejects.toMatchObject({
      code: 'BadRequestError',
      statusCode: 400,
      message: 'Error Parsing JSON',
    });
    await expect(client.lambda.invoke('talk', { requestContext: { routeKey: '$default' } })).rejects.toMatchObject({
      issues: expect.arrayContaining([{ path: 'requestContext.connectionId', rule: expect.any(String) }]),
    });
  });
});

describe('the test client', () => {
  it('generates websocket events of API Gateway shape with fresh ids for any route', async () => {
    const seen: string[] = [];
    const app = new App('chat');
    app.onWsMessage(function talk(event: WebsocketEvent) {
      seen.push(`${event.routeKey} ${event.connectionId} ${event.body}`);
    });
    const client = await TestClient.create(app);
    const one = client.events.generateWebsocketEvent({ body: 'hi', connectionId: 'abc=' });
    const two = client.events.generateWebsocketEvent({ body: 'hi', connectionId: 'abc=' });
    expect(one.requestContext['messageId']).not.toBe(two.requestContext['messageId']);
    expect(await client.lambda.invoke('talk', one)).toEqual({ payload: { statusCode: 200 } });
    expect(seen).toEqual(['$default abc= hi']);
    const bye = client.events.generateWebsocketEvent({ routeKey: '$disconnect' });
    expect(bye.requestContext).toMatchObject({ routeKey: '$disconnect', eventType: 'DISCONNECT' });
    expect(bye.requestContext.connectionId).toMatch(/^[A-Za-z0-9+/]{11}=$/);
  });
});

describe('app.websocketApi', () => {
  it('needs a sender; a sender factory gets the endpoint the first websocket event names', async () => {
    const app = new App('chat');
    await expect(app.websocketApi.send('L0SM9cOFvHcCIhw=', 'hi')).rejects.toMatchObject({
      issues: [{ path: 'sender', rule: expect.stringMatching(/must be set/) }],
    });
    const endpoints: string[] = [];
    const posted: string[] = [];
    const sender = (endpoint: string): WebsocketSender => {
      endpoints.push(endpoint);
      return {
        postToConnection: async (id, data) => (posted.push(`${id} ${String(data)}`), id === 'gone=' ? 'gone' : 'sent'),
        deleteConnection: async () => 'gone',
        getConnection: async () => 'gone',
      };
    };
    app.websocketApi.useSender(sender);
    app.onWsMessage(async function talk(event: WebsocketEvent) {
      await app.websocketApi.send(event.connectionId, event.body);
      await app.websocketApi.send('gone=', 'x');
    });
    const client = await TestClient.create(app);
    await expect(client.lambda.invoke('talk', messageEvent('hi'))).rejects.toMatchObject({
      name: 'WebsocketDisconnectedError',
      connectionId: 'gone=',
    });
    expect(endpoints).toEqual(['https://abc123.execute-api.us-east-1.amazonaws.com/prod']);
    expect(posted).toEqual(['L0SM9cOFvHcCIhw= hi', 'gone= x']);
    await expect(app.websocketApi.info('')).rejects.toMatchObject({ issues: [{ path: 'connectionId' }] });
  });
});
