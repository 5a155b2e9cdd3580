import {
  jsonText,
  MIN_SHARED_CHARS,
  plainShape,
  sameMembers,
  sameText,
  unusualShape,
  writesAtLeast,
  writesMembers,
  type JsonPath,
} from './jsonParts.js';
import type { Json } from './stepRecord.js';

/** A part of the source an object or array could be written the same as; its text is written out only if needed. */
export interface Part {
  readonly path: JsonPath;
  readonly value: Json;
  /** How many keys (an object) or members (an array); -1 for a bare number. */
  readonly size: number;
  /** The keys JSON writes (a plain object), kept so a look-up does not list them again; undefined otherwise. */
  readonly keys: readonly string[] | undefined;
  text: string | undefined;
  /** Whether its text is long enough to point at, once asked: a settled part is asked again at every step. */
  long: boolean | undefined;
}

/**
 * Parts of a value in depth-first order: long strings by themselves (the first wins), objects by their first
 * key, arrays by their length (keys are interned strings, so no key is built to look a part up).
 */
export interface Parts {
  readonly strings: Map<string, JsonPath>;
  /** The length of the shortest of `strings`: a shorter string is not looked up at all. */
  shortest: number;
  readonly shaped: Map<string | number, Part[]>;
}

/** An empty index of parts. */
export const newParts = (): Parts => ({ strings: new Map(), shortest: Infinity, shaped: new Map() });

/** A settled value as a part of the value holding it, with the key it is looked up by (see `Parts.shaped`). */
export interface SelfPart extends Part {
  readonly key: string | number;
}

/** Settled values as parts, each worked out once (null for an empty object or array: too short to share). */
const settledSelves = new WeakMap<object, SelfPart | null>();

/** A settled value as a part at the head of its own segment (path []), undefined when it is empty. */
export function settledSelf(value: Json & object): SelfPart | undefined {
  let self = settledSelves.get(value);
  if (self === undefined) {
    // Settled values are plain JSON, so they always have a plain shape.
    const shape = plainShape(value)!;
    self =
      shape === 0
        ? null
        : typeof shape === 'number'
          ? { path: [], value, size: shape, keys: undefined, text: undefined, long: undefined, key: shape }
          : { path: [], value, size: shape.length, keys: shape, text: undefined, long: undefined, key: shape[0]! };
    settledSelves.set(value, self);
  }
  return self ?? undefined;
}

/**
 * The parts of each settled value below itself: an invocation's input is in every step's context, so it
 * is walked once per instance instead of once per step.
 */
const settledParts = new WeakMap<object, Parts>();

/** The parts below a settled value, indexed on first use. */
export function partsOfSettled(value: Json & object): Parts {
  let parts = settledParts.get(value);
  if (parts === undefined) {
    parts = newParts();
    collectMembers(parts, value, []);
    settledParts.set(value, parts);
  }
  return parts;
}

function collectMembers(parts: Parts, value: Json & object, path: JsonPath): void {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i += 1) collect(parts, value[i]!, [...path, i]);
  else for (const key of Object.keys(value)) collect(parts, value[key]!, [...path, key]);
}

function collect(parts: Parts, value: Json, path: JsonPath): void {
  remember(parts, value, path);
  if (typeof value === 'object' && value !== null && writesMembers(value)) collectMembers(parts, value, path);
}

/** Add `value` at `path` to `parts`, if it is a part that could be pointed at. */
export function remember(parts: Parts, value: Json, path: JsonPath): void {
  if (typeof value === 'string') {
    if (value.length >= MIN_SHARED_CHARS) addString(parts, value, path);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const shape = plainShape(value);
  if (shape !== undefined) return addPart(parts, shape, path, value, undefined);
  rememberUnusual(parts, value, path);
}

/** Add a plain object or array whose `plainShape` is known. */
export const rememberShaped = (parts: Parts, value: Json, shape: readonly string[] | number, path: JsonPath): void =>
  addPart(parts, shape, path, value, undefined);

/** Add what JSON does not write member by member (toJSON, a class instance, a member it leaves out), by its text. */
export function rememberUnusual(parts: Parts, value: Json & object, path: JsonPath): void {
  const unusual = unusualShape(value);
  if (unusual === undefined || unusual.text.length < MIN_SHARED_CHARS) return;
  if ('string' in unusual) {
    addString(parts, unusual.string, path);
  } else addPart(parts, unusual.shape, path, value, unusual.text);
}

function addString(parts: Parts, value: string, path: JsonPath): void {
  if (parts.strings.has(value)) return;
  parts.strings.set(value, path);
  parts.shortest = Math.min(parts.shortest, value.length);
}

function addPart(
  parts: Parts,
  shape: readonly string[] | number,
  path: JsonPath,
  value: Json,
  text: string | undefined,
): void {
  // An empty object or array is too short to share.
  if (shape === 0) return;
  const key = typeof shape === 'number' ? shape : shape[0]!;
  // An unusual part's shape is its text's, not its own keys': it is compared by its text.
  const keys = text !== undefined || typeof shape === 'number' ? undefined : shape;
  const part: Part = {
    path,
    value,
    size: typeof shape === 'number' ? shape : shape.length,
    keys,
    text,
    long: undefined,
  };
  const same = parts.shaped.get(key);
  if (same === undefined) parts.shaped.set(key, [part]);
  else same.push(part);
}

/** A part's JSON text, written out once. */
export const textOf = (part: Part): string => (part.text ??= jsonText(part.value));

/** True when a part's text is long enough to point at, measured once and only as far as needed. */
export const isLong = (part: Part): boolean => (part.long ??= writesAtLeast(part.value, MIN_SHARED_CHARS));

/**
 * True when JSON writes `part` as it writes `value`: by `value`'s text when it is unusual, else by walking both,
 * with the keys of each as already listed where they are plain objects.
 */
export function writtenAlike(
  part: Part,
  value: Json & object,
  keys: readonly string[] | undefined,
  text: string | undefined,
): boolean {
  if (text !== undefined) return textOf(part) === text;
  if (keys !== undefined && part.keys !== undefined) return sameMembers(part.value as object, part.keys, value, keys);
  return sameText(part.value, value);
}
