import { setOwn } from './jsonPatch.js';
import { isSettledJson } from './sharedJson.js';
import type { Json } from './stepRecord.js';

/** A path into a JSON value: object keys and array indexes. */
type JsonPath = readonly (string | number)[];

/** A part of a value left out because the source holds the same data: `[where in the value, where in the source]`. */
export type SharedRef = readonly [JsonPath, JsonPath];

// Parts shorter than this (as JSON) are cheaper to repeat than to point at.
const MIN_SHARED_CHARS = 24;

/**
 * JSON texts of settled values (deep-frozen, never to change): an invocation's input is shared by every
 * step of the instance, so its parts are written out once instead of once per level per step.
 */
const settledTexts = new WeakMap<object, string>();

function jsonText(value: Json): string {
  if (!isSettledJson(value)) return JSON.stringify(value);
  let text = settledTexts.get(value as object);
  if (text === undefined) {
    text = JSON.stringify(value);
    settledTexts.set(value as object, text);
  }
  return text;
}

/** Every part of `source` worth pointing at, by its JSON text; the shallowest path wins. */
export class SharedIndex {
  private readonly paths = new Map<string, JsonPath>();

  constructor(readonly source: Json) {
    this.visit(source, []);
  }

  private visit(value: Json, path: (string | number)[]): void {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'string' && value.length >= MIN_SHARED_CHARS) this.remember(JSON.stringify(value), path);
      return;
    }
    if (path.length > 0) this.remember(jsonText(value), path);
    if (Array.isArray(value)) value.forEach((item, i) => this.visit(item, [...path, i]));
    else for (const key of Object.keys(value)) this.visit(value[key]!, [...path, key]);
  }

  private remember(text: string, path: JsonPath): void {
    if (text.length >= MIN_SHARED_CHARS && !this.paths.has(text)) this.paths.set(text, path);
  }

  /**
   * `value` with every part that the source also holds replaced by 0, and where each came from. The
   * holes are filled again by `restoreShared`, so a command's parameters or an event that repeat the
   * context are stored once.
   */
  share(value: Json): { value: Json; refs: SharedRef[] } {
    const refs: SharedRef[] = [];
    const out = this.replace(value, [], refs);
    return { value: out, refs };
  }

  private replace(value: Json, path: (string | number)[], refs: SharedRef[]): Json {
    if (this.paths.size === 0) return value;
    if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
      const text = jsonText(value);
      if (text.length < MIN_SHARED_CHARS) return value;
      const found = this.paths.get(text);
      if (found !== undefined) {
        refs.push([path, found]);
        return 0;
      }
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item, i) => this.replace(item, [...path, i], refs));
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value)) setOwn(out, key, this.replace(value[key]!, [...path, key], refs));
    return out;
  }
}

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
