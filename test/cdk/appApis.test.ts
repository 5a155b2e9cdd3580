import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { Statebridge } from '../../src/cdk/index.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
let template: Template;
let statebridge: Statebridge;
let stack: Stack;

beforeAll(() => {
  stack = new Stack(new App(), 'Shop', { env: { account: '123456789012', region: 'eu-west-1' } });
  statebridge = new Statebridge(stack, 'Shop', { app: 'test/cdk/fixtures/apiApp.ts' });
  template = Template.fromStack(stack);
}, 180_000);

const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
function aliasRef(name: string): { Ref: string } {
  const alias = statebridge.appSources.aliases.get(name);
  if (alias === undefined) throw new Error(`no alias for ${name}`);
  return { Ref: idOf(alias) };
}
const proxyUri = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:eu-west-1:lambda:path/2015-03-31/functions/',
      aliasRef(name),
      '/invocations',
    ],
  ],
});

/** Each resource's full path, from the PathPart chain. */
function resourcePaths(): Map<string, string> {
  const resources = resourcesOf('AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const r = resources[id]!;
    const parent = r.Properties['ParentId'] as { Ref?: string };
    return `${parent.Ref === undefined ? '' : pathOf(parent.Ref)}/${String(r.Properties['PathPart'])}`;
  };
  return new Map(Object.keys(resources).map((id) => [id, pathOf(id)]));
}

/** Every method as `METHOD /path`, with its properties. */
function methods(): Map<string, Record<string, unknown>> {
  const paths = resourcePaths();
  return new Map(
    Object.values(resourcesOf('AWS::ApiGateway::Method')).map((m) => {
      const resource = m.Properties['ResourceId'] as { Ref?: string };
      const path = resource.Ref === undefined ? '/' : paths.get(resource.Ref)!;
      return [`${String(m.Properties['HttpMethod'])} ${path}`, m.Properties];
    }),
  );
}

describe('App REST API', () => {
  it('is one REST API named after the App, with its binary types, on the stage api, its URL an output', () => {
    const apis = Object.values(resourcesOf('AWS::ApiGateway::RestApi'));
    expect(apis.map((a) => [a.Properties['Name'], a.Properties['BinaryMediaTypes']])).toEqual([
      ['shop', ['image/png', 'application/pdf']],
    ]);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'api' });
    const api = statebridge.appSources.restApis.get('shop')!.api;
    const outputs = Object.values(template.findOutputs('*')).map((o) => JSON.stringify(o['Value']));
    expect(outputs.some((o) => o.startsWith('{"Fn::Join":["",["https://",{"Ref":"' + idOf(api)))).toBe(true);
    expect(resourcesOf('AWS::ApiGateway::Account')).toEqual({});
  });

  it('has a resource per path segment ({captures} as path parameters) and a proxy method per route method', () => {
    expect([...resourcePaths().values()].sort()).toEqual([
      '/admin',
      '/admin/report',
      '/items',
      '/items/{id}',
      '/items/{id}/price',
      '/me',
      '/orders',
      '/partners',
    ]);
    const all = methods();
    expect([...all.keys()].sort()).toEqual([
      'DELETE /items/{id}',
      'GET /',
      'GET /admin/report',
      'GET /items/{id}',
      'GET /me',
      'GET /partners',
      'OPTIONS /items/{id}',
      'OPTIONS /me',
      'POST /orders',
      'PUT /items/{id}/price',
    ]);
    const routes: [string, string][] = [
      ['GET /', 'home'],
      ['GET /items/{id}', 'item'],
      ['DELETE /items/{id}', 'item'],
      ['PUT /items/{id}/price', 'price'],
      ['GET /admin/report', 'admin_report'],
    ];
    for (const [route, fn] of routes)
      expect(all.get(route)!['Integration']).toEqual({
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: proxyUri(fn),
      });
  });

  it('answers a CORS route’s preflight with its origin, Chalice’s headers and the path’s methods', () => {
    const preflight = methods().get('OPTIONS /items/{id}')!['Integration'] as {
      Type: string;
      IntegrationResponses: { ResponseParameters: Record<string, string> }[];
    };
    expect(preflight.Type).toBe('MOCK');
    expect(preflight.IntegrationResponses[0]!.ResponseParameters).toMatchObject({
      'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
      'method.response.header.Access-Control-Allow-Headers':
        "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Trace'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,DELETE,OPTIONS'",
      'method.response.header.Access-Control-Max-Age': "'600'",
    });
  });

  it('puts the built-in authorizer on its function’s alias with its header and TTL, shared by its routes', () => {
    const authorizer = statebridge.appSources.restApis.get('shop')!.authorizers.get('builtin-tokenAuth')!;
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Name: 'tokenAuth',
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.X-Token',
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([aliasRef('tokenAuth'), '/invocations'])] },
    });
    const all = methods();
    for (const route of ['GET /items/{id}', 'DELETE /items/{id}', 'PUT /items/{id}/price'])
      expect(all.get(route)).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: stack.getLogicalId((authorizer as TokenAuthorizer).node.defaultChild as never) },
      });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: aliasRef('tokenAuth'),
      SourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/authorizers/'])] }),
    });
  });

  it('wires IAM, a custom authorizer, a Cognito pool and an API key as each route asks', () => {
    const all = methods();
    expect(all.get('POST /orders')).toMatchObject({ AuthorizationType: 'AWS_IAM', ApiKeyRequired: false });
    expect(all.get('PUT /items/{id}/price')).toMatchObject({ ApiKeyRequired: true });
    expect(all.get('GET /')).toMatchObject({ AuthorizationType: 'NONE', ApiKeyRequired: false });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Name: 'partner',
      Type: 'TOKEN',
      AuthorizerResultTtlInSeconds: 120,
      AuthorizerUri:
        'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/' +
        'arn:aws:lambda:eu-west-1:123456789012:function:partner-auth/invocations',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:partner-auth',
    });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Name: 'shoppers',
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'],
    });
    expect(all.get('GET /me')).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS' });
    expect(all.get('GET /partners')).toMatchObject({ AuthorizationType: 'CUSTOM' });
  });

  it('lets API Gateway invoke each route’s alias from its own method only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: aliasRef('price'),
      SourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/PUT/items/*/price'])] }),
    });
  });
});

describe('App websocket API', () => {
  it('routes $connect and $default to their aliases on the stage api, its URL an output', () => {
    const { api } = statebridge.appSources.websocketApis.get('shop')!;
    const integrations = resourcesOf('AWS::ApiGatewayV2::Integration');
    const routes = Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).map((r) => {
      const target = JSON.stringify(r.Properties['Target']);
      const integration = Object.entries(integrations).find(([id]) => target.includes(id))![1];
      return [r.Properties['RouteKey'], integration.Properties['IntegrationUri']];
    });
    expect(routes.sort()).toEqual([
      ['$connect', proxyUri('connect')],
      ['$default', proxyUri('message')],
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { ApiId: { Ref: idOf(api) }, StageName: 'api' });
    const outputs = Object.values(template.findOutputs('*')).map((o) => JSON.stringify(o['Value']));
    expect(outputs.some((o) => o.includes('"wss://",{"Ref":"' + idOf(api)))).toBe(true);
  });

  it('lets each websocket function post to the API’s connections from its own role', () => {
    const { api } = statebridge.appSources.websocketApis.get('shop')!;
    for (const name of ['connect', 'message']) {
      const role = statebridge.functions.byName.get(name)!.role!;
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: idOf(role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'execute-api:ManageConnections',
              Resource: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: idOf(api) }])] }),
            }),
          ]),
        },
      });
    }
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: aliasRef('message'),
    });
  });
});
