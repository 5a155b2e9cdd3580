import { BOOLEAN_BOUND, NULL_BOUND, NUMBER_BOUND, settledBound, stringBound } from './sharedJson.js';

/**
 * True when `value`'s JSON is certainly at most `maxBytes` of UTF-8, told without writing it. The bound
 * counts every string as if each character needed a six-byte escape, so it is loose, but a step's record
 * is far below any store's limit and the exact count (a full JSON write) is then not needed. False means
 * "not certain": the caller counts exactly. Anything JSON treats specially (toJSON, BigInt, a cycle,
 * class instances) makes it false, so the exact count also raises JSON's own errors.
 */
export function jsonFitsIn(value: unknown, maxBytes: number): boolean {
  const bound = boundOf(value, 0);
  return bound >= 0 && bound <= maxBytes;
}

/** The bound of `value`'s JSON as `jsonFitsIn` counts it, or undefined where JSON does more than copy it. */
export function jsonBound(value: unknown): number | undefined {
  const bound = boundOf(value, 0);
  return bound === UNBOUNDED ? undefined : bound;
}

/** What a member `key` whose value is bounded by `valueBound` adds to its object's bound. */
export const memberBound = (key: string, valueBound: number): number => 6 * key.length + 4 + valueBound;

const MAX_DEPTH = 64;

/** Stands for "JSON does more than copy this": no bound, the exact count decides. */
const UNBOUNDED = -1;

/**
 * The bound of `value`'s JSON, or UNBOUNDED. Worked out whole rather than stopped at the limit: a value
 * over it takes the exact count, which writes it whole anyway, so stopping early would save nothing.
 */
function boundOf(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return stringBound(value);
    case 'number':
      return NUMBER_BOUND;
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      // Written as at most "false" or "null", or left out.
      return BOOLEAN_BOUND;
    case 'bigint':
      return UNBOUNDED;
    case 'object':
      break;
  }
  if (value === null) return NULL_BOUND;
  if (depth > MAX_DEPTH) return UNBOUNDED;
  // A settled value's bound was worked out when it was settled.
  return settledBound(value) ?? membersBound(value, depth);
}

function membersBound(value: object, depth: number): number {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return UNBOUNDED;
    let bound = 2 + value.length;
    for (let i = 0; i < value.length; i += 1) {
      const member = boundOf(value[i], depth + 1);
      if (member === UNBOUNDED) return UNBOUNDED;
      bound += member;
    }
    return bound;
  }
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return UNBOUNDED;
  let bound = 2;
  // for…in walks the own keys without building an array of them; an enumerable member inherited from a
  // changed Object.prototype is counted as well, which only loosens the bound.
  for (const key in value) {
    const member = boundOf((value as Record<string, unknown>)[key], depth + 1);
    if (member === UNBOUNDED) return UNBOUNDED;
    bound += memberBound(key, member);
  }
  return bound;
}
