import { createHash, createHmac } from 'node:crypto';
import { sameSecret } from '../../adapters/http/requestGuard.js';

/** What signs the requests of one ROS `web:` service token (its `HttpConfig`). */
export interface RosSigning {
  /** `HttpConfig.SignKey`, 1–128 characters. */
  readonly signKey: string;
  /** `HttpConfig.ContentType`; default `application/json`. */
  readonly contentType?: string;
  /** `HttpConfig.Headers`, signed as `key:value` lines in key order. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The URL of the ServiceToken as written in the template; default: what this server was called as. */
  readonly serviceUrl?: string;
}

/** The `Signature` member ROS adds to a request body when `HttpConfig.SignKey` is set. */
interface RosSignatureField {
  /** UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
  readonly Date: string;
  /** Hex SHA-1 HMAC of the string to sign. */
  readonly Value: string;
}

/** How far a signature's Date may be from now: it limits how long a captured request can be replayed. */
const ROS_SIGNATURE_MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * The request body as ROS hashes it: JSON with sorted keys, non-ASCII escaped, and Python's default
 * separators (`", "` and `": "`), since ROS describes it as `json.dumps(sort_keys=True, ensure_ascii=True)`.
 */
export function rosCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(rosCanonicalJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${asciiString(k)}: ${rosCanonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(', ')}}`;
  }
  if (typeof value === 'string') return asciiString(value);
  return JSON.stringify(value) ?? 'null';
}

/**
 * The string ROS signs: `POST`, the content type, the MD5 of the canonical body without `Signature`, the
 * Date, each configured header as `key:value` in key order, and the ServiceToken URL, joined by newlines.
 */
function rosStringToSign(
  body: Readonly<Record<string, unknown>>,
  date: string,
  signing: RosSigning,
  url: string,
): string {
  const { Signature: _ignored, ...unsigned } = body;
  const md5 = createHash('md5').update(rosCanonicalJson(unsigned), 'utf8').digest('hex');
  const headers = Object.keys(signing.headers ?? {})
    .sort()
    .map((k) => `${k}:${signing.headers?.[k] ?? ''}`);
  return ['POST', signing.contentType ?? 'application/json', md5, date, ...headers, signing.serviceUrl ?? url].join(
    '\n',
  );
}

/**
 * Sign a request body as ROS does (the stack simulator uses it; tests play ROS with it).
 * @example
 * const body = { ...request, Signature: signRosRequest(request, { signKey: 'k' }, url, Date.now()) };
 */
export function signRosRequest(
  body: Readonly<Record<string, unknown>>,
  signing: RosSigning,
  url: string,
  now: number,
): RosSignatureField {
  const date = `${new Date(now).toISOString().slice(0, 19)}Z`;
  return { Date: date, Value: hmac(signing.signKey, rosStringToSign(body, date, signing, url)) };
}

/** Check a request's `Signature`; returns why it is refused, or undefined when it is genuine and fresh. */
export function rosSignatureProblem(
  body: Readonly<Record<string, unknown>>,
  signing: RosSigning,
  url: string,
  now: number,
): string | undefined {
  const signature = body['Signature'] as Partial<RosSignatureField> | undefined;
  if (signature === undefined || signature === null || typeof signature !== 'object')
    return 'Signature: required, this handler has a SignKey';
  if (typeof signature.Date !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(signature.Date))
    return 'Signature.Date: must be a UTC time as yyyy-MM-ddTHH:mm:ssZ';
  if (typeof signature.Value !== 'string') return 'Signature.Value: must be a string';
  if (Math.abs(Date.parse(signature.Date) - now) > ROS_SIGNATURE_MAX_SKEW_MS)
    return `Signature.Date: must be within ${ROS_SIGNATURE_MAX_SKEW_MS / 60_000} minutes of now`;
  const expected = hmac(signing.signKey, rosStringToSign(body, signature.Date, signing, url));
  return sameSecret(signature.Value.toLowerCase(), expected)
    ? undefined
    : 'Signature.Value: does not match the SignKey';
}

function hmac(key: string, text: string): string {
  return createHmac('sha1', key).update(text, 'utf8').digest('hex');
}

function asciiString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
