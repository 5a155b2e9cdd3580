import { ValidationError, type ValidationIssue } from '../../../core/errors.js';
import type { FunctionSettings, SourceSpec } from '../registration.js';
import { isAuthorizer, type Authorizer } from './authorizers.js';
import { MEDIA_TYPE } from './contentTypes.js';
import { CORSConfig } from './httpValues.js';
import { HTTP_METHODS, routePathIssues } from './routePaths.js';

/** Options of `app.route`, Chalice's keyword arguments in TypeScript casing. */
export interface RouteOptions extends FunctionSettings {
  /** Default `['GET']`. */
  readonly methods?: readonly string[];
  /** `true` for any origin, or a `CORSConfig`; adds the headers and answers the preflight OPTIONS. */
  readonly cors?: boolean | CORSConfig;
  /** Request Content-Types accepted (default `['application/json']`); another gets 415. */
  readonly contentTypes?: readonly string[];
  readonly authorizer?: Authorizer;
  /** Require an `x-api-key` header (locally any value: API keys are checked in AWS). */
  readonly apiKeyRequired?: boolean;
}

type RouteSpec = Extract<SourceSpec, { kind: 'route' }>;

/** The route's source, validated: every bad field named with its rule, all at once. */
export function routeSpecOf(place: string, path: unknown, options: RouteOptions): RouteSpec {
  const issues: ValidationIssue[] = [...routePathIssues(path)];
  const methods = options.methods ?? ['GET'];
  if (!Array.isArray(methods) || methods.length === 0)
    issues.push({ path: 'methods', rule: `must be a non-empty list of ${HTTP_METHODS.join(', ')}` });
  else
    methods.forEach((method: unknown, i) => {
      if (!HTTP_METHODS.includes(method as never))
        issues.push({
          path: `methods[${i}]`,
          rule: `must be one of ${HTTP_METHODS.join(', ')}, got ${String(method)}`,
        });
      else if (methods.indexOf(method) !== i)
        issues.push({ path: `methods[${i}]`, rule: `must not repeat ${String(method)}` });
    });
  const contentTypes = options.contentTypes ?? ['application/json'];
  if (!Array.isArray(contentTypes) || contentTypes.length === 0)
    issues.push({ path: 'contentTypes', rule: 'must be a non-empty list of media types such as application/json' });
  else
    contentTypes.forEach((type: unknown, i) => {
      if (typeof type !== 'string' || !MEDIA_TYPE.test(type))
        issues.push({ path: `contentTypes[${i}]`, rule: `must be a media type type/subtype, got ${String(type)}` });
    });
  const cors = options.cors ?? false;
  if (typeof cors !== 'boolean' && !(cors instanceof CORSConfig))
    issues.push({ path: 'cors', rule: 'must be true, false or a CORSConfig' });
  if (options.authorizer !== undefined && !isAuthorizer(options.authorizer))
    issues.push({
      path: 'authorizer',
      rule: 'must be what app.authorizer returns, a CustomAuthorizer, IAMAuthorizer or CognitoUserPoolAuthorizer',
    });
  if (options.apiKeyRequired !== undefined && typeof options.apiKeyRequired !== 'boolean')
    issues.push({ path: 'apiKeyRequired', rule: 'must be a boolean' });
  if (issues.length > 0) throw new ValidationError(place, issues);
  return {
    kind: 'route',
    path: path as string,
    methods: [...methods],
    contentTypes: [...contentTypes],
    ...(cors === false ? {} : { cors: cors === true ? new CORSConfig() : cors }),
    ...(options.authorizer === undefined ? {} : { authorizer: options.authorizer }),
    apiKeyRequired: options.apiKeyRequired ?? false,
  };
}
