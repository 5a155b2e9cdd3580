import type { App, Registration } from '../../app/chalice/app.js';
import { policyAllows, type Authorizer } from '../../app/chalice/http/authorizers.js';
import type { ProxyEvent } from '../../app/chalice/http/proxyEvent.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';
import type { Clock } from '../../ports/clock.js';
import { gatewayError, type GatewayResponse } from './gatewayResponses.js';
import { methodArnOf } from './proxyEvents.js';
import type { RequestResponseInvoker } from './requestResponse.js';

/** The request an authorizer lets through (with `requestContext.authorizer` set), or the gateway's refusal. */
export type AuthorizerVerdict = { readonly event: ProxyEvent } | { readonly refused: GatewayResponse };

/**
 * API Gateway's authorizer step, locally. A built-in authorizer's function runs as a recorded invocation
 * with the TOKEN event; its result is cached per token for its TTL (as API Gateway caches the policy, so
 * a cached policy answers for every route it names). IAM, Cognito and custom authorizers are enforced in
 * AWS only: here any request carrying their header passes, one without gets 401.
 */
export class LocalAuthorizers {
  private readonly cache = new Map<string, { result: unknown; until: number }>();

  constructor(private readonly deps: { app: App; invoker: RequestResponseInvoker; clock: Clock; scope: EventScope }) {}

  async authorize(authorizer: Authorizer, event: ProxyEvent, requestId: string): Promise<AuthorizerVerdict> {
    const token = headerOf(event, authorizer.header);
    if (token === undefined || token === '')
      return { refused: gatewayError(401, 'UnauthorizedException', { message: 'Unauthorized' }, requestId) };
    if (authorizer.kind === 'cognito') return { event: withAuthorizer(event, cognitoClaims(token)) };
    if (authorizer.kind !== 'builtin') return { event };
    const registration = this.deps.app.registrations.find(
      (r) => r.source.kind === 'authorizer' && r.source.authorizer === authorizer,
    );
    if (registration === undefined) return { refused: configurationError(requestId) };
    const methodArn = methodArnOf(this.deps.scope, event.httpMethod, event.path);
    const result = await this.resultOf(registration, authorizer.ttlSeconds, token, methodArn, requestId);
    if (result === 'unauthorized')
      return { refused: gatewayError(401, 'UnauthorizedException', { message: 'Unauthorized' }, requestId) };
    if (result === null || typeof result !== 'object') return { refused: configurationError(requestId) };
    if (!policyAllows(result, methodArn)) {
      const body = { Message: 'User is not authorized to access this resource' };
      return { refused: gatewayError(403, 'AccessDeniedException', body, requestId) };
    }
    const r = result as { context?: Record<string, unknown>; principalId?: unknown };
    return { event: withAuthorizer(event, { ...(r.context ?? {}), principalId: r.principalId }) };
  }

  private async resultOf(
    registration: Registration,
    ttlSeconds: number,
    token: string,
    methodArn: string,
    requestId: string,
  ): Promise<unknown> {
    const key = `${registration.name}\n${token}`;
    const now = this.deps.clock.now();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > now) return cached.result;
    const outcome = await this.deps.invoker.invoke(
      registration,
      { type: 'TOKEN', authorizationToken: token, methodArn },
      {
        requestId: `${requestId}-auth`,
        trigger: {
          kind: 'eventSource',
          source: `api:${this.deps.app.appName}`,
          rule: `authorizer ${registration.name}`,
        },
      },
    );
    if (outcome.type === 'attempt.failed') {
      const message = (outcome.error as { errorMessage?: unknown } | null)?.errorMessage;
      return message === 'Unauthorized' ? 'unauthorized' : undefined;
    }
    if (outcome.type !== 'attempt.succeeded') return undefined;
    if (ttlSeconds > 0) this.cache.set(key, { result: outcome.response, until: now + ttlSeconds * 1000 });
    return outcome.response;
  }
}

function configurationError(requestId: string): GatewayResponse {
  return gatewayError(500, 'AuthorizerConfigurationException', { message: null }, requestId);
}

function headerOf(event: ProxyEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === lower)?.[1];
}

function withAuthorizer(event: ProxyEvent, authorizer: Record<string, unknown>): ProxyEvent {
  return { ...event, requestContext: { ...event.requestContext, authorizer } };
}

/** A JWT's claims, read without verifying it (Cognito verifies in AWS); any other token gives none. */
function cognitoClaims(token: string): Record<string, unknown> {
  try {
    const payload = token.replace(/^Bearer\s+/i, '').split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return { claims, principalId: claims['cognito:username'] ?? claims['sub'] ?? '' };
  } catch {
    return {};
  }
}
