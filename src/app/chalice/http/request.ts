import type { ProxyEvent, ProxyRequestContext } from './proxyEvent.js';
import { BadRequestError } from './viewErrors.js';

/**
 * The HTTP request a route handler serves, read from the API Gateway proxy event as Chalice's `Request`.
 * `path` is the route's resource path (`/objects/{key}`), as in Chalice; `context.path` is the one requested.
 * @example
 * app.route('/objects/{key}', { methods: ['PUT'] }, (request) => ({
 *   key: request.uriParams?.['key'],
 *   ...request.jsonBody,
 * }));
 */
export class Request {
  readonly method: string;
  readonly path: string;
  /** The last value of each query parameter, or null when there is none (as API Gateway sends it). */
  readonly queryParams: Readonly<Record<string, string>> | null;
  /** Header values by name, in any letter case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly uriParams: Readonly<Record<string, string>> | null;
  readonly context: ProxyRequestContext;
  readonly stageVars: Readonly<Record<string, string>> | null;
  private parsed: { value: unknown } | undefined;

  constructor(private readonly event: ProxyEvent) {
    this.method = event.requestContext.httpMethod;
    this.path = event.requestContext.resourcePath;
    const multi = event.multiValueQueryStringParameters;
    this.queryParams =
      multi === null ? null : Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1] ?? '']));
    this.headers = caseInsensitive(event.headers ?? {});
    this.uriParams = event.pathParameters;
    this.context = event.requestContext;
    this.stageVars = event.stageVariables;
  }

  /** Every value of a query parameter, in order. */
  queryParamList(name: string): readonly string[] {
    return this.event.multiValueQueryStringParameters?.[name] ?? [];
  }

  /** The body as bytes (base64-decoded when API Gateway encoded it). */
  get rawBody(): Buffer {
    const body = this.event.body;
    if (body === null) return Buffer.alloc(0);
    return this.event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  }

  /**
   * The body parsed as JSON when the Content-Type is `application/json`, else undefined. Bad JSON throws
   * `BadRequestError('Error Parsing JSON')`, which the client gets as a 400.
   */
  get jsonBody(): unknown {
    if (!(this.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
    if (this.parsed === undefined) {
      try {
        this.parsed = { value: JSON.parse(this.rawBody.toString('utf8')) };
      } catch {
        throw new BadRequestError('Error Parsing JSON');
      }
    }
    return this.parsed.value;
  }

  /** The request as plain data (Chalice's `to_dict`). */
  toDict(): Record<string, unknown> {
    return {
      method: this.method,
      path: this.path,
      queryParams: this.queryParams,
      headers: { ...this.headers },
      uriParams: this.uriParams,
      context: this.context,
      stageVars: this.stageVars,
    };
  }
}

/** A read-only view of headers where `headers['Content-Type']` and `headers['content-type']` are one. */
function caseInsensitive(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return new Proxy(lower, {
    get: (target, key) => (typeof key === 'string' ? target[key.toLowerCase()] : undefined),
    has: (target, key) => typeof key === 'string' && key.toLowerCase() in target,
    set: () => false,
    deleteProperty: () => false,
  });
}
