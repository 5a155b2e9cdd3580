import { z } from 'zod';

/** The route keys of a websocket API that an App can handle, and the event type API Gateway names each. */
export const WEBSOCKET_ROUTES = {
  $connect: 'CONNECT',
  $default: 'MESSAGE',
  $disconnect: 'DISCONNECT',
} as const;

/** A websocket route key: `$connect`, `$default` (every message) or `$disconnect`. */
export type WebsocketRouteKey = keyof typeof WEBSOCKET_ROUTES;

/**
 * The part of API Gateway's websocket proxy event every handler relies on; the rest (headers, identity,
 * times) passes through untouched so `toDict()` is the event as delivered.
 */
export const websocketProxyEventSchema = z.looseObject({
  requestContext: z.looseObject({
    routeKey: z.string().min(1, 'must be a route key such as $connect'),
    eventType: z.enum(['CONNECT', 'MESSAGE', 'DISCONNECT'], 'must be CONNECT, MESSAGE or DISCONNECT'),
    connectionId: z.string().min(1, 'must be a non-empty connection id'),
    domainName: z.string(),
    stage: z.string(),
  }),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

/** A websocket proxy event as API Gateway delivers it to a Lambda integration. */
export type WebsocketProxyEvent = z.output<typeof websocketProxyEventSchema>;

/** Where a connection came from and where it is served, shared by every event of the connection. */
export interface WebsocketConnectionFacts {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly domainName: string;
  readonly stage: string;
  readonly apiId: string;
  readonly sourceIp: string;
  readonly userAgent?: string;
}

/** What one event adds: its own ids and time, and the route's extra fields. */
export interface WebsocketEventFacts {
  readonly requestId: string;
  readonly at: number;
  /** `$connect`: the upgrade request's headers (single values, as API Gateway folds them) and query. */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly query?: Readonly<Record<string, readonly string[]>>;
  /** `$default`: the frame's id and payload (binary frames base64-encoded). */
  readonly messageId?: string;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  /** `$disconnect`: the close code and reason. */
  readonly disconnectStatusCode?: number;
  readonly disconnectReason?: string;
}

/**
 * Build the event API Gateway sends for a websocket route, in its shape: `requestContext` with routeKey,
 * eventType, connectionId, domainName, stage, connectedAt, requestTime(Epoch), identity, message id.
 */
export function websocketProxyEventOf(
  routeKey: WebsocketRouteKey,
  connection: WebsocketConnectionFacts,
  facts: WebsocketEventFacts,
): WebsocketProxyEvent {
  const requestContext = {
    routeKey,
    ...(facts.messageId === undefined ? {} : { messageId: facts.messageId }),
    ...(facts.disconnectStatusCode === undefined ? {} : { disconnectStatusCode: facts.disconnectStatusCode }),
    eventType: WEBSOCKET_ROUTES[routeKey],
    extendedRequestId: facts.requestId,
    requestTime: requestTimeOf(facts.at),
    messageDirection: 'IN',
    ...(facts.disconnectReason === undefined ? {} : { disconnectReason: facts.disconnectReason }),
    stage: connection.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: facts.at,
    identity: {
      sourceIp: connection.sourceIp,
      ...(connection.userAgent === undefined ? {} : { userAgent: connection.userAgent }),
    },
    requestId: facts.requestId,
    domainName: connection.domainName,
    connectionId: connection.connectionId,
    apiId: connection.apiId,
  };
  const headers = facts.headers === undefined ? {} : headerFields(facts.headers);
  const query = facts.query === undefined || Object.keys(facts.query).length === 0 ? {} : queryFields(facts.query);
  const body = facts.body === undefined ? {} : { body: facts.body };
  return { ...headers, ...query, requestContext, ...body, isBase64Encoded: facts.isBase64Encoded ?? false };
}

function headerFields(headers: Readonly<Record<string, readonly string[]>>) {
  return {
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.join(',')])),
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [...v]])),
  };
}

function queryFields(query: Readonly<Record<string, readonly string[]>>) {
  return {
    queryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[v.length - 1] ?? ''])),
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [...v]])),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime`: `09/Feb/2024:18:11:43 +0000`. */
export function requestTimeOf(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? ''}/${d.getUTCFullYear()}`;
  return `${date}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
