import { randomUUID } from 'node:crypto';
import type { Registration } from '../../app/chalice/app.js';
import { RouteMatcher } from '../../app/chalice/http/routePaths.js';
import { LOCAL_EVENT_SCOPE } from '../../app/chalice/serviceEvents.js';
import { isPayloadSizeError } from '../../core/errors.js';
import type { AppRunner } from './appRunner.js';
import { chaliceError, gatewayError, responseOfResult, type GatewayResponse } from './gatewayResponses.js';
import { LocalAuthorizers } from './localAuthorizers.js';
import { decodedValues, proxyEventOf, type GatewayRequest } from './proxyEvents.js';
import { RequestResponseInvoker } from './requestResponse.js';

export type { GatewayRequest } from './proxyEvents.js';
export type { GatewayResponse } from './gatewayResponses.js';

/**
 * API Gateway in front of an app's routes, in process: route matching (403 `Missing Authentication Token`
 * for an unknown path, 405 for a method the path does not serve), the preflight OPTIONS of CORS routes,
 * API keys and authorizers, then the route's function as a recorded RequestResponse invocation with the
 * REST proxy event. The local API server and `TestClient.http` both go through here.
 */
export class LocalGateway {
  private readonly invoker: RequestResponseInvoker;
  private readonly authorizers: LocalAuthorizers;
  private matcher: { size: number; matcher: RouteMatcher } | undefined;

  constructor(private readonly runner: AppRunner) {
    this.invoker = new RequestResponseInvoker(runner.runtime, runner.functions);
    const deps = { app: runner.app, invoker: this.invoker, clock: runner.clock, scope: LOCAL_EVENT_SCOPE };
    this.authorizers = new LocalAuthorizers(deps);
  }

  async handle(request: GatewayRequest): Promise<GatewayResponse> {
    const requestId = randomUUID();
    const routes = this.runner.app.routes;
    const match = this.routeMatcher().match(request.path);
    const methods = match === undefined ? undefined : routes.get(match.route);
    if (match === undefined || methods === undefined) {
      const body = { message: 'Missing Authentication Token' };
      return gatewayError(403, 'MissingAuthenticationTokenException', body, requestId);
    }
    const registration = methods.get(request.method);
    if (registration === undefined) {
      if (request.method === 'OPTIONS') return preflight(methods, requestId);
      return chaliceError(405, 'MethodNotAllowedError', `Unsupported method: ${request.method}`, requestId, [
        ['Allow', [...methods.keys()].join(', ')],
      ]);
    }
    const source = registration.source;
    if (source.kind !== 'route') return gatewayError(500, 'InternalServerErrorException', { message: null }, requestId);
    if (source.apiKeyRequired && !request.headers.some(([name, value]) => /^x-api-key$/i.test(name) && value !== ''))
      return gatewayError(403, 'ForbiddenException', { message: 'Forbidden' }, requestId);
    const captured = decodedValues(match.captured);
    if (captured === undefined) return gatewayError(400, 'BadRequestException', { message: 'Bad Request' }, requestId);
    const meta = { requestId, at: this.runner.clock.now(), binaryTypes: this.runner.app.api.binaryTypes };
    let event = proxyEventOf(request, { resource: match.route, captured }, { ...meta, scope: LOCAL_EVENT_SCOPE });
    if (source.authorizer !== undefined) {
      const verdict = await this.authorizers.authorize(source.authorizer, event, requestId);
      if ('refused' in verdict) return verdict.refused;
      event = verdict.event;
    }
    return this.invoke(registration, event, requestId, `${request.method} ${match.route}`);
  }

  private async invoke(
    registration: Registration,
    event: unknown,
    requestId: string,
    route: string,
  ): Promise<GatewayResponse> {
    const trigger = {
      kind: 'eventSource' as const,
      source: `api:${this.runner.app.appName}`,
      rule: route,
      eventId: requestId,
    };
    let outcome;
    try {
      outcome = await this.invoker.invoke(registration, event, { requestId, trigger });
    } catch (error) {
      if (!isPayloadSizeError(error)) throw error;
      return gatewayError(413, 'RequestEntityTooLargeException', { message: 'Request Too Long' }, requestId);
    }
    switch (outcome.type) {
      case 'attempt.succeeded':
        return responseOfResult(outcome.response, requestId);
      case 'attempt.throttled':
        return gatewayError(429, 'TooManyRequestsException', { message: 'Too Many Requests' }, requestId);
      case 'attempt.expired':
        return gatewayError(504, 'IntegrationTimeoutException', { message: 'Endpoint request timed out' }, requestId);
      case 'attempt.failed':
        return gatewayError(502, 'InternalServerErrorException', { message: 'Internal server error' }, requestId);
    }
  }

  private routeMatcher(): RouteMatcher {
    const routes = this.runner.app.routes;
    if (this.matcher?.size !== routes.size)
      this.matcher = { size: routes.size, matcher: new RouteMatcher(routes.keys()) };
    return this.matcher.matcher;
  }
}

/** API Gateway's answer to OPTIONS on a path without its own OPTIONS route: CORS headers of its CORS routes. */
function preflight(methods: ReadonlyMap<string, Registration>, requestId: string): GatewayResponse {
  const withCors = [...methods].filter(([, r]) => r.source.kind === 'route' && r.source.cors !== undefined);
  const first = withCors[0]?.[1].source;
  const cors = first?.kind === 'route' ? first.cors?.accessControlHeaders() : undefined;
  const allow = cors === undefined ? 'OPTIONS' : [...withCors.map(([m]) => m), 'OPTIONS'].join(',');
  const headers: [string, string][] = [...Object.entries(cors ?? {}), ['Access-Control-Allow-Methods', allow]];
  return { statusCode: 200, headers: [...headers, ['x-amzn-RequestId', requestId]], body: Buffer.alloc(0) };
}

const gateways = new WeakMap<AppRunner, LocalGateway>();

/** The one gateway of a running app (its authorizer cache is shared by the server and the test client). */
export function gatewayOf(runner: AppRunner): LocalGateway {
  let gateway = gateways.get(runner);
  if (gateway === undefined) gateways.set(runner, (gateway = new LocalGateway(runner)));
  return gateway;
}
