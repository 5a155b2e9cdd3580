/**
 * Websocket replies through API Gateway's management API, for `app.websocketApi` on AWS.
 * `@aws-sdk/client-apigatewaymanagementapi` is a peer: bring your own client, or let
 * `apiGatewayWebsocketSenderFor` make one for the endpoint.
 * @example
 * import { apiGatewayWebsocketSenderFor } from 'statebridge/apigateway';
 * app.websocketApi.useSender((endpoint) => apiGatewayWebsocketSenderFor(endpoint));
 */
export {
  ApiGatewayWebsocketSender,
  apiGatewayWebsocketSenderFor,
  type ApiGatewayWebsocketSenderOptions,
} from './apiGatewayWebsocketSender.js';
