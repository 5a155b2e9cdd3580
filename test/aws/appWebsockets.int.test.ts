import { ApiGatewayManagementApi } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiGatewayWebsocketSender } from '../../src/adapters/apigateway/apiGatewayWebsocketSender.js';
import { App } from '../../src/app/chalice/app.js';
import { appModuleFor } from '../../src/app/chalice/appModule.js';
import { isWebsocketDisconnectedError } from '../../src/app/chalice/websocket/websocketApi.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import {
  startApiGatewayManagementServer,
  type ApiGatewayManagementServer,
} from '../support/awsProtocol/apiGatewayManagementServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startAwsWorld, type AwsWorld } from './awsWorld.js';
import { aliasContext, domainOf, websocketProxyEvent } from './fixtures/apiGatewayEvents.js';

// A websocket API whose $connect, $default and $disconnect routes integrate the ingress through the aliases.
const app = new App('chat');
const happened: string[] = [];
app.onWsConnect(function admit(event) {
  const query = (event.toDict() as { queryStringParameters?: Record<string, string> }).queryStringParameters;
  if (query?.['room'] === 'closed') return { statusCode: 403 };
  happened.push(`connect ${event.connectionId}`);
  return undefined;
});
app.onWsMessage(async function relayMessage(event) {
  const { to, text } = event.jsonBody as { to: string; text: string };
  try {
    await app.websocketApi.send(to, `${event.connectionId} says ${text}`);
  } catch (error) {
    if (!isWebsocketDisconnectedError(error)) throw error;
    happened.push(`gone ${error.connectionId}`);
    return { statusCode: 410 };
  }
  return undefined;
});
app.onWsDisconnect(function leave(event) {
  happened.push(`disconnect ${event.connectionId}`);
});

const API = { id: 'w9x8y7z6v5', stage: 'production' };
const DOMAIN = domainOf(API);
let world: AwsWorld;
let management: ApiGatewayManagementServer;
/** The endpoints the function Lambdas asked a sender for. */
const endpoints: string[] = [];
beforeAll(async () => {
  management = await startApiGatewayManagementServer();
  const sender = (endpoint: string) => {
    endpoints.push(endpoint);
    // The real endpoint is https://{domain}/{stage}; here the same stage path on the local management API.
    const local = `${management.endpoint}/${new URL(endpoint).pathname.slice(1)}`;
    const api = new ApiGatewayManagementApi({ ...LOCAL_CLIENT_CONFIG, endpoint: local, maxAttempts: 1 });
    return new ApiGatewayWebsocketSender({ api });
  };
  world = await startAwsWorld(
    () => appModuleFor(app),
    ['admit', 'relayMessage', 'leave'],
    {},
    {
      websocketSender: sender,
    },
  );
});
afterAll(async () => {
  await world.close();
  await management.close();
});

const throughAlias = (functionName: string, event: unknown): Promise<unknown> =>
  world.ingress(event, aliasContext(functionName));
type WebsocketEventArgs = Parameters<typeof websocketProxyEvent>;
const websocketEvent = (
  routeKey: WebsocketEventArgs[1],
  connectionId: string,
  requestId: string,
  extra?: WebsocketEventArgs[4],
) => websocketProxyEvent(API, routeKey, connectionId, requestId, extra);

async function readAll(id: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for await (const record of world.reader.readStream(id)) records.push(record);
  return records;
}

describe('App websocket routes behind API Gateway, served by the ingress', () => {
  it('admits a connection with the status its $connect handler answered (200 by default)', async () => {
    const answer = await throughAlias('admit', websocketEvent('$connect', 'Ann0Conn=', 'connect-ann'));
    expect(answer).toEqual({ statusCode: 200 });
    expect(happened).toContain('connect Ann0Conn=');
    const records = await readAll('connect-ann');
    expect(records[0]?.event).toMatchObject({
      input: { trigger: { source: 'websocket:$connect', rule: 'connection Ann0Conn=' } },
    });
  });

  it('refuses a connection when the handler answers a status of its own', async () => {
    const event = websocketEvent('$connect', 'Eve0Conn=', 'connect-eve', { query: { room: 'closed' } });
    expect(await throughAlias('admit', event)).toEqual({ statusCode: 403 });
    expect(happened).not.toContain('connect Eve0Conn=');
  });

  it('a message handler replies to another connection through the management API of its stage', async () => {
    management.open('Bob0Conn=');
    const body = JSON.stringify({ to: 'Bob0Conn=', text: 'hello' });
    const event = websocketEvent('$default', 'Ann0Conn=', 'message-1', { body, messageId: 'msg-1' });
    expect(await throughAlias('relayMessage', event)).toEqual({ statusCode: 200 });
    expect(management.connections.get('Bob0Conn=')?.received.map(String)).toEqual(['Ann0Conn= says hello']);
    expect(endpoints).toEqual([`https://${DOMAIN}/${API.stage}`]);
    expect(management.stages).toEqual([`/${API.stage}`]);
  });

  it('a send to a connection that is gone is a WebsocketDisconnectedError the handler can catch', async () => {
    const body = JSON.stringify({ to: 'Left0Conn=', text: 'anyone?' });
    const event = websocketEvent('$default', 'Ann0Conn=', 'message-2', { body, messageId: 'msg-2' });
    expect(await throughAlias('relayMessage', event)).toEqual({ statusCode: 410 });
    expect(happened).toContain('gone Left0Conn=');
  });

  it('a handler that fails answers API Gateway a 500', async () => {
    const event = websocketEvent('$default', 'Ann0Conn=', 'message-3', { body: 'not json', messageId: 'msg-3' });
    expect(await throughAlias('relayMessage', event)).toEqual({ statusCode: 500 });
    expect((await readAll('message-3')).map((r) => r.event.type)).toContain('attempt.failed');
  });

  it('runs the $disconnect handler once per disconnect event', async () => {
    const event = websocketEvent('$disconnect', 'Ann0Conn=', 'disconnect-ann');
    expect(await throughAlias('leave', event)).toEqual({ statusCode: 200 });
    expect(await throughAlias('leave', event)).toEqual({ statusCode: 200 });
    expect(happened.filter((line) => line === 'disconnect Ann0Conn=')).toHaveLength(1);
  });
});
