import type { Json, StepRecord } from '../core/stepRecord.js';
import { redactCustomResource } from './customResource/redact.js';

/** What to hide besides response URLs, which are always shortened. */
export interface RedactionOptions {
  /**
   * Hide every value under a `Data` object. Set it when the instance's custom resource answered with
   * `NoEcho: true`; a record that itself contains `NoEcho: true` turns it on for that record anyway.
   */
  readonly noEcho?: boolean;
  /** Keys whose values are always shown as `****`, wherever they appear (a machine's `meta.redact`). */
  readonly secretKeys?: readonly string[];
}

/** Placeholder for a hidden value. */
export const REDACTED = '****';

const RESPONSE_URL_KEY = /ResponseURL$/i;
const PATH_PREFIX_CHARS = 24;

/**
 * Show a pre-signed response URL as its origin and the start of its path only: the query string holds
 * the signature that lets anyone answer for the stack, so it is never shown.
 * @example
 * redactUrl('https://bucket.s3.amazonaws.com/arn%3Aaws%3Acloudformation/abc?X-Amz-Signature=x');
 * // 'https://bucket.s3.amazonaws.com/arn%3Aaws%3Acloudformation/…redacted…'
 */
export function redactUrl(value: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i.exec(value);
  if (match === null) return '…redacted…';
  const path = match[2] ?? '';
  return `${match[1] ?? ''}${path.slice(0, PATH_PREFIX_CHARS)}…redacted…`;
}

/** True when `value` anywhere holds `NoEcho: true` (or the string `"true"`, as CloudFormation sends it). */
export function containsNoEcho(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsNoEcho);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'NoEcho' && (inner === true || inner === 'true')) return true;
    if (containsNoEcho(inner)) return true;
  }
  return false;
}

/**
 * Redact any JSON value: response URLs shortened, `Data` values hidden under NoEcho, secret keys hidden.
 * Returns a copy; the input is not changed.
 */
export function redactJson(value: Json, options: RedactionOptions = {}): Json {
  const noEcho = options.noEcho === true || containsNoEcho(value);
  const secrets = new Set(options.secretKeys ?? []);
  // The custom-resource rules come first (they know that protocol's fields); the generic walk then
  // shortens what they shortened to this module's one display form and adds declared secrets.
  return walk(redactCustomResource(value, { noEcho }), noEcho, secrets);
}

function walk(value: Json, noEcho: boolean, secrets: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((v) => walk(v, noEcho, secrets));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, inner] of Object.entries(value)) {
    let shown: Json;
    if (secrets.has(key)) shown = REDACTED;
    else if (RESPONSE_URL_KEY.test(key) && typeof inner === 'string') shown = redactUrl(inner);
    else if (key === 'Data' && noEcho && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      shown = Object.fromEntries(Object.keys(inner).map((k) => [k, REDACTED]));
    } else shown = walk(inner, noEcho, secrets);
    // defineProperty, not assignment: a user key named "__proto__" must stay a plain key.
    Object.defineProperty(out, key, { value: shown, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Redact a step record for display; every view (CLI text and JSON, the web page) goes through this.
 * Secret keys are the given ones plus those the record carries (`record.redact`).
 * @example
 * const safe = redactRecord(record, { noEcho: sawNoEchoBefore });
 */
export function redactRecord(record: StepRecord, options: RedactionOptions = {}): StepRecord {
  const noEcho = options.noEcho === true || containsNoEcho(record);
  // The keys the record itself carries count even when the viewer does not know the machine.
  const secretKeys =
    record.redact === undefined ? options.secretKeys : [...(options.secretKeys ?? []), ...record.redact];
  const opts = { ...options, noEcho, ...(secretKeys === undefined ? {} : { secretKeys }) };
  return redactJson(record as unknown as Json, opts) as unknown as StepRecord;
}
