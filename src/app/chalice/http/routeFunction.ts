import type { FunctionContext } from '../../functions/defineFunction.js';
import { matchesContentType } from './contentTypes.js';
import { Response, type CORSConfig } from './httpValues.js';
import type { ProxyEvent, ProxyResult } from './proxyEvent.js';
import { Request } from './request.js';
import { ChaliceViewError } from './viewErrors.js';

/** A route handler: the request (also `app.currentRequest` while it runs) in, a body or a `Response` out. */
export type ViewHandler = (request: Request, context: FunctionContext) => unknown;

/** What a route's function needs from its app, read when a request comes (a blueprint's routes use the app's). */
export interface RouteHost {
  readonly debug: boolean;
  readonly api: { readonly binaryTypes: readonly string[] };
  withRequest<T>(request: Request, run: () => T): T;
}

/** One `app.route` registration as the function serving it sees it. */
export interface RouteEntry {
  readonly path: string;
  readonly methods: readonly string[];
  readonly contentTypes: readonly string[];
  readonly cors?: CORSConfig | undefined;
}

/**
 * The function behind a route, as Chalice's handler: a proxy event in, a proxy result out. It answers
 * every outcome itself (405, 415, a view error's `{ Code, Message }`, a plain or debug 500), so the
 * invocation succeeds whenever the function ran.
 */
export function routeFunction(entry: RouteEntry, view: ViewHandler, host: RouteHost) {
  return async (raw: unknown, context: FunctionContext): Promise<ProxyResult> => {
    const event = raw as ProxyEvent;
    if (typeof event?.requestContext?.resourcePath !== 'string')
      return toResult(errorResponse(500, 'InternalServerError', 'Unknown request.'), host);
    const method = event.requestContext.httpMethod;
    if (!entry.methods.includes(method))
      return toResult(
        errorResponse(405, 'MethodNotAllowedError', `Unsupported method: ${method}`, {
          Allow: entry.methods.join(', '),
        }),
        host,
      );
    const cors = entry.cors?.accessControlHeaders();
    const request = new Request(event);
    const contentType = request.headers['content-type'] ?? 'application/json';
    if (!matchesContentType(contentType, entry.contentTypes))
      return toResult(errorResponse(415, 'UnsupportedMediaType', `Unsupported media type: ${contentType}`, cors), host);
    const response = await host.withRequest(request, () => viewResponse(view, request, context, host.debug));
    const headers = { ...(cors ?? {}), ...response.headers };
    const responseType = headerOf(headers, 'content-type') ?? 'application/json';
    const accept = request.headers['accept'];
    if (
      matchesContentType(responseType, host.api.binaryTypes) &&
      !(accept !== undefined && matchesContentType(accept, host.api.binaryTypes))
    ) {
      const message =
        `Request did not specify an Accept header with ${responseType}, The response has a Content-Type of ` +
        `${responseType}. If a response has a binary Content-Type then the request must specify an Accept ` +
        'header that matches.';
      return toResult(errorResponse(400, 'BadRequest', message, cors), host);
    }
    return toResult(new Response(response.body, { statusCode: response.statusCode, headers }), host);
  };
}

async function viewResponse(
  view: ViewHandler,
  request: Request,
  context: FunctionContext,
  debug: boolean,
): Promise<Response> {
  try {
    const result: unknown = await view(request, context);
    const response = result instanceof Response ? result : new Response(result);
    for (const [name, value] of Object.entries(response.headers))
      if ([value].flat().some((v) => v.includes('\n'))) throw new Error(`Bad value for header '${name}'`);
    return response;
  } catch (error) {
    if (error instanceof ChaliceViewError) return errorResponse(error.statusCode, error.code, error.message);
    if (debug) {
      const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      return new Response(text, { statusCode: 500, headers: { 'Content-Type': 'text/plain' } });
    }
    return errorResponse(500, 'InternalServerError', 'An internal server error occurred.');
  }
}

function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response({ Code: code, Message: message }, { statusCode, headers });
}

/** The proxy result of a response: JSON unless a string or bytes; base64 when its type is binary. */
function toResult(response: Response, host: RouteHost): ProxyResult {
  const single: Record<string, string> = {};
  const multi: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (typeof value === 'string') single[name] = value;
    else multi[name] = [...value];
  }
  const body = response.body;
  const bytes = Buffer.isBuffer(body) || body instanceof Uint8Array;
  const text = typeof body === 'string' ? body : bytes ? undefined : (JSON.stringify(body) ?? 'null');
  const type = headerOf(single, 'content-type') ?? '';
  if (bytes || (type !== '' && matchesContentType(type, host.api.binaryTypes))) {
    const data = bytes ? Buffer.from(body) : Buffer.from(text ?? '', 'utf8');
    const base: ProxyResult = { statusCode: response.statusCode, headers: single, multiValueHeaders: multi, body: '' };
    return { ...base, body: data.toString('base64'), isBase64Encoded: true };
  }
  return { statusCode: response.statusCode, headers: single, multiValueHeaders: multi, body: text ?? '' };
}

function headerOf(headers: Readonly<Record<string, string | readonly string[]>>, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found === undefined ? undefined : [found[1]].flat()[0];
}
