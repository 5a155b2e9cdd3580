/**
 * Websocket replies through API Gateway's management API, for `app.websocketApi` on AWS (the function
 * Lambdas of a deployment plug it in themselves). `@aws-sdk/client-apigatewaymanagementapi` is a peer:
 * bring your own client.
 * @example
 * import { ApiGatewayManagementApi } from '@aws-sdk/client-apigatewaymanagementapi';
 * import { ApiGatewayWebsocketSender } from 'statebridge/apigateway';
 * app.websocketApi.useSender(
 *   (endpoint) => new ApiGatewayWebsocketSender({ api: new ApiGatewayManagementApi({ endpoint }) }),
 * );
 */
export { ApiGatewayWebsocketSender, type ApiGatewayWebsocketSenderOptions } from './apiGatewayWebsocketSender.js';
