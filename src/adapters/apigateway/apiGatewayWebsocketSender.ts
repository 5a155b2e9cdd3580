import type { ApiGatewayManagementApi } from '@aws-sdk/client-apigatewaymanagementapi';
import type { WebsocketConnectionInfo, WebsocketSender } from '../../ports/websocketSender.js';

/** Options of an `ApiGatewayWebsocketSender`. */
export interface ApiGatewayWebsocketSenderOptions {
  /** The management API client, its endpoint the websocket API's `https://{domainName}/{stage}`. */
  readonly api: ApiGatewayManagementApi;
}

/**
 * The `WebsocketSender` port over API Gateway's management API: `PostToConnection`, `DeleteConnection`
 * and `GetConnection` on one websocket API stage. A connection the service answers `GoneException`
 * (HTTP 410) for is `'gone'`, which `app.websocketApi` turns into a `WebsocketDisconnectedError`; any
 * other failure is the SDK's error, unchanged. The client is only a type here: this module loads without
 * the SDK, so the AWS entry points can load the client when the first reply needs it.
 * @example
 * import { ApiGatewayManagementApi } from '@aws-sdk/client-apigatewaymanagementapi';
 * app.websocketApi.useSender(
 *   (endpoint) => new ApiGatewayWebsocketSender({ api: new ApiGatewayManagementApi({ endpoint }) }),
 * );
 */
export class ApiGatewayWebsocketSender implements WebsocketSender {
  constructor(private readonly options: ApiGatewayWebsocketSenderOptions) {}

  async postToConnection(connectionId: string, data: string | Uint8Array): Promise<'sent' | 'gone'> {
    const Data = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return goneOr(this.options.api.postToConnection({ ConnectionId: connectionId, Data }), 'sent');
  }

  async deleteConnection(connectionId: string): Promise<'closed' | 'gone'> {
    return goneOr(this.options.api.deleteConnection({ ConnectionId: connectionId }), 'closed');
  }

  async getConnection(connectionId: string): Promise<WebsocketConnectionInfo | 'gone'> {
    let answer;
    try {
      answer = await this.options.api.getConnection({ ConnectionId: connectionId });
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
    const identity = answer.Identity;
    return {
      ConnectedAt: answer.ConnectedAt ?? new Date(0),
      LastActiveAt: answer.LastActiveAt ?? answer.ConnectedAt ?? new Date(0),
      Identity: {
        SourceIp: identity?.SourceIp ?? '',
        ...(identity?.UserAgent === undefined ? {} : { UserAgent: identity.UserAgent }),
      },
    };
  }
}

async function goneOr<T extends string>(call: Promise<unknown>, done: T): Promise<T | 'gone'> {
  try {
    await call;
    return done;
  } catch (error) {
    if (isGone(error)) return 'gone';
    throw error;
  }
}

/** The service's answer for a connection that is closed or not yet accepted. */
function isGone(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return e?.name === 'GoneException' || e?.$metadata?.httpStatusCode === 410;
}
