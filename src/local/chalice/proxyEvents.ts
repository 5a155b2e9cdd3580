import { matchesContentType } from '../../app/chalice/http/contentTypes.js';
import type { ProxyEvent } from '../../app/chalice/http/proxyEvent.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';

/** The API id and stage local requests claim (API Gateway's ARNs and request contexts name them). */
export const LOCAL_API = { apiId: 'localapi01', stage: 'api' } as const;

/** One HTTP request as the gateway receives it: header pairs keep repeated headers apart. */
export interface GatewayRequest {
  readonly method: string;
  /** The path as sent (percent-encoded), without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** A request from its method and target (`/objects/a%20b?x=1`); header pairs as sent. */
export function gatewayRequestOf(
  method: string,
  target: string,
  headers: readonly (readonly [string, string])[],
  body: Buffer,
  sourceIp = '127.0.0.1',
): GatewayRequest {
  const at = target.indexOf('?');
  const path = at === -1 ? target : target.slice(0, at);
  const query = new URLSearchParams(at === -1 ? '' : target.slice(at + 1));
  return { method: method.toUpperCase(), path, query, headers, body, sourceIp };
}

/** Percent-decoded values, or undefined when one is not valid percent-encoding. */
export function decodedValues(values: Readonly<Record<string, string>>): Record<string, string> | undefined {
  try {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, decodeURIComponent(v)]));
  } catch {
    return undefined;
  }
}

/**
 * The API Gateway REST proxy event (payload format 1.0) of a request on a route: headers by their sent
 * names (the last value; all in `multiValueHeaders`), query parameters likewise or null when there are
 * none, the body base64-encoded when its Content-Type is one of the app's binary types.
 */
export function proxyEventOf(
  request: GatewayRequest,
  route: { resource: string; captured: Readonly<Record<string, string>> },
  meta: { requestId: string; at: number; binaryTypes: readonly string[]; scope: EventScope },
): ProxyEvent {
  const multiHeaders = grouped(request.headers);
  const headers = lastOf(multiHeaders);
  const multiQuery = grouped([...request.query.entries()]);
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const binary = contentType !== '' && matchesContentType(contentType, meta.binaryTypes);
  const empty = request.body.length === 0;
  const userAgent = Object.entries(headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? null;
  const host = Object.entries(headers).find(([k]) => k.toLowerCase() === 'host')?.[1] ?? 'localhost';
  return {
    resource: route.resource,
    path: decodedValues({ path: request.path })?.path ?? request.path,
    httpMethod: request.method,
    headers: Object.keys(headers).length === 0 ? null : headers,
    multiValueHeaders: Object.keys(multiHeaders).length === 0 ? null : multiHeaders,
    queryStringParameters: Object.keys(multiQuery).length === 0 ? null : lastOf(multiQuery),
    multiValueQueryStringParameters: Object.keys(multiQuery).length === 0 ? null : multiQuery,
    pathParameters: Object.keys(route.captured).length === 0 ? null : { ...route.captured },
    stageVariables: null,
    requestContext: {
      accountId: meta.scope.account,
      apiId: LOCAL_API.apiId,
      resourceId: resourceIdOf(route.resource),
      resourcePath: route.resource,
      httpMethod: request.method,
      path: `/${LOCAL_API.stage}${request.path}`,
      stage: LOCAL_API.stage,
      requestId: meta.requestId,
      requestTime: requestTimeOf(meta.at),
      requestTimeEpoch: meta.at,
      protocol: 'HTTP/1.1',
      domainName: host,
      identity: { sourceIp: request.sourceIp, userAgent },
    },
    body: empty ? null : binary ? request.body.toString('base64') : request.body.toString('utf8'),
    isBase64Encoded: binary && !empty,
  };
}

/** The method ARN an authorizer is asked about, as API Gateway writes it (`/` alone stays `//`). */
export function methodArnOf(scope: EventScope, method: string, path: string): string {
  const resource = path === '/' ? '/' : path.slice(1);
  const api = `arn:aws:execute-api:${scope.region}:${scope.account}:${LOCAL_API.apiId}`;
  return `${api}/${LOCAL_API.stage}/${method}/${resource}`;
}

function grouped(pairs: Iterable<readonly [string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of pairs) (out[name] ??= []).push(value);
  return out;
}

function lastOf(multi: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1] ?? '']));
}

/** A stable 6-character id per resource, as API Gateway gives each resource one. */
function resourceIdOf(resource: string): string {
  let hash = 0;
  for (const char of resource) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `25/Nov/2026:22:52:27 +0000`, API Gateway's request time. */
function requestTimeOf(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
  return `${date}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
