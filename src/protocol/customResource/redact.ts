import type { Json, StepRecord } from '../../core/stepRecord.js';

/** What a hidden value reads as. */
export const HIDDEN = '****';
const URL_KEY = /responseurl$/i;

/**
 * Show a presigned response URL without its signature: scheme, host and the first part of the path.
 * The query string is what lets anyone answer for the stack, so it never appears.
 * @example
 * redactResponseUrl('https://b.s3.amazonaws.com/x?X-Amz-Signature=abc'); // 'https://b.s3.amazonaws.com/x?…'
 */
export function redactResponseUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i.exec(url);
  if (match === null) return '…';
  return `${match[1] ?? ''}${(match[2] ?? '').slice(0, 32)}?…`;
}

/** True when `value` holds `NoEcho: true` (or `"true"`) anywhere. */
export function mentionsNoEcho(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(mentionsNoEcho);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => (k === 'NoEcho' && (v === true || v === 'true')) || mentionsNoEcho(v));
}

function hide(value: Json, noEcho: boolean): Json {
  if (Array.isArray(value)) return value.map((v) => hide(v, noEcho));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (URL_KEY.test(key) && typeof inner === 'string') out[key] = redactResponseUrl(inner);
    else if (key === 'Data' && noEcho && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      out[key] = Object.fromEntries(Object.keys(inner).map((k) => [k, HIDDEN]));
    } else out[key] = hide(inner, noEcho);
  }
  return out;
}

/**
 * Redact a custom-resource step record for display or logs: every `*ResponseURL` field (and the
 * machine's `responseUrl`) loses its signature; when the request answered with NoEcho (`noEcho`, or
 * `NoEcho: true` anywhere in the record) every `Data` value becomes `****`. The decided body lives in
 * the record as an object (`context.response`), not a string, precisely so this walk can reach it.
 * @example
 * const safe = redactCustomResource(record, { noEcho: true });
 */
export function redactCustomResource<T extends StepRecord | Json>(record: T, options: { noEcho?: boolean } = {}): T {
  const noEcho = options.noEcho === true || mentionsNoEcho(record);
  return hide(record as Json, noEcho) as T;
}
