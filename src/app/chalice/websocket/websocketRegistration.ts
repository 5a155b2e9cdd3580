import { ValidationError } from '../../../core/errors.js';
import type { Json } from '../../../core/stepRecord.js';
import { websocketProxyEventSchema, type WebsocketRouteKey } from '../../../protocol/websocket/websocketProxyEvent.js';
import { parseInput } from '../../../protocol/validate.js';
import { Response } from '../http/httpValues.js';
import type { FunctionSettings, RawHandler, RegistrationDraft, SourceRegistration } from '../registration.js';
import type { WebsocketApi } from './websocketApi.js';
import { WebsocketEvent } from './websocketEvent.js';

/** The registration method of each websocket route, for messages. */
export const WEBSOCKET_METHODS: Readonly<Record<WebsocketRouteKey, string>> = {
  $connect: 'app.onWsConnect',
  $default: 'app.onWsMessage',
  $disconnect: 'app.onWsDisconnect',
};

/** A websocket handler: gets the event; may return a `Response` or `{ statusCode }` (default 200). */
export type WebsocketHandler = (event: WebsocketEvent) => unknown;

/**
 * The raw handler of a websocket route: validates the proxy event, wraps it, and answers as Chalice's
 * websocket handler does (`{ statusCode: 200 }` unless the handler returned a status of its own).
 */
export function websocketRun(handler: WebsocketHandler): RawHandler {
  return async (event, context) => {
    const raw = parseInput(websocketProxyEventSchema, event, 'websocket event');
    return websocketAnswerOf(await handler(new WebsocketEvent(raw, context)));
  };
}

/** `app.onWsConnect` / `onWsMessage` / `onWsDisconnect`: one websocket route of the app's API. */
export function websocketRegistration(
  routeKey: WebsocketRouteKey,
  place: string,
  handler: WebsocketHandler,
  settings: FunctionSettings,
): SourceRegistration {
  const source = { kind: 'websocket' as const, routeKey };
  return { source, handler, settings: websocketSettings(routeKey, place, settings), run: websocketRun(handler) };
}

/** What a websocket route answers API Gateway, from what its handler returned. */
export function websocketAnswerOf(result: unknown): Json {
  if (result instanceof Response) {
    const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body ?? null);
    const headers: Record<string, Json> = {};
    for (const [name, value] of Object.entries(result.headers))
      headers[name] = typeof value === 'string' ? value : [...value];
    return { statusCode: result.statusCode, headers, body };
  }
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    const answer = JSON.parse(JSON.stringify(result)) as Record<string, Json>;
    return 'statusCode' in answer ? answer : { statusCode: 200, ...answer };
  }
  return { statusCode: 200 };
}

/**
 * API Gateway invokes `$connect` synchronously and its answer decides the upgrade, so a connect handler
 * takes no asynchronous retries: a retried connect would answer a client that is no longer waiting.
 */
export function websocketSettings(
  routeKey: WebsocketRouteKey,
  place: string,
  settings: FunctionSettings,
): FunctionSettings {
  if (routeKey !== '$connect') return settings;
  if (settings.maximumRetryAttempts !== undefined && settings.maximumRetryAttempts !== 0)
    throw new ValidationError(place, [
      {
        path: 'maximumRetryAttempts',
        rule: 'must be 0 for a websocket connect handler (its answer decides the upgrade)',
      },
    ]);
  return { ...settings, maximumRetryAttempts: 0 };
}

/** Chalice allows one handler per websocket route; a second is refused naming where the first was made. */
export function checkOneWebsocketHandler(
  taken: readonly { readonly source: RegistrationDraft['source']; readonly place: string }[],
  draft: RegistrationDraft,
): void {
  const source = draft.source;
  if (source.kind !== 'websocket') return;
  const first = taken.find((r) => r.source.kind === 'websocket' && r.source.routeKey === source.routeKey);
  if (first === undefined) return;
  throw new ValidationError(draft.place, [
    {
      path: 'handler',
      rule: `an app has one ${WEBSOCKET_METHODS[source.routeKey]} handler; ${first.place} registered it already`,
    },
  ]);
}

/** As Chalice's websocket handler: fix `app.websocketApi`'s endpoint from the event before the handler runs. */
export function configuringApi(api: WebsocketApi, run: RawHandler): RawHandler {
  return (event, context) => {
    const where = (event as { requestContext?: { domainName?: unknown; stage?: unknown } } | null)?.requestContext;
    if (typeof where?.domainName === 'string' && typeof where.stage === 'string')
      api.configure(where.domainName, where.stage);
    return run(event, context);
  };
}
