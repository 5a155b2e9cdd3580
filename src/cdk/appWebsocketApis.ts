import { CfnOutput } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage, type WebSocketRouteOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Alias } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { sourcesOfKind, type AppSourceInventory } from './appSourceSpec.js';
import type { DeployedFunctions } from './registeredFunctions.js';

/** An App's websocket API and its stage. */
export interface DeployedWebsocketApi {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
}

/** The stage the websocket API is served on, as the REST API's. */
export const WEBSOCKET_STAGE = 'api';

const ROUTE_OPTION = {
  $connect: 'connectRouteOptions',
  $disconnect: 'disconnectRouteOptions',
  $default: 'defaultRouteOptions',
} as const;

/**
 * One websocket API per App with websocket handlers (`$connect`, `$default`, `$disconnect`), each route a Lambda
 * proxy integration to the handler's ingress alias, served on the stage `api`. Each websocket function may post to
 * the API's connections (`execute-api:ManageConnections`): it replies from its own Lambda function.
 */
export function deployWebsocketApis(
  scope: Construct,
  sources: readonly AppSourceInventory[],
  on: { aliasOf: (name: string) => Alias; functions: DeployedFunctions },
): Map<string, DeployedWebsocketApi> {
  const deployed = new Map<string, DeployedWebsocketApi>();
  const handlers = sourcesOfKind(sources, 'websocket');
  for (const appName of new Set(handlers.map((h) => h.app))) {
    const appHandlers = handlers.filter((h) => h.app === appName);
    const routes: Record<string, WebSocketRouteOptions> = {};
    for (const handler of appHandlers)
      routes[ROUTE_OPTION[handler.source.routeKey]] = {
        integration: new WebSocketLambdaIntegration(`${handler.function}-Integration`, on.aliasOf(handler.function)),
      };
    const api = new WebSocketApi(scope, `AppWebsocketApi-${appName}`, {
      apiName: `${appName}-websocket`,
      description: `statebridge App ${appName} websockets`,
      ...routes,
    });
    const stage = new WebSocketStage(scope, `AppWebsocketStage-${appName}`, {
      webSocketApi: api,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
    });
    for (const handler of appHandlers) {
      const role = on.functions.byName.get(handler.function)?.role;
      if (role !== undefined) api.grantManageConnections(role);
    }
    new CfnOutput(scope, `AppWebsocketUrl-${appName}`, {
      value: stage.url,
      description: `websocket URL of App ${appName}`,
    });
    deployed.set(appName, { api, stage });
  }
  return deployed;
}
