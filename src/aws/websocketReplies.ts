import type { App } from '../app/chalice/app.js';
import type { WebsocketSender } from '../ports/websocketSender.js';

/** Makes the sender for a websocket API stage's management endpoint (`https://{domainName}/{stage}`). */
export type WebsocketSenderFactory = (endpoint: string) => WebsocketSender;

/**
 * Let `app.websocketApi` reply from the Lambda a function runs in: every App with a websocket route that
 * has no sender of its own gets `factory`, called with the endpoint the first websocket event names.
 */
export function plugWebsocketSenders(apps: readonly App[], factory: WebsocketSenderFactory): void {
  for (const app of apps) {
    const serves = app.registrations.some((r) => r.source.kind === 'websocket');
    if (serves && !app.websocketApi.hasSender) app.websocketApi.useSender(factory);
  }
}

/**
 * The sender over API Gateway's management API. The adapter (and `@aws-sdk/client-apigatewaymanagementapi`)
 * loads on the first reply, so a deployment without websockets needs no such client installed.
 */
export function apiGatewaySenderAt(endpoint: string): WebsocketSender {
  let loaded: Promise<WebsocketSender> | undefined;
  const sender = () =>
    (loaded ??= import('../adapters/apigateway/apiGatewayWebsocketSender.js').then((adapter) =>
      adapter.apiGatewayWebsocketSenderFor(endpoint),
    ));
  return {
    postToConnection: async (connectionId, data) => (await sender()).postToConnection(connectionId, data),
    deleteConnection: async (connectionId) => (await sender()).deleteConnection(connectionId),
    getConnection: async (connectionId) => (await sender()).getConnection(connectionId),
  };
}
