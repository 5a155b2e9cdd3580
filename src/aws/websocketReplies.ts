import type { ApiGatewayManagementApi } from '@aws-sdk/client-apigatewaymanagementapi';
import { ApiGatewayWebsocketSender } from '../adapters/apigateway/apiGatewayWebsocketSender.js';
import type { App } from '../app/chalice/app.js';
import { errorMessage, ModuleLoadError } from '../core/errors.js';
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
 * The sender over API Gateway's management API. `@aws-sdk/client-apigatewaymanagementapi` loads at the first
 * reply, so a deployment without websockets needs no such client installed.
 */
export function apiGatewaySenderAt(endpoint: string): WebsocketSender {
  let loaded: Promise<WebsocketSender> | undefined;
  const sender = () => (loaded ??= managementApiAt(endpoint).then((api) => new ApiGatewayWebsocketSender({ api })));
  return {
    postToConnection: async (connectionId, data) => (await sender()).postToConnection(connectionId, data),
    deleteConnection: async (connectionId) => (await sender()).deleteConnection(connectionId),
    getConnection: async (connectionId) => (await sender()).getConnection(connectionId),
  };
}

const MANAGEMENT_CLIENT = '@aws-sdk/client-apigatewaymanagementapi';

async function managementApiAt(endpoint: string): Promise<ApiGatewayManagementApi> {
  let sdk: typeof import('@aws-sdk/client-apigatewaymanagementapi');
  try {
    // Inside try, a bundler leaves the import to run time when the client is not installed, so an app
    // without websockets bundles without it.
    sdk = await import('@aws-sdk/client-apigatewaymanagementapi');
  } catch (error) {
    throw new ModuleLoadError(
      MANAGEMENT_CLIENT,
      `websocket replies on AWS need ${MANAGEMENT_CLIENT} installed beside statebridge (${errorMessage(error)})`,
      error,
    );
  }
  return new sdk.ApiGatewayManagementApi({ endpoint });
}
