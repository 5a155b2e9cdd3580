import { ApiGatewayManagementApi } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiGatewayWebsocketSender } from '../../src/adapters/apigateway/apiGatewayWebsocketSender.js';
import { WebsocketApi, WebsocketDisconnectedError } from '../../src/app/chalice/websocket/websocketApi.js';
import { apiGatewaySenderAt } from '../../src/aws/websocketReplies.js';
import {
  startApiGatewayManagementServer,
  type ApiGatewayManagementServer,
} from '../support/awsProtocol/apiGatewayManagementServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';

let server: ApiGatewayManagementServer;
let sender: ApiGatewayWebsocketSender;
beforeAll(async () => {
  server = await startApiGatewayManagementServer();
  const api = new ApiGatewayManagementApi({
    ...LOCAL_CLIENT_CONFIG,
    endpoint: `${server.endpoint}/prod`,
    maxAttempts: 1,
  });
  sender = new ApiGatewayWebsocketSender({ api });
});
afterAll(() => server.close());

describe('the websocket sender over API Gateway’s management API (real SDK client, local wire server)', () => {
  it('posts text and bytes to an open connection on the stage path', async () => {
    server.open('Post0Conn=');
    expect(await sender.postToConnection('Post0Conn=', 'héllo')).toBe('sent');
    expect(await sender.postToConnection('Post0Conn=', new Uint8Array([104, 105]))).toBe('sent');
    expect(server.connections.get('Post0Conn=')?.received.map((b) => b.toString('utf8'))).toEqual(['héllo', 'hi']);
    expect(server.stages.at(-1)).toBe('/prod');
    const post = server.requests.filter((r) => r.operation === 'PostToConnection').at(-1);
    expect(post?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 .*execute-api/);
  });

  it('reads a connection: when it opened, was last active, and who it is', async () => {
    server.open('Info0Conn=', { sourceIp: '198.51.100.4', userAgent: 'wscat' });
    const info = await sender.getConnection('Info0Conn=');
    expect(info).toEqual({
      ConnectedAt: server.connections.get('Info0Conn=')?.connectedAt,
      LastActiveAt: server.connections.get('Info0Conn=')?.connectedAt,
      Identity: { SourceIp: '198.51.100.4', UserAgent: 'wscat' },
    });
  });

  it('closes a connection; after that every call answers gone', async () => {
    server.open('Close0Conn=');
    expect(await sender.deleteConnection('Close0Conn=')).toBe('closed');
    expect(await sender.deleteConnection('Close0Conn=')).toBe('gone');
    expect(await sender.postToConnection('Close0Conn=', 'late')).toBe('gone');
    expect(await sender.getConnection('Close0Conn=')).toBe('gone');
  });

  it('passes any other refusal on as the SDK error', async () => {
    server.open('Forbidden0Conn=');
    server.fail('PostToConnection', { kind: 'error', status: 403, type: 'ForbiddenException' });
    await expect(sender.postToConnection('Forbidden0Conn=', 'x')).rejects.toMatchObject({
      name: 'ForbiddenException',
    });
  });

  it('app.websocketApi turns gone into WebsocketDisconnectedError naming the connection', async () => {
    const api = new WebsocketApi();
    api.useSender(sender);
    const refused = await api.send('Never0Conn=', 'x').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WebsocketDisconnectedError);
    expect((refused as WebsocketDisconnectedError).connectionId).toBe('Never0Conn=');
    await expect(api.info('Never0Conn=')).rejects.toBeInstanceOf(WebsocketDisconnectedError);
    await expect(api.close('Never0Conn=')).rejects.toBeInstanceOf(WebsocketDisconnectedError);
  });

  it('the default sender of a function Lambda loads the adapter at its first reply', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLAMBDA');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-secret');
    try {
      server.open('Default0Conn=');
      const lazy = apiGatewaySenderAt(`${server.endpoint}/beta`);
      expect(await lazy.postToConnection('Default0Conn=', 'from the function')).toBe('sent');
      expect(await lazy.postToConnection('Nobody0Conn=', 'x')).toBe('gone');
      expect(server.connections.get('Default0Conn=')?.received.map(String)).toEqual(['from the function']);
      expect(server.stages.at(-1)).toBe('/beta');
      const post = server.requests.filter((r) => r.operation === 'PostToConnection').at(-1);
      expect(post?.headers['authorization']).toContain('AKIDLAMBDA/');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
