import { Duration } from 'aws-cdk-lib';
import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  IdentitySource,
  LambdaIntegration,
  RestApi,
  TokenAuthorizer,
  type IAuthorizer,
  type IResource,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Function as LambdaFn, type Alias } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { functionArnOfAuthorizerUri } from './appSourceChecks.js';
import {
  sourcesOfKind,
  type AppApiInventory,
  type AppSourceInventory,
  type RouteAuthorizerSpec,
  type SourceOf,
} from './appSourceSpec.js';

/** An App's REST API and the authorizers created for it, by authorizer name. */
export interface DeployedRestApi {
  readonly api: RestApi;
  readonly authorizers: ReadonlyMap<string, IAuthorizer>;
}

/** The stage Chalice deploys to, so URLs read `…/api/<path>` as they do there. */
export const REST_API_STAGE = 'api';

/**
 * One REST API per App with routes (named after the App), as Chalice deploys it: a resource per path segment
 * (`{capture}` segments as path parameters), each method a Lambda proxy integration to the function's ingress alias,
 * a CORS preflight where a route sets `cors`, the App's binary types, its authorizers, and the stage `api`.
 * CDK outputs each API's URL.
 */
export function deployRestApis(
  scope: Construct,
  apps: readonly AppApiInventory[],
  sources: readonly AppSourceInventory[],
  aliasOf: (name: string) => Alias,
): Map<string, DeployedRestApi> {
  const deployed = new Map<string, DeployedRestApi>();
  const routes = sourcesOfKind(sources, 'route');
  for (const app of apps) {
    const appRoutes = routes.filter((r) => r.app === app.name);
    if (appRoutes.length === 0) continue;
    const api = new RestApi(scope, `AppRestApi-${app.name}`, {
      restApiName: app.name,
      description: `statebridge App ${app.name}`,
      binaryMediaTypes: [...app.binaryTypes],
      deployOptions: { stageName: REST_API_STAGE },
      // The account-wide API Gateway logging role is the account owner's choice, not one App's.
      cloudWatchRole: false,
    });
    const authorizers = new Map<string, IAuthorizer>();
    const methodsOf = new Map<IResource, Set<string>>();
    for (const route of appRoutes) {
      const resource = route.source.path === '/' ? api.root : api.root.resourceForPath(route.source.path);
      const integration = new LambdaIntegration(aliasOf(route.function), { allowTestInvoke: false });
      const options = methodOptions(scope, route, authorizers, aliasOf);
      for (const method of route.source.methods) resource.addMethod(method, integration, options);
      const methods = methodsOf.get(resource) ?? new Set<string>();
      route.source.methods.forEach((m) => methods.add(m));
      methodsOf.set(resource, methods);
    }
    for (const route of appRoutes) addPreflight(route, api, methodsOf);
    deployed.set(app.name, { api, authorizers });
  }
  return deployed;
}

/**
 * Chalice answers a CORS route's `OPTIONS` itself; API Gateway does it with a mock integration listing every method
 * of the path. The App refuses two CORS settings on one path, so the first CORS route of a path decides.
 */
function addPreflight(route: SourceOf<'route'>, api: RestApi, methodsOf: Map<IResource, Set<string>>): void {
  const cors = route.source.cors;
  if (cors === undefined) return;
  const resource = route.source.path === '/' ? api.root : api.root.resourceForPath(route.source.path);
  const methods = methodsOf.get(resource);
  if (methods === undefined || methods.has('OPTIONS')) return;
  methods.add('OPTIONS');
  resource.addCorsPreflight({
    allowOrigins: [cors.allowOrigin],
    allowHeaders: [...cors.allowHeaders],
    allowMethods: [...methods],
    ...(cors.exposeHeaders.length === 0 ? {} : { exposeHeaders: [...cors.exposeHeaders] }),
    ...(cors.maxAge === undefined ? {} : { maxAge: Duration.seconds(cors.maxAge) }),
    ...(cors.allowCredentials === undefined ? {} : { allowCredentials: cors.allowCredentials }),
  });
}

function methodOptions(
  scope: Construct,
  route: SourceOf<'route'>,
  authorizers: Map<string, IAuthorizer>,
  aliasOf: (name: string) => Alias,
): MethodOptions {
  const spec = route.source.authorizer;
  const base = { apiKeyRequired: route.source.apiKeyRequired };
  if (spec === undefined) return base;
  if (spec.kind === 'iam') return { ...base, authorizationType: AuthorizationType.IAM };
  const key = `${spec.kind}-${spec.kind === 'builtin' ? spec.function : spec.name}`;
  let authorizer = authorizers.get(key);
  if (authorizer === undefined) {
    const id = `AppAuthorizer-${route.app}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    authorizer = createAuthorizer(scope, id, spec, aliasOf);
    authorizers.set(key, authorizer);
  }
  return { ...base, authorizer };
}

function createAuthorizer(
  scope: Construct,
  id: string,
  spec: Exclude<RouteAuthorizerSpec, { kind: 'iam' }>,
  aliasOf: (name: string) => Alias,
): IAuthorizer {
  switch (spec.kind) {
    case 'builtin':
      return new TokenAuthorizer(scope, id, {
        authorizerName: spec.function,
        handler: aliasOf(spec.function),
        identitySource: IdentitySource.header(spec.header),
        resultsCacheTtl: Duration.seconds(spec.ttlSeconds),
      });
    case 'custom':
      return new TokenAuthorizer(scope, id, {
        authorizerName: spec.name,
        handler: LambdaFn.fromFunctionAttributes(scope, `${id}-Function`, {
          // checkAppSources refused any other URI before anything was built
          functionArn: functionArnOfAuthorizerUri(spec.authorizerUri)!,
          // Same account: CDK adds the permission for API Gateway to invoke it.
          sameEnvironment: true,
        }),
        identitySource: IdentitySource.header(spec.header),
        resultsCacheTtl: Duration.seconds(spec.ttlSeconds),
      });
    case 'cognito':
      return new CognitoUserPoolsAuthorizer(scope, id, {
        authorizerName: spec.name,
        cognitoUserPools: spec.providerArns.map((arn, i) => UserPool.fromUserPoolArn(scope, `${id}-Pool${i}`, arn)),
        identitySource: IdentitySource.header(spec.header),
      });
  }
}
