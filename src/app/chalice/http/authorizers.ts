import { ValidationError } from '../../../core/errors.js';
import type { Json } from '../../../core/stepRecord.js';
import { AuthResponse } from './httpValues.js';

/** What a built-in authorizer receives: API Gateway's TOKEN authorizer event, as Chalice's `AuthRequest`. */
export class AuthRequest {
  constructor(
    readonly authType: string,
    readonly token: string,
    /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` of the request. */
    readonly methodArn: string,
  ) {}
}

/** A built-in authorizer's code: the token's request in, an `AuthResponse` (or a policy document) out. */
export type AuthorizerHandler = (request: AuthRequest) => unknown;

/** The authorizer `app.authorizer` returns, to pass as a route's `authorizer`. Its function runs locally. */
export class ChaliceAuthorizer {
  readonly kind = 'builtin';
  constructor(
    /** The authorizer's function name before any blueprint prefix. */
    readonly name: string,
    readonly ttlSeconds: number,
    readonly header: string,
  ) {}
}

/**
 * A token authorizer that is some other Lambda function (`authorizerUri`). Enforced in AWS; locally a
 * stand-in admits any request that carries its header and refuses one without (401).
 */
export class CustomAuthorizer {
  readonly kind = 'custom';
  readonly ttlSeconds: number;
  readonly header: string;
  constructor(
    readonly name: string,
    readonly authorizerUri: string,
    options: { ttlSeconds?: number; header?: string; invokeRoleArn?: string; scopes?: readonly string[] } = {},
  ) {
    this.ttlSeconds = ttlSecondsOf('CustomAuthorizer', options.ttlSeconds ?? 300);
    this.header = options.header ?? 'Authorization';
  }
}

/** Signature V4 (IAM) authorization. Enforced in AWS; locally any request with an Authorization header passes. */
export class IAMAuthorizer {
  readonly kind = 'iam';
  readonly name = 'sigv4';
  readonly header = 'Authorization';
}

/**
 * A Cognito user pool authorizer. Enforced in AWS; locally any request with its header passes, and a JWT's
 * claims (not verified) reach the route as `context.authorizer.claims`, as Chalice's local mode does.
 */
export class CognitoUserPoolAuthorizer {
  readonly kind = 'cognito';
  readonly header: string;
  constructor(
    readonly name: string,
    readonly providerArns: readonly string[],
    options: { header?: string; scopes?: readonly string[] } = {},
  ) {
    if (!Array.isArray(providerArns) || providerArns.some((arn) => typeof arn !== 'string'))
      throw new ValidationError('CognitoUserPoolAuthorizer', [
        { path: 'providerArns', rule: 'must be a list of user pool ARNs' },
      ]);
    this.header = options.header ?? 'Authorization';
  }
}

/** Any authorizer a route can name. */
export type Authorizer = ChaliceAuthorizer | CustomAuthorizer | IAMAuthorizer | CognitoUserPoolAuthorizer;

/** Whether a value is one of the authorizer classes. */
export function isAuthorizer(value: unknown): value is Authorizer {
  return [ChaliceAuthorizer, CustomAuthorizer, IAMAuthorizer, CognitoUserPoolAuthorizer].some(
    (c) => value instanceof c,
  );
}

/** The function behind a built-in authorizer: API Gateway's TOKEN event in, the policy out. */
export function authorizerFunction(handler: AuthorizerHandler) {
  return async (event: unknown): Promise<unknown> => {
    const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const request = new AuthRequest(String(e['type']), String(e['authorizationToken']), String(e['methodArn']));
    const result = await handler(request);
    return result instanceof AuthResponse ? authPolicyOf(result, request) : result;
  };
}

/** API Gateway's bounds on an authorizer's result cache. */
export function ttlSecondsOf(place: string, ttlSeconds: unknown): number {
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > 3600)
    throw new ValidationError(place, [{ path: 'ttlSeconds', rule: 'must be an integer from 0 to 3600' }]);
  return ttlSeconds;
}

/** The policy an `AuthResponse` stands for, as Chalice writes it: its routes as execute-api ARNs. */
export function authPolicyOf(response: AuthResponse, request: AuthRequest): Json {
  const resources = response.routes.flatMap((route) => {
    if (route === '*') return [arnFor(request, '*', '*')];
    if (typeof route === 'string') return [arnFor(request, route, '*')];
    return route.methods.map((method) => arnFor(request, route.path, method));
  });
  return {
    context: { ...response.context },
    principalId: response.principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resources }],
    },
  };
}

function arnFor(request: AuthRequest, path: string, method: string): string {
  const parts = request.methodArn.split(':');
  const head = parts.slice(0, 5).join(':');
  const [apiId = '', stage = ''] = (parts.slice(5).join(':') ?? '').split('/');
  const tail = path === '*' ? `${method}/*` : `${method}/${path.slice(1)}`;
  return `${head}:${apiId}/${stage}/${tail}`;
}

/**
 * Whether an authorizer's result allows the method ARN: an Allow statement for `execute-api:Invoke`
 * whose resource matches (`*` any run of characters, `?` one), and no Deny that matches.
 */
export function policyAllows(result: unknown, methodArn: string): boolean {
  const statements = (result as { policyDocument?: { Statement?: unknown } } | null)?.policyDocument?.Statement;
  if (!Array.isArray(statements)) return false;
  const matching = (effect: string) =>
    statements.some((s: { Effect?: unknown; Action?: unknown; Resource?: unknown }) => {
      if (s?.Effect !== effect) return false;
      const actions = [s.Action].flat();
      if (!actions.includes('execute-api:Invoke') && !actions.includes('execute-api:*') && !actions.includes('*'))
        return false;
      return [s.Resource].flat().some((r) => typeof r === 'string' && arnPattern(r).test(methodArn));
    });
  return matching('Allow') && !matching('Deny');
}

function arnPattern(resource: string): RegExp {
  const escaped = resource.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*?').replace(/\?/g, '.')}$`);
}
