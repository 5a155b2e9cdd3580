import type { FunctionSettings, RawHandler, SourceRegistration } from '../registration.js';
import { refuseIssues } from '../registration.js';
import { authorizerFunction, ChaliceAuthorizer, ttlSecondsOf, type AuthorizerHandler } from './authorizers.js';
import { routeFunction, type ViewHandler } from './routeFunction.js';
import { routeSpecOf, type RouteOptions } from './routeOptions.js';

/** Options of `app.authorizer`: the function's settings, the cache TTL and the header that carries the token. */
export type AuthorizerOptions = FunctionSettings & { ttlSeconds?: number; header?: string };

/**
 * `app.route`: a path and methods served by a synchronous (RequestResponse) invocation, never retried,
 * as API Gateway calls Lambda. Its code is bound when it joins an app (debug, binary types).
 */
export function routeRegistration(
  place: string,
  path: string,
  options: RouteOptions,
  handler: ViewHandler,
): SourceRegistration {
  const source = routeSpecOf(place, path, options);
  if (options.maximumRetryAttempts !== undefined && options.maximumRetryAttempts !== 0)
    refuseIssues(place, [{ path: 'maximumRetryAttempts', rule: 'must be 0 for a route (API Gateway does not retry)' }]);
  const unbound: RawHandler = () => {
    throw new Error(`${place} runs only once its app is known`);
  };
  const bind = (host: Parameters<typeof routeFunction>[2]) => routeFunction(source, handler, host);
  return { source, handler, settings: { ...options, maximumRetryAttempts: 0 }, run: unbound, bind };
}

/** `app.authorizer`: a built-in (TOKEN) authorizer and the registration of its function. */
export function authorizerRegistration(
  place: string,
  handler: AuthorizerHandler,
  options: AuthorizerOptions,
): { readonly authorizer: ChaliceAuthorizer; readonly registration: SourceRegistration } {
  const ttlSeconds = ttlSecondsOf(place, options.ttlSeconds ?? 300);
  const header = options.header ?? 'Authorization';
  if (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header))
    refuseIssues(place, [{ path: 'header', rule: 'must be a header name (letters, digits, -)' }]);
  const name = options.name ?? (handler as { name?: string } | undefined)?.name ?? '';
  const authorizer = new ChaliceAuthorizer(name, ttlSeconds, header);
  const settings = { ...options, maximumRetryAttempts: 0 };
  return {
    authorizer,
    registration: { source: { kind: 'authorizer', authorizer }, handler, settings, run: authorizerFunction(handler) },
  };
}
