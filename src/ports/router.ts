import type { IncomingMessage, ServerResponse } from 'node:http';

/** Who may call a route: anyone on the loopback (`none`), holders of the process token, or the route checks itself. */
export type RouteAuth = 'none' | 'token' | 'self';

/**
 * Which request bodies a route takes. `json`: `application/json` only. `no-form`: anything a browser could
 * not send cross-origin without asking first (text/plain, form and multipart bodies are refused) — for wire
 * protocols that send their own content type (the Invoke API's SDKs). `any`: the route decides.
 */
export type RouteBody = 'json' | 'no-form' | 'any';

/** The checks of one route; reads default to `none`/`any`, state-changing methods to `token`/`json`. */
export interface RoutePolicy {
  readonly auth?: RouteAuth;
  readonly body?: RouteBody;
}

/** Handles one request; returns false to let the next route try. */
export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<boolean | void> | boolean | void;

/** Where features mount their HTTP routes: the local server on one machine. */
export interface Router {
  /** The per-process token: `x-statebridge-token: <token>` on state-changing calls. */
  readonly token: string;
  /** The key routes sign their presigned-style URLs with. */
  readonly urlKey: string;
  /**
   * Mount `handler` for `method` (or `*`) on paths starting with `prefix`; longer prefixes win, GET routes answer
   * HEAD too, and every request is checked against `policy` first.
   */
  route(method: string, prefix: string, handler: RouteHandler, policy?: RoutePolicy): this;
  /** The address the routes are served on, once listening. */
  baseUrl(): string;
}
