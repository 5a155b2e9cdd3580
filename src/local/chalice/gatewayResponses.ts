import type { ProxyResult } from '../../app/chalice/http/proxyEvent.js';

/** What the gateway answers: status, header pairs (a header may repeat) and the body bytes. */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/** An answer API Gateway gives itself (`{"message": ...}`), with its error type header. */
export function gatewayError(
  statusCode: number,
  errorType: string,
  body: unknown,
  requestId: string,
  extra: readonly (readonly [string, string])[] = [],
): GatewayResponse {
  return jsonResponse(statusCode, body, requestId, [['x-amzn-ErrorType', errorType], ...extra]);
}

/** A Chalice-style `{ Code, Message }` answer. */
export function chaliceError(
  statusCode: number,
  code: string,
  message: string,
  requestId: string,
  extra: readonly (readonly [string, string])[] = [],
): GatewayResponse {
  return jsonResponse(statusCode, { Code: code, Message: message }, requestId, extra);
}

/** A JSON answer with the request id, then any further headers. */
function jsonResponse(
  statusCode: number,
  body: unknown,
  requestId: string,
  headers: readonly (readonly [string, string])[],
): GatewayResponse {
  return {
    statusCode,
    headers: [['Content-Type', 'application/json'], ['x-amzn-RequestId', requestId], ...headers],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/**
 * The HTTP answer of a function's proxy result, or a 502 as API Gateway gives for a malformed one
 * (no integer status, a body that is not a string).
 */
export function responseOfResult(result: unknown, requestId: string): GatewayResponse {
  const r = result as Partial<ProxyResult> | null;
  const status = r?.statusCode;
  if (
    typeof status !== 'number' ||
    !Number.isInteger(status) ||
    status < 100 ||
    status > 599 ||
    (r?.body !== undefined && r.body !== null && typeof r.body !== 'string')
  )
    return gatewayError(502, 'InternalServerErrorException', { message: 'Internal server error' }, requestId);
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(r?.headers ?? {})) pairs.push([name, String(value)]);
  for (const [name, values] of Object.entries(r?.multiValueHeaders ?? {}))
    for (const value of [values].flat()) pairs.push([name, String(value)]);
  if (!pairs.some(([name]) => name.toLowerCase() === 'content-type')) pairs.push(['Content-Type', 'application/json']);
  pairs.push(['x-amzn-RequestId', requestId]);
  const text = r?.body ?? '';
  const body = r?.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode: status, headers: pairs, body };
}
