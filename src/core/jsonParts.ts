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
 * What two parts written the same have in common, found without writing either out: an object's keys (the
 * first and how many tell most parts apart), an array's length. 0 for an empty object or array (too short to
 * share). Undefined for anything JSON writes other than member by member (toJSON, a class instance, a member
 * it leaves out): there the text decides.
 */
export function plainShape(value: object): readonly string[] | number | undefined {
  if (!writesMembers(value)) return undefined;
  if (Array.isArray(value)) return value.length;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) {
    const member = typeof record[key];
    // JSON leaves such members out, so the keys alone no longer tell the text's shape.
    if (member === 'undefined' || member === 'function' || member === 'symbol') return undefined;
  }
  return keys.length === 0 ? 0 : keys;
}

/**
 * How a part that JSON does not write member by member is looked up, with its text: by the string it is
 * written as, or by the shape of what it is written as (-1 for a bare number). Undefined when JSON writes
 * nothing for it.
 */
export function unusualShape(
  value: object,
): { string: string; text: string } | { shape: readonly string[] | number; text: string } | undefined {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as Json;
  if (typeof parsed === 'string') return { string: parsed, text };
  if (typeof parsed !== 'object' || parsed === null) return { shape: -1, text };
  return { shape: plainShape(parsed)!, text };
}

/** True when JSON writes `a` and `b` the same, found by walking both rather than writing them out. */
export function sameText(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const scalarA = isScalar(a);
  const scalarB = isScalar(b);
  // Two different scalars are written differently, but for the numbers JSON cannot write, written as null.
  if (scalarA && scalarB) return writesNull(a) && writesNull(b);
  const membersA = typeof a === 'object' && a !== null && writesMembers(a);
  const membersB = typeof b === 'object' && b !== null && writesMembers(b);
  if (membersA && membersB) {
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i += 1) if (!sameText(inArray(a[i]), inArray(b[i]))) return false;
      return true;
    }
    return sameMembers(a, writtenKeys(a as Record<string, unknown>), b, writtenKeys(b as Record<string, unknown>));
  }
  // An object or array written member by member starts with `{` or `[`, which no scalar does.
  if ((membersA && scalarB) || (scalarA && membersB)) return false;
  // Anything else (a Date, toJSON, undefined): what JSON writes decides.
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `sameText` of two objects JSON writes member by member, given the keys of the members it writes of each (as
 * `plainShape` lists them), so a caller that knows them does not list them again.
 */
export function sameMembers(a: object, keysA: readonly string[], b: object, keysB: readonly string[]): boolean {
  if (a === b) return true;
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i += 1) {
    const key = keysA[i]!;
    if (key !== keysB[i]) return false;
    if (!sameText((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The keys of the members JSON writes, in order: it leaves out undefined, functions and symbols. */
function writtenKeys(record: Record<string, unknown>): readonly string[] {
  const keys = Object.keys(record);
  for (const key of keys) if (isLeftOut(record[key])) return keys.filter((kept) => !isLeftOut(record[kept]));
  return keys;
}

const isLeftOut = (member: unknown): boolean =>
  member === undefined || typeof member === 'function' || typeof member === 'symbol';

/**
 * True when JSON writes `value` in at least `chars` characters, found by adding up its smallest possible
 * length and stopping once it is reached, so a long value is not written out to learn that it is long.
 */
export function writesAtLeast(value: unknown, chars: number): boolean {
  measured.exact = true;
  if (leastLength(value, chars) >= chars) return true;
  // Below the bound escapes may still make up the difference: a short value with any is written out to be sure.
  return !measured.exact && ((JSON.stringify(value) as string | undefined)?.length ?? 0) >= chars;
}

/** Whether the last `leastLength` was the length itself: no string in it had a character JSON escapes. */
const measured = { exact: true };

/** Characters JSON writes as escapes (a lone surrogate among them: a paired one is taken for one here too). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A lower bound of the length of `value`'s JSON, worked out until it reaches `enough`; exact where it is cheap. */
function leastLength(value: unknown, enough: number): number {
  if (typeof value === 'string') {
    if (value.length + 2 < enough && ESCAPED.test(value)) measured.exact = false;
    return value.length + 2;
  }
  // Scalars as JSON writes them, without writing them: a finite number as its string, anything else as null.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value === null) return 4;
  if (typeof value === 'object') {
    const shape = plainShape(value);
    if (shape !== undefined) {
      let length = 2;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length && length < enough; i += 1) {
          length += (i > 0 ? 1 : 0) + leastLength(inArray(value[i]), enough - length);
        }
        return length;
      }
      const keys = shape === 0 ? [] : (shape as readonly string[]);
      for (let i = 0; i < keys.length && length < enough; i += 1) {
        const key = keys[i]!;
        const member = (value as Record<string, unknown>)[key];
        if (key.length + 3 < enough - length && ESCAPED.test(key)) measured.exact = false;
        length += (i > 0 ? 1 : 0) + key.length + 3 + leastLength(member, enough - length);
      }
      return length;
    }
  }
  return (JSON.stringify(value) as string | undefined)?.length ?? 0;
}

/** A value JSON writes by itself, with no toJSON to ask: null, a string, a number or a boolean. */
const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const writesNull = (value: string | number | boolean | null): boolean =>
  value === null || (typeof value === 'number' && !Number.isFinite(value));

/** An array member as JSON writes it: what it cannot write becomes null. */
const inArray = (member: unknown): unknown => (isLeftOut(member) ? null : member);
