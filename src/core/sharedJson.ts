import type { Json } from './stepRecord.js';

/** A base whose constructor hands back the object it is given, so a subclass can stamp fields onto it. */
class Returning {
  constructor(value: object) {
    return value;
  }
}

/**
 * Values known to be deep-frozen plain JSON: nothing can change them and their JSON copy would equal
 * them, so a record may hold the value itself instead of a copy. Only `frozenJson` stamps them. Each
 * carries the bound of its JSON's size that `recordSize` uses, worked out while it was copied, so a
 * record holding it counts it in one look-up.
 *
 * The mark is a private field rather than an entry in a WeakMap: every instance's input stays settled
 * for as long as its records live, and a WeakMap of hundreds of thousands of entries made each new entry
 * cost more than copying the value (and every GC walk them). A private field costs what adding a
 * property does, and is invisible to JSON, Object.keys, symbol listings, structuredClone and deep
 * equality alike. It is stamped before the object is frozen.
 */
class Settled extends Returning {
  readonly #bound: number;

  private constructor(value: object, bound: number) {
    super(value);
    this.#bound = bound;
  }

  static stamp(value: object, bound: number): void {
    new Settled(value, bound);
  }

  static boundOf(value: object): number | undefined {
    return #bound in value ? value.#bound : undefined;
  }
}

/**
 * A deep-frozen plain-JSON copy of `value`, for a part of a machine's context that never changes after
 * the start (an invocation's input): every step's record then shares it instead of copying it again.
 */
export function frozenJson<T>(value: T): T {
  const copy = frozenCopy(value, true);
  if (copy !== UNUSUAL) return copy as T;
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return value;
  const parsed = JSON.parse(text) as unknown;
  const settledCopy = frozenCopy(parsed, true);
  // Only an own "__proto__" key survives JSON and not the fast copy: such a value stays unshared.
  return (settledCopy === UNUSUAL ? parsed : settledCopy) as T;
}

/** Marks a value the fast copy below leaves to JSON itself (toJSON, Dates, BigInt, cycles are rare in inputs). */
const UNUSUAL = Symbol('unusual');

/**
 * Byte bounds of JSON's scalars, as `recordSize` counts them: every string character as a six-byte
 * escape, every number at its longest.
 */
export const stringBound = (text: string): number => 6 * text.length + 2;
export const NUMBER_BOUND = 24;
export const BOOLEAN_BOUND = 5;
export const NULL_BOUND = 4;

/** Where `frozenCopy` leaves the bound of the JSON of what it just copied (one walk at a time: it is synchronous). */
const walked = { bound: 0 };

/**
 * The JSON copy of `value` built in one walk (UNUSUAL where JSON would do more than copy), leaving the
 * bound of its JSON in `walked.bound` (read by the caller right after each call). `freeze` makes the copy
 * frozen and settled; otherwise it is a plain copy that keeps settled members as they are.
 */
function frozenCopy(value: unknown, freeze: boolean, depth = 0): unknown {
  if (value === null) {
    walked.bound = NULL_BOUND;
    return value;
  }
  if (typeof value === 'string') {
    walked.bound = stringBound(value);
    return value;
  }
  if (typeof value === 'boolean') {
    walked.bound = BOOLEAN_BOUND;
    return value;
  }
  if (typeof value === 'number') {
    walked.bound = NUMBER_BOUND;
    return Number.isFinite(value) && !Object.is(value, -0) ? value : UNUSUAL;
  }
  if (typeof value !== 'object' || depth > 64) return UNUSUAL;
  // A settled value is already deep-frozen plain JSON: the copy of it, frozen or not, is the value itself.
  const known = Settled.boundOf(value);
  if (known !== undefined) {
    walked.bound = known;
    return value;
  }
  let copy: Json[] | Record<string, Json>;
  let bound = 2;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return UNUSUAL;
    copy = [];
    bound += value.length;
    for (let i = 0; i < value.length; i += 1) {
      const member = frozenCopy(value[i], freeze, depth + 1);
      if (member === UNUSUAL) return UNUSUAL;
      copy.push(member as Json);
      bound += walked.bound;
    }
  } else {
    if (!isPlainRecord(value)) return UNUSUAL;
    copy = {};
    // for…in (own keys only) walks the keys without building an array of them, in Object.keys' order.
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const member = value[key];
      if (member === undefined) continue; // as JSON: a member without a value is left out
      const copied = frozenCopy(member, freeze, depth + 1);
      if (copied === UNUSUAL || key === '__proto__') return UNUSUAL;
      copy[key] = copied as Json;
      bound += 6 * key.length + 4 + walked.bound;
    }
  }
  if (freeze) {
    Settled.stamp(copy, bound);
    Object.freeze(copy);
  }
  walked.bound = bound;
  return copy;
}

/**
 * The same as `JSON.parse(JSON.stringify(value))` (the persisted form of a context or of command
 * params), except that members made by `frozenJson` are kept as they are rather than copied: a step
 * then costs what its changing part costs, not what the whole context does.
 */
export function jsonCopy(value: unknown): Json {
  const copy = frozenCopy(value, false);
  return copy === UNUSUAL ? copiedByJson(value) : (copy as Json);
}

/** What `boundedJsonCopy` gives: the copy, and the bound of its JSON where the copy was made in one walk. */
export interface BoundedJson {
  readonly copy: Json;
  /** As `recordSize` would count the copy, worked out while copying; undefined where JSON made the copy. */
  readonly bound: number | undefined;
}

/**
 * `jsonCopy`, also giving the bound of the copy's JSON: a step that copies its context then counts
 * its record's size without walking the context a second time.
 */
export function boundedJsonCopy(value: unknown): BoundedJson {
  const copy = frozenCopy(value, false);
  if (copy !== UNUSUAL) return { copy: copy as Json, bound: walked.bound };
  return { copy: copiedByJson(value), bound: undefined };
}

function copiedByJson(value: unknown): Json {
  // Left to JSON: what JSON treats specially is copied by JSON itself, settled members still kept.
  if (typeof value !== 'object' || value === null) return roundTrip(value);
  if (Settled.boundOf(value) !== undefined) return value as Json;
  if (!isPlainRecord(value)) return roundTrip(value);
  const keys = Object.keys(value);
  // An own "__proto__" key cannot be set by assignment; such a rare object takes the plain copy.
  if (keys.includes('__proto__')) return roundTrip(value);
  const members = keys.map((key) => value[key]);
  if (!members.some(isSettledJson)) return roundTrip(value);
  // Copy the rest in one go, in the same key order, then put the shared members back where they stood.
  const rest: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    if (!isSettledJson(members[i])) rest[key] = members[i];
  });
  const copied = roundTrip(rest) as Record<string, Json>;
  const out: Record<string, Json> = {};
  keys.forEach((key, i) => {
    const member = members[i];
    if (isSettledJson(member)) out[key] = member;
    else if (Object.hasOwn(copied, key)) out[key] = copied[key]!;
  });
  return out;
}

const roundTrip = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/** True for a value made by `frozenJson` (or a member of one): deep-frozen plain JSON, never to change. */
export const isSettledJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && Settled.boundOf(value) !== undefined;

/** The bound of a settled value's JSON (see `recordSize`), or undefined for a value not settled. */
export const settledBound = (value: object): number | undefined => Settled.boundOf(value);

/** An object JSON.stringify writes member by member: a plain object or a null-prototype one, without toJSON. */
function isPlainRecord(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
