import type { ValidationIssue } from '../../../core/errors.js';

/** The methods a route may declare: API Gateway's, as Chalice accepts them. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/** One of the methods a route may declare. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

const LITERAL_SEGMENT = /^[a-zA-Z0-9._-]+$/;
const CAPTURE_SEGMENT = /^\{(\w+)\}$/;

/**
 * What is wrong with a route path, by API Gateway's resource rules as Chalice checks them: a leading `/`,
 * no trailing slash (but `/` itself), each segment `[a-zA-Z0-9._-]` or one `{capture}`, no capture twice.
 */
export function routePathIssues(path: unknown, field = 'path'): ValidationIssue[] {
  if (typeof path !== 'string' || !path.startsWith('/'))
    return [{ path: field, rule: 'must be a string starting with "/"' }];
  if (path === '/') return [];
  if (path.endsWith('/')) return [{ path: field, rule: `must not end with a trailing slash, got "${path}"` }];
  const captures = new Set<string>();
  for (const segment of path.slice(1).split('/')) {
    const capture = CAPTURE_SEGMENT.exec(segment)?.[1];
    if (capture !== undefined) {
      if (captures.has(capture)) return [{ path: field, rule: `must not capture "{${capture}}" twice, got "${path}"` }];
      captures.add(capture);
    } else if (!LITERAL_SEGMENT.test(segment)) {
      const rule = `each segment must be [a-zA-Z0-9._-] characters or one {capture}, got "${segment}" in "${path}"`;
      return [{ path: field, rule }];
    }
  }
  return [];
}

/** A blueprint's route path under the app's `urlPrefix`, joined as Chalice joins them. */
export function prefixedPath(urlPrefix: string | undefined, path: string): string {
  if (urlPrefix === undefined) return path;
  const joined = [urlPrefix.replace(/\/+$/, ''), path.replace(/^\/+|\/+$/g, '')].join('/').replace(/\/+$/, '');
  return joined === '' ? '/' : joined;
}

/** The route a request path falls on and the values of its captures. */
export interface RouteMatch {
  readonly route: string;
  readonly captured: Readonly<Record<string, string>>;
}

/**
 * Find the route of a (decoded) request path. Literal routes sort before captures at the same place
 * (`/a/b` before `/a/{x}`) as Chalice's matcher; a trailing slash is dropped as API Gateway does.
 */
export class RouteMatcher {
  private readonly routes: { route: string; parts: string[] }[];

  constructor(routes: Iterable<string>) {
    this.routes = [...routes].sort().map((route) => ({ route, parts: route.split('/') }));
  }

  match(path: string): RouteMatch | undefined {
    const trimmed = path !== '/' && path.endsWith('/') ? path.slice(0, -1) : path;
    const parts = trimmed.split('/');
    for (const { route, parts: routeParts } of this.routes) {
      if (routeParts.length !== parts.length) continue;
      const captured: Record<string, string> = {};
      const matched = routeParts.every((part, i) => {
        const value = parts[i]!;
        if (part.startsWith('{') && part.endsWith('}')) {
          captured[part.slice(1, -1)] = value;
          return value !== '';
        }
        return part === value;
      });
      if (matched) return { route, captured };
    }
    return undefined;
  }
}
