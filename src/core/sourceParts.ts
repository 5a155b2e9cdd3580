import { jsonText, MIN_SHARED_CHARS, plainShape, unusualShape, writesMembers, type JsonPath } from './jsonParts.js';
import type { Json } from './stepRecord.js';

/** A part of the source an object or array could be written the same as; its text is written out only if needed. */
export interface Part {
  readonly path: JsonPath;
  readonly value: Json;
  /** How many keys (an object) or members (an array); -1 for a bare number. */
  readonly size: number;
  text: string | undefined;
}

/**
 * Parts of a value in depth-first order: long strings by themselves (the first wins), objects by their first
 * key, arrays by their length (keys are interned strings, so no key is built to look a part up).
 */
export interface Parts {
  readonly strings: Map<string, JsonPath>;
  readonly shaped: Map<string | number, Part[]>;
}

/** An empty index of parts. */
export const newParts = (): Parts => ({ strings: new Map(), shaped: new Map() });

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
    if (value.length >= MIN_SHARED_CHARS && !parts.strings.has(value)) parts.strings.set(value, path);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const shape = plainShape(value);
  if (shape !== undefined) return addPart(parts, shape, path, value, undefined);
  const unusual = unusualShape(value);
  if (unusual === undefined || unusual.text.length < MIN_SHARED_CHARS) return;
  if ('string' in unusual) {
    if (!parts.strings.has(unusual.string)) parts.strings.set(unusual.string, path);
  } else addPart(parts, unusual.shape, path, value, unusual.text);
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
  const part: Part = { path, value, size: typeof shape === 'number' ? shape : shape.length, text };
  const same = parts.shaped.get(key);
  if (same === undefined) parts.shaped.set(key, [part]);
  else same.push(part);
}

/** A part's JSON text, written out once. */
export const textOf = (part: Part): string => (part.text ??= jsonText(part.value));
