import { isSettledJson } from './sharedJson.js';

/**
 * True when `value`'s JSON is certainly at most `maxBytes` of UTF-8, told without writing it. The bound
 * counts every string as if each character needed a six-byte escape, so it is loose, but a step's record
 * is far below any store's limit and the exact count (a full JSON write) is then not needed. False means
 * "not certain": the caller counts exactly. Anything JSON treats specially (toJSON, BigInt, a cycle,
 * class instances) makes it false, so the exact count also raises JSON's own errors.
 */
export function jsonFitsIn(value: unknown, maxBytes: number): boolean {
  const budget = { left: maxBytes };
  return within(value, budget, 0) && budget.left >= 0;
}

/** Byte bound of a settled (frozen, unchanging) value, computed once. */
const settledBounds = new WeakMap<object, number>();

const MAX_DEPTH = 64;

function within(value: unknown, budget: { left: number }, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      budget.left -= 6 * value.length + 2;
      return budget.left >= 0;
    case 'number':
      budget.left -= 24;
      return true;
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      // Written as at most "false" or "null", or left out.
      budget.left -= 5;
      return true;
    case 'bigint':
      return false;
    case 'object':
      break;
  }
  if (value === null) {
    budget.left -= 4;
    return true;
  }
  if (depth > MAX_DEPTH) return false;
  if (isSettledJson(value)) return settled(value, budget);
  return members(value, budget, depth);
}

function members(value: object, budget: { left: number }, depth: number): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return false;
    budget.left -= 2 + value.length;
    for (let i = 0; i < value.length; i += 1) if (!within(value[i], budget, depth + 1)) return false;
    return budget.left >= 0;
  }
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return false;
  budget.left -= 2;
  // for…in walks the own keys without building an array of them; an enumerable member inherited from a
  // changed Object.prototype is counted as well, which only loosens the bound.
  for (const key in value) {
    budget.left -= 6 * key.length + 4;
    if (!within((value as Record<string, unknown>)[key], budget, depth + 1)) return false;
  }
  return budget.left >= 0;
}

function settled(value: object, budget: { left: number }): boolean {
  let bound = settledBounds.get(value);
  if (bound === undefined) {
    const own = { left: Number.MAX_SAFE_INTEGER };
    members(value, own, 0);
    bound = Number.MAX_SAFE_INTEGER - own.left;
    settledBounds.set(value, bound);
  }
  budget.left -= bound;
  return budget.left >= 0;
}
