import { isSettledJson } from './sharedJson.js';
import type { Json } from './stepRecord.js';

/** A path into a JSON value: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

// Parts shorter than this (as JSON) are cheaper to repeat than to point at.
export const MIN_SHARED_CHARS = 24;

/**
 * JSON texts of settled values (deep-frozen, never to change): an invocation's input is shared by every
 * step of the instance, so its parts are written out once instead of once per level per step.
 */
const settledTexts = new WeakMap<object, string>();

/** `JSON.stringify(value)`, kept for settled values. */
export function jsonText(value: Json): string {
  if (!isSettledJson(value)) return JSON.stringify(value);
  let text = settledTexts.get(value as object);
  if (text === undefined) {
    text = JSON.stringify(value);
    settledTexts.set(value as object, text);
  }
  return text;
}

/** True when JSON writes `value` member by member: a plain object or array, without toJSON. */
export function writesMembers(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  const plain = Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
  return plain && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * What two parts with the same JSON text have in common, found without writing either out: the number of
 * members and the first key of an object, the length of an array. Parts are compared by text only when
 * their shapes match, so most parts are never written out at all. Undefined for anything JSON writes other
 * than member by member (toJSON, a class instance, a member it leaves out): there the text decides.
 */
export function plainShape(value: object): string | undefined {
  if (!writesMembers(value)) return undefined;
  if (Array.isArray(value)) return `[${value.length}`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) {
    const member = typeof record[key];
    // JSON leaves such members out, so the keys alone no longer tell the text's shape.
    if (member === 'undefined' || member === 'function' || member === 'symbol') return undefined;
  }
  return keys.length === 0 ? '{' : `{${keys.length}:${keys[0]}`;
}

/**
 * How a part that JSON does not write member by member is looked up, with its text: by the string it is
 * written as, or by the shape of what it is written as (`n` for a bare number). Undefined when JSON writes
 * nothing for it.
 */
export function unusualKey(
  value: object,
): { string: string; text: string } | { shape: string; text: string } | undefined {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as Json;
  if (typeof parsed === 'string') return { string: parsed, text };
  if (typeof parsed !== 'object' || parsed === null) return { shape: 'n', text };
  return { shape: plainShape(parsed)!, text };
}
