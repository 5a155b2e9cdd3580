import type { Json } from './stepRecord.js';

/**
 * A change from one JSON object to the next: keys set to new values (`=`), keys removed (`-`) and keys
 * whose object value changed in part (`~`, a nested patch). Lean records store a context as a patch
 * against the previous step's, so a context that barely changes costs a few bytes per step.
 */
export interface JsonPatch {
  readonly '='?: { readonly [key: string]: Json };
  readonly '-'?: readonly string[];
  readonly '~'?: { readonly [key: string]: JsonPatch };
}

export type JsonObject = { readonly [key: string]: Json };

/** A JSON object (not an array, not null). */
export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of two JSON values (key order ignored: equal data). */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // Plain loops rather than `every`: a context is compared with the one before it at every step.
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    // As `every` did, a hole in `a` is not compared.
    for (let i = 0; i < a.length; i += 1) if (i in a && !sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !sameJson(a[key], b[key])) return false;
  return true;
}

/**
 * The patch that turns `before` into `after`, or undefined when they are equal. Only objects whose keys
 * keep their order (kept keys in place, new keys at the end) are patched; anything else is replaced
 * whole, so applying the patch reproduces `after` byte for byte when serialised.
 */
export function diffObject(before: JsonObject, after: JsonObject): JsonPatch | undefined {
  const beforeKeys = Object.keys(before);
  const afterKeys = Object.keys(after);
  if (!keepsOrder(beforeKeys, after, afterKeys, before)) return undefined;
  let set: Record<string, Json> | undefined;
  let nested: Record<string, JsonPatch> | undefined;
  let removed: string[] | undefined;
  for (const key of beforeKeys) if (!Object.hasOwn(after, key)) (removed ??= []).push(key);
  for (const key of afterKeys) {
    const next = after[key]!;
    const previous = Object.hasOwn(before, key) ? before[key] : undefined;
    if (previous !== undefined && sameJson(previous, next)) continue;
    const inner = isObject(previous) && isObject(next) ? diffObject(previous, next) : undefined;
    if (inner === undefined) setOwn((set ??= {}), key, next);
    else setOwn((nested ??= {}), key, inner);
  }
  if (set === undefined && removed === undefined && nested === undefined) return EMPTY;
  const patch: { '='?: Record<string, Json>; '-'?: string[]; '~'?: Record<string, JsonPatch> } = {};
  if (set !== undefined) patch['='] = set;
  if (removed !== undefined) patch['-'] = removed;
  if (nested !== undefined) patch['~'] = nested;
  return patch;
}

const EMPTY: JsonPatch = Object.freeze({});

/** Apply a patch made by `diffObject`; returns a new object and leaves `before` as it was. */
export function applyPatch(before: JsonObject, patch: JsonPatch): JsonObject {
  // Most patches only set keys: nothing is made for the parts a patch does not have.
  const set = patch['='];
  const nested = patch['~'];
  const removed = patch['-'] === undefined ? undefined : new Set(patch['-']);
  const out: Record<string, Json> = {};
  for (const key of Object.keys(before)) {
    if (removed?.has(key) === true) continue;
    let value = before[key]!;
    if (set !== undefined && Object.hasOwn(set, key)) value = set[key]!;
    else if (nested !== undefined && Object.hasOwn(nested, key) && nested[key] !== undefined && isObject(value)) {
      value = applyPatch(value, nested[key]);
    }
    setOwn(out, key, value);
  }
  if (set !== undefined)
    for (const key of Object.keys(set)) if (!Object.hasOwn(before, key)) setOwn(out, key, set[key]!);
  return out;
}

/** Kept keys in their old order and new keys after them: the order `{ ...before, added }` produces. */
function keepsOrder(
  beforeKeys: readonly string[],
  after: JsonObject,
  afterKeys: readonly string[],
  before: JsonObject,
): boolean {
  let i = 0;
  for (const key of beforeKeys) {
    if (!Object.hasOwn(after, key)) continue;
    if (afterKeys[i] !== key) return false;
    i += 1;
  }
  for (; i < afterKeys.length; i += 1) if (Object.hasOwn(before, afterKeys[i]!)) return false;
  return true;
}

/** Assign without invoking the `__proto__` setter, which JSON data may carry as an ordinary key. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
