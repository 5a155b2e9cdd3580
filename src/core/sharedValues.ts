import {
  MIN_SHARED_CHARS,
  plainShape,
  unusualShape,
  writesAtLeast,
  writesMembers,
  type JsonPath,
} from './jsonParts.js';
import { setOwn } from './jsonPatch.js';
import { isSettledJson } from './sharedJson.js';
import {
  newParts,
  partsOfSettled,
  remember,
  rememberShaped,
  isLong,
  rememberUnusual,
  settledSelf,
  writtenAlike,
  type Part,
  type SelfPart,
  type Parts,
} from './sourceParts.js';
import type { Json } from './stepRecord.js';

/** A part left out because the source holds the same data: `[where in the value, where in the source]`. */
export type SharedRef = readonly [JsonPath, JsonPath];

/** A run of the source's parts in depth-first order; their paths are relative to `prefix`. */
interface Segment {
  readonly parts: Parts;
  readonly prefix: JsonPath;
  /** The parts of a settled value: kept from step to step, so what is learnt about each is kept too. */
  readonly settled: boolean;
  /** The settled value itself, first in depth-first order: a member of the source, not the source. */
  readonly self: SelfPart | undefined;
}

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
    if (typeof source === 'string') remember(this.localParts(), source, []);
    else if (typeof source === 'object' && source !== null && writesMembers(source)) this.visitMembers(source, []);
  }

  /** Index the members of `value`; `keys` are its keys when the caller has listed them already. */
  private visitMembers(value: Json & object, path: JsonPath, keys?: readonly string[]): void {
    if (isSettled(value)) this.addSettled(value, path, undefined);
    else this.walkMembers(value, path, keys);
  }

  /** A settled value's parts, with the value itself when it is a member: its shape is worked out once, too. */
  private addSettled(value: Json & object, path: JsonPath, self: SelfPart | undefined): void {
    this.segments.push({ parts: partsOfSettled(value), prefix: path, settled: true, self });
    this.local = undefined;
  }

  private walkMembers(value: Json & object, path: JsonPath, keys: readonly string[] | undefined): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) this.visit(value[i]!, path, i);
    } else for (const key of keys ?? Object.keys(value)) this.visit(value[key]!, path, key);
  }

  private visit(value: Json, parent: JsonPath, key: string | number): void {
    // Most members are numbers, flags and short strings, never pointed at: no path is made for them.
    if (typeof value === 'string') {
      if (value.length >= MIN_SHARED_CHARS) remember(this.localParts(), value, [...parent, key]);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const path = [...parent, key];
    if (isSettled(value)) return this.addSettled(value, path, settledSelf(value));
    // One look at the members tells both how the part is found and what to walk next.
    const shape = plainShape(value);
    if (shape !== undefined) {
      rememberShaped(this.localParts(), value, shape, path);
      this.walkMembers(value, path, typeof shape === 'object' ? shape : undefined);
      return;
    }
    rememberUnusual(this.localParts(), value, path);
    // Inside what JSON does not write member by member, a path would point at nothing once stored.
    if (writesMembers(value)) this.visitMembers(value, path);
  }

  private localParts(): Parts {
    if (this.local === undefined) {
      this.local = newParts();
      this.segments.push({ parts: this.local, prefix: [], settled: false, self: undefined });
    }
    return this.local;
  }

  /**
   * Where the source holds the text of `value`, a part JSON does not write member by member: SHORT when that
   * text is too short to point at, undefined when the source does not hold it.
   */
  private findUnusual(value: Json & object): JsonPath | typeof SHORT | undefined {
    const unusual = unusualShape(value);
    if (unusual === undefined) return undefined;
    if (unusual.text.length < MIN_SHARED_CHARS) return SHORT;
    if ('string' in unusual) return this.findString(unusual.string);
    return this.findShaped(value, unusual.shape, unusual.text);
  }

  /** Where the source holds a part of `shape` written as `value` is (as `text`, when known), as `find` answers. */
  private findShaped(
    value: Json & object,
    shape: readonly string[] | number,
    text: string | undefined,
  ): JsonPath | typeof SHORT | undefined {
    if (shape === 0) return SHORT;
    const key = typeof shape === 'number' ? shape : shape[0]!;
    const size = typeof shape === 'number' ? shape : shape.length;
    const keys = typeof shape === 'number' ? undefined : shape;
    for (const segment of this.segments) {
      const { self } = segment;
      if (self !== undefined && self.key === key && self.size === size && writtenAlike(self, value, keys, text)) {
        return this.answer(segment, self, value, text);
      }
      const same = segment.parts.shaped.get(key);
      if (same === undefined) continue;
      for (const part of same) {
        if (part.size === size && writtenAlike(part, value, keys, text)) return this.answer(segment, part, value, text);
      }
    }
    return undefined;
  }

  /** Where `part`, written the same as `value`, is; SHORT when its text is too short to point at. */
  private answer(
    segment: Segment,
    part: Part,
    value: Json & object,
    text: string | undefined,
  ): JsonPath | typeof SHORT {
    // Written the same, so the part's text is the value's: too short to share, and so is anything inside it.
    // A settled part is measured once for all the steps that look it up.
    const long =
      text !== undefined
        ? text.length >= MIN_SHARED_CHARS
        : segment.settled
          ? isLong(part)
          : writesAtLeast(value, MIN_SHARED_CHARS);
    return long ? joinPath(segment.prefix, part.path) : SHORT;
  }

  private findString(value: string): JsonPath | undefined {
    for (const { parts, prefix } of this.segments) {
      if (value.length < parts.shortest) continue;
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

  /** `path` is where `value` is, kept as one array that grows and shrinks with the walk; a ref takes a copy. */
  private replace(value: Json, path: (string | number)[], refs: SharedRef[]): Json {
    if (typeof value === 'string') {
      const found = this.findString(value);
      if (found === undefined) return value;
      refs.push([path.slice(), found]);
      return 0;
    }
    if (typeof value !== 'object' || value === null) return value;
    // The shape found for the look-up also walks the members: the keys are listed once.
    const shape = plainShape(value);
    const found = shape === undefined ? this.findUnusual(value) : this.findShaped(value, shape, undefined);
    if (found === SHORT) return value;
    if (found !== undefined) {
      refs.push([path.slice(), found]);
      return 0;
    }
    // What JSON does not write member by member stays whole: a copy of its members would lose its toJSON.
    if (shape === undefined && !writesMembers(value)) return value;
    // Copied only where a part inside is left out; otherwise the value itself is written, as it is.
    if (Array.isArray(value)) {
      let out: Json[] | undefined;
      for (let i = 0; i < value.length; i += 1) {
        if (!(i in value)) continue; // a hole stays a hole, as JSON writes it
        const original = value[i]!;
        path.push(i);
        const item = this.replace(original, path, refs);
        path.pop();
        if (item !== original) (out ??= value.slice())[i] = item;
      }
      return out ?? value;
    }
    const keys = typeof shape === 'object' ? shape : Object.keys(value);
    // The copy starts at the first member left out, with the members before it, and takes the rest as it goes.
    let out: Record<string, Json> | undefined;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      const original = value[key]!;
      path.push(key);
      const member = this.replace(original, path, refs);
      path.pop();
      if (out !== undefined) setOwn(out, key, member);
      else if (member !== original) {
        out = {};
        for (let j = 0; j < i; j += 1) setOwn(out, keys[j]!, value[keys[j]!]!);
        setOwn(out, key, member);
      }
    }
    return out ?? value;
  }
}

// Not a type guard: a settled value is still a value whose members are walked.
const isSettled = (value: object): boolean => isSettledJson(value);

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
