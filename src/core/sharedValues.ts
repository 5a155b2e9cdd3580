import { jsonText, MIN_SHARED_CHARS, plainShape, unusualKey, writesMembers, type JsonPath } from './jsonParts.js';
import { setOwn } from './jsonPatch.js';
import { isSettledJson } from './sharedJson.js';
import type { Json } from './stepRecord.js';

/** A part left out because the source holds the same data: `[where in the value, where in the source]`. */
export type SharedRef = readonly [JsonPath, JsonPath];

/** A part of the source an object or array could be written the same as; its text is written out when compared. */
interface Part {
  readonly path: JsonPath;
  readonly value: Json;
  text: string | undefined;
}

/** Parts of a value in depth-first order: long strings by themselves (the first wins), the rest by shape. */
interface Parts {
  readonly strings: Map<string, JsonPath>;
  readonly shapes: Map<string, Part[]>;
}

/** A run of the source's parts in depth-first order; their paths are relative to `prefix`. */
interface Segment {
  readonly parts: Parts;
  readonly prefix: JsonPath;
}

const newParts = (): Parts => ({ strings: new Map(), shapes: new Map() });

/**
 * The parts of each settled value below itself: an invocation's input is in every step's context, so it
 * is walked once per instance instead of once per step.
 */
const settledParts = new WeakMap<object, Parts>();

function partsOfSettled(value: Json & object): Parts {
  let parts = settledParts.get(value);
  if (parts === undefined) {
    const found = newParts();
    const collect = (part: Json, path: JsonPath): void => {
      remember(found, part, path);
      if (typeof part === 'object' && part !== null) forEachMember(part, path, collect);
    };
    forEachMember(value, [], collect);
    settledParts.set(value, (parts = found));
  }
  return parts;
}

function forEachMember(value: Json & object, path: JsonPath, visit: (part: Json, path: JsonPath) => void): void {
  if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]));
  else for (const key of Object.keys(value)) visit(value[key]!, [...path, key]);
}

function remember(parts: Parts, value: Json, path: JsonPath): void {
  if (typeof value === 'string') {
    if (value.length >= MIN_SHARED_CHARS && !parts.strings.has(value)) parts.strings.set(value, path);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const shape = plainShape(value);
  if (shape !== undefined) return addPart(parts, shape, { path, value, text: undefined });
  const unusual = unusualKey(value);
  if (unusual === undefined || unusual.text.length < MIN_SHARED_CHARS) return;
  if ('string' in unusual) {
    if (!parts.strings.has(unusual.string)) parts.strings.set(unusual.string, path);
  } else addPart(parts, unusual.shape, { path, value, text: unusual.text });
}

function addPart(parts: Parts, shape: string, part: Part): void {
  const same = parts.shapes.get(shape);
  if (same === undefined) parts.shapes.set(shape, [part]);
  else same.push(part);
}

const textOf = (part: Part): string => (part.text ??= jsonText(part.value));

/** What `find` answers for a part too short to point at: neither it nor anything inside it is looked up. */
const SHORT = 'short';

/**
 * Every part of `source` worth pointing at (24 characters of JSON or more); where several are written the
 * same, the first in depth-first order. Settled parts are looked up in their own index, built once per
 * value, and parts are written out only to compare them with a part of the same shape, so a step costs what
 * its changing parts cost.
 */
export class SharedIndex {
  private readonly segments: Segment[] = [];
  private local: Parts | undefined;

  constructor(readonly source: Json) {
    if (typeof source === 'string') this.remember(source, []);
    else if (typeof source === 'object' && source !== null && writesMembers(source)) this.visitMembers(source, []);
  }

  private visitMembers(value: Json & object, path: JsonPath): void {
    if (isSettledJson(value)) {
      this.segments.push({ parts: partsOfSettled(value), prefix: path });
      this.local = undefined;
    } else forEachMember(value, path, (part, at) => this.visit(part, at));
  }

  private visit(value: Json, path: JsonPath): void {
    this.remember(value, path);
    // Inside what JSON does not write member by member, a path would point at nothing once stored.
    if (typeof value === 'object' && value !== null && writesMembers(value)) this.visitMembers(value, path);
  }

  private remember(value: Json, path: JsonPath): void {
    if (this.local === undefined) {
      this.local = newParts();
      this.segments.push({ parts: this.local, prefix: [] });
    }
    remember(this.local, value, path);
  }

  /** Where the source holds `value`'s text, SHORT when that text is too short to point at, else undefined. */
  private find(value: string | (Json & object)): JsonPath | typeof SHORT | undefined {
    let shape: string | undefined;
    let text: string | undefined;
    if (typeof value === 'string') return this.findString(value);
    shape = plainShape(value);
    if (shape === undefined) {
      const unusual = unusualKey(value);
      if (unusual === undefined) return undefined;
      if (unusual.text.length < MIN_SHARED_CHARS) return SHORT;
      if ('string' in unusual) return this.findString(unusual.string);
      ({ shape, text } = unusual);
    }
    for (const { parts, prefix } of this.segments) {
      for (const part of parts.shapes.get(shape) ?? []) {
        if (text === undefined) {
          text = part.value === value ? textOf(part) : jsonText(value);
          if (text.length < MIN_SHARED_CHARS) return SHORT;
        }
        if (part.value === value || textOf(part) === text) return joinPath(prefix, part.path);
      }
    }
    return undefined;
  }

  private findString(value: string): JsonPath | undefined {
    for (const { parts, prefix } of this.segments) {
      const path = parts.strings.get(value);
      if (path !== undefined) return joinPath(prefix, path);
    }
    return undefined;
  }

  /**
   * `value` with every part that the source also holds replaced by 0, and where each came from. The
   * holes are filled again by `restoreShared`, so a command's parameters or an event that repeat the
   * context are stored once.
   */
  share(value: Json): { value: Json; refs: SharedRef[] } {
    const refs: SharedRef[] = [];
    return { value: this.segments.length === 0 ? value : this.replace(value, [], refs), refs };
  }

  private replace(value: Json, path: JsonPath, refs: SharedRef[]): Json {
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return value;
    const found = this.find(value);
    if (found === SHORT) return value;
    if (found !== undefined) {
      refs.push([path, found]);
      return 0;
    }
    // What JSON does not write member by member stays whole: a copy of its members would lose its toJSON.
    if (typeof value === 'string' || !writesMembers(value)) return value;
    if (Array.isArray(value)) return value.map((item, i) => this.replace(item, [...path, i], refs));
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value)) setOwn(out, key, this.replace(value[key]!, [...path, key], refs));
    return out;
  }
}

const joinPath = (prefix: JsonPath, path: JsonPath): JsonPath => (prefix.length === 0 ? path : [...prefix, ...path]);

/** Fill the holes `SharedIndex.share` left in `value` with the parts of `source` they point at. */
export function restoreShared(value: Json, refs: readonly SharedRef[] | undefined, source: Json): Json {
  if (refs === undefined || refs.length === 0) return value;
  let out = value;
  for (const [at, from] of refs) {
    const part = valueAt(source, from);
    if (at.length === 0) {
      out = part;
      continue;
    }
    let parent = out as Record<string | number, Json>;
    for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
    const last = at[at.length - 1]!;
    if (typeof last === 'number') parent[last] = part;
    else setOwn(parent, last, part);
  }
  return out;
}

function valueAt(source: Json, path: JsonPath): Json {
  let here: Json = source;
  for (const key of path) here = (here as Record<string | number, Json>)[key]!;
  return here;
}
