import { ValidationError } from '../../../core/errors.js';

/**
 * What a route handler returns when it needs a status or headers, as Chalice's `Response`.
 * @example
 * return new Response({ error: 'gone' }, { statusCode: 410, headers: { 'Cache-Control': 'no-store' } });
 */
export class Response {
  /** Header values; a list is sent as one header line per value (API Gateway's `multiValueHeaders`). */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly statusCode: number;

  constructor(
    readonly body: unknown,
    options: { headers?: Readonly<Record<string, string | readonly string[]>>; statusCode?: number } = {},
  ) {
    const statusCode = options.statusCode ?? 200;
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
      throw new ValidationError('Response', [{ path: 'statusCode', rule: `must be an integer from 100 to 599` }]);
    this.statusCode = statusCode;
    this.headers = { ...(options.headers ?? {}) };
  }
}

/** CORS settings of a route (`cors: true` means `new CORSConfig()`: any origin). */
export class CORSConfig {
  readonly allowOrigin: string;
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge: number | undefined;
  readonly allowCredentials: boolean | undefined;

  constructor(
    options: {
      allowOrigin?: string;
      allowHeaders?: readonly string[];
      exposeHeaders?: readonly string[];
      maxAge?: number;
      allowCredentials?: boolean;
    } = {},
  ) {
    this.allowOrigin = options.allowOrigin ?? '*';
    this.allowHeaders = options.allowHeaders ?? [];
    this.exposeHeaders = options.exposeHeaders ?? [];
    this.maxAge = options.maxAge;
    this.allowCredentials = options.allowCredentials;
  }

  /** The response headers, as Chalice sends them (its default allowed headers included). */
  accessControlHeaders(): Record<string, string> {
    const allowHeaders = [...new Set([...CHALICE_DEFAULT_ALLOWED_HEADERS, ...this.allowHeaders])].sort();
    return {
      'Access-Control-Allow-Origin': this.allowOrigin,
      'Access-Control-Allow-Headers': allowHeaders.join(','),
      ...(this.exposeHeaders.length === 0 ? {} : { 'Access-Control-Expose-Headers': this.exposeHeaders.join(',') }),
      ...(this.maxAge === undefined ? {} : { 'Access-Control-Max-Age': String(this.maxAge) }),
      ...(this.allowCredentials === true ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    };
  }
}

/** The headers Chalice always allows in CORS. */
export const CHALICE_DEFAULT_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Api-Key',
] as const;

/**
 * What a built-in authorizer returns: the routes the caller may use (`'*'` for all, or paths with
 * optional methods), its principal and a context handed to the route.
 */
export class AuthResponse {
  readonly routes: readonly (string | { readonly path: string; readonly methods: readonly string[] })[];
  readonly principalId: string;
  readonly context: Readonly<Record<string, string>>;

  constructor(options: {
    routes: readonly (string | { path: string; methods: readonly string[] })[];
    principalId: string;
    context?: Readonly<Record<string, string>>;
  }) {
    if (typeof options.principalId !== 'string' || options.principalId === '')
      throw new ValidationError('AuthResponse', [{ path: 'principalId', rule: 'must be a non-empty string' }]);
    this.routes = options.routes;
    this.principalId = options.principalId;
    this.context = options.context ?? {};
  }
}
