import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RoutePolicy } from '../../ports/router.js';

export type { RouteAuth, RouteBody, RoutePolicy } from '../../ports/router.js';

/** What the server checks every request against. */
export interface GuardConfig {
  /** The port the server listens on: loopback Host headers must name it. */
  readonly port: number;
  /** Extra `Host` values accepted (`name` for any port, or `name:port`), e.g. a tunnel's name. */
  readonly allowedHosts: readonly string[];
  /** The per-process token state-changing calls carry. */
  readonly token: string;
}

/** A refused request: the status and a message naming what was wrong. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly message: string;
}

/** Header carrying the per-process token (`Authorization: Bearer <token>` works too). */
export const TOKEN_HEADER = 'x-statebridge-token';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** True for methods that never change state (they need no token and carry no body). */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/**
 * Check one request before any route sees it: the Host is ours (a DNS-rebinding page sends its own name),
 * a browser request comes from our own origin, a state-changing call has the body type and the token its
 * route asks for. Returns undefined when the request may proceed.
 */
export function checkRequest(request: IncomingMessage, policy: RoutePolicy, config: GuardConfig): Refusal | undefined {
  const method = request.method ?? 'GET';
  const host = request.headers.host;
  if (host === undefined || !hostAllowed(host.toLowerCase(), config)) {
    return refuse(
      403,
      'ForbiddenHost',
      `Host "${host ?? ''}" is not this server: use 127.0.0.1, localhost ` +
        `or [::1] with port ${config.port}, or start with --allow-host`,
    );
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return refuse(
      403,
      'CrossOrigin',
      `Origin "${origin}" is not this server's own (http://${host}): cross-origin browser requests are refused`,
    );
  }
  const site = header(request, 'sec-fetch-site');
  const navigation = header(request, 'sec-fetch-mode') === 'navigate' && isSafeMethod(method);
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation) {
    return refuse(403, 'CrossOrigin', `Sec-Fetch-Site "${site}": requests from other sites are refused`);
  }
  if (isSafeMethod(method)) return undefined;
  const bodyRule = policy.body ?? 'json';
  const type = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (bodyRule === 'json' && !(type === 'application/json' || type.endsWith('+json'))) {
    return refuse(415, 'UnsupportedMediaType', `Content-Type: must be application/json for ${method}, got "${type}"`);
  }
  if (bodyRule === 'no-form' && FORM_TYPES.has(type)) {
    return refuse(
      415,
      'UnsupportedMediaType',
      `Content-Type: ${type} is refused for ${method} (send the protocol's own type, e.g. application/json)`,
    );
  }
  if ((policy.auth ?? 'token') === 'token' && !carriesToken(request, config.token)) {
    return refuse(
      401,
      'MissingToken',
      `${method} needs this process's token in the ${TOKEN_HEADER} ` +
        `header (printed at start, stored beside the database)`,
    );
  }
  return undefined;
}

/** True when the request carries `token` in the token header or as a Bearer credential. */
export function carriesToken(request: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
  const given = header(request, TOKEN_HEADER) ?? bearer;
  return given !== undefined && sameSecret(given, token);
}

/** Compare two secrets in time independent of where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function hostAllowed(host: string, config: GuardConfig): boolean {
  if (LOOPBACK_NAMES.some((name) => host === `${name}:${config.port}`)) return true;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return config.allowedHosts.some((allowed) => {
    const a = allowed.toLowerCase();
    return a === host || a === name;
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refuse(status: number, error: string, message: string): Refusal {
  return { status, error, message };
}
