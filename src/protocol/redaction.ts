import type { Json, StepRecord } from '../core/stepRecord.js';

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

// Any case: `ResponseURL`, `InnerResponseURL`, `IntranetResponseURL` (ROS), the machine's `responseUrl`.
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
 * The rules one walk applies. The custom-resource ones are response URLs (always shortened) and NoEcho
 * (`hideData`, decided by the caller once per record, so the walk never scans for it again).
 */
interface WalkRules {
  readonly hideData: boolean;
  readonly secrets: ReadonlySet<string>;
}

function walk(value: Json, rules: WalkRules): Json {
  if (Array.isArray(value)) return value.map((v) => walk(v, rules));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, inner] of Object.entries(value)) {
    let shown: Json;
    if (rules.secrets.has(key)) shown = REDACTED;
    else if (RESPONSE_URL_KEY.test(key) && typeof inner === 'string') shown = redactUrl(inner);
    else if (key === 'Data' && rules.hideData && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      shown = Object.fromEntries(Object.keys(inner).map((k) => [k, REDACTED]));
    } else shown = walk(inner, rules);
    // defineProperty, not assignment: a user key named "__proto__" must stay a plain key.
    Object.defineProperty(out, key, { value: shown, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const NO_SECRETS: ReadonlySet<string> = new Set();
const secretSet = (keys: readonly string[] | undefined) => (keys === undefined ? NO_SECRETS : new Set(keys));

/**
 * Redact any JSON value: response URLs shortened, `Data` values hidden under NoEcho, secret keys hidden.
 * Returns a copy; the input is not changed.
 */
export function redactJson(value: Json, options: RedactionOptions = {}): Json {
  const hideData = options.noEcho === true || containsNoEcho(value);
  return walk(value, { hideData, secrets: secretSet(options.secretKeys) });
}

/**
 * Redact a step record and say whether NoEcho applied to it, so a viewer can keep NoEcho on for the rest
 * of the stream without scanning the record a second time. Secret keys are the given ones plus those the
 * record carries (`record.redact`): they count even when the viewer does not know the machine.
 */
export function redactRecordNoting(
  record: StepRecord,
  options: RedactionOptions = {},
): { readonly record: StepRecord; readonly noEcho: boolean } {
  const noEcho = options.noEcho === true || containsNoEcho(record);
  const secrets = secretSet(
    record.redact === undefined ? options.secretKeys : [...(options.secretKeys ?? []), ...record.redact],
  );
  return { record: walk(record as unknown as Json, { hideData: noEcho, secrets }) as unknown as StepRecord, noEcho };
}

/**
 * Redact a step record for display; every view (CLI text and JSON, the web page) goes through this.
 * @example
 * const safe = redactRecord(record, { noEcho: sawNoEchoBefore });
 */
export function redactRecord(record: StepRecord, options: RedactionOptions = {}): StepRecord {
  return redactRecordNoting(record, options).record;
}

/**
 * Redact a custom-resource step record (or any part of one) for display or logs: the same walk with the
 * custom-resource rules only. Every `*ResponseURL` field (and the machine's `responseUrl`) loses its
 * signature; when the request answered with NoEcho (`noEcho`, or `NoEcho: true` anywhere in the value)
 * every `Data` value becomes `****`. The decided body lives in the record as an object
 * (`context.response`), not a string, precisely so this walk can reach it.
 * @example
 * const safe = redactCustomResource(record, { noEcho: true });
 */
export function redactCustomResource<T extends StepRecord | Json>(record: T, options: { noEcho?: boolean } = {}): T {
  return redactJson(record as Json, { noEcho: options.noEcho === true }) as T;
}
