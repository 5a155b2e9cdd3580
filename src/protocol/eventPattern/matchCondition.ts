import { cidrContains, parseCidr, parseIp } from './cidr.js';
import { isRecord } from './types.js';
import { matchesWildcard } from './wildcard.js';

/**
 * Whether one condition of a leaf array accepts one scalar value of the event. `exists` is decided
 * per path, not per value, so it never accepts a value here.
 */
export function matchesCondition(condition: unknown, value: unknown): boolean {
  if (!isRecord(condition)) return equalsExactly(condition, value);
  const [operator, operand] = Object.entries(condition)[0] ?? ['', undefined];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && affixMatches(operand, value, (v, p) => v.startsWith(p));
    case 'suffix':
      return typeof value === 'string' && affixMatches(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && fold(value) === fold(operand);
    case 'wildcard':
      return typeof value === 'string' && typeof operand === 'string' && matchesWildcard(operand, value);
    case 'numeric':
      return typeof value === 'number' && Array.isArray(operand) && numericMatches(operand, value);
    case 'cidr':
      return typeof value === 'string' && cidrMatches(operand, value);
    case 'anything-but':
      return !anythingButExcludes(operand, value);
    default:
      return false;
  }
}

/** Exact match is type-sensitive: numbers compare numerically, `null` only matches null. */
function equalsExactly(expected: unknown, value: unknown): boolean {
  return expected === value;
}

/** `prefix`/`suffix` take a string or `{ "equals-ignore-case": string }`. */
function affixMatches(operand: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (typeof operand === 'string') return test(value, operand);
  const ignoringCase = isRecord(operand) ? operand['equals-ignore-case'] : undefined;
  return typeof ignoringCase === 'string' && test(fold(value), fold(ignoringCase));
}

/**
 * True when `anything-but` rules the value out. Its operand is a value, a list of values, or one of
 * `prefix`/`suffix`/`equals-ignore-case`/`wildcard` (single or list); those string filters can only
 * rule out strings, so numbers, booleans and null pass them.
 */
function anythingButExcludes(operand: unknown, value: unknown): boolean {
  if (Array.isArray(operand)) return operand.some((excluded) => equalsExactly(excluded, value));
  if (!isRecord(operand)) return equalsExactly(operand, value);
  const [operator, inner] = Object.entries(operand)[0] ?? ['', undefined];
  if (typeof value !== 'string') return false;
  const any = (test: (text: string) => boolean): boolean =>
    (Array.isArray(inner) ? inner : [inner]).some((item) => typeof item === 'string' && test(item));
  switch (operator) {
    case 'prefix':
      return any((p) => value.startsWith(p));
    case 'suffix':
      return any((s) => value.endsWith(s));
    case 'equals-ignore-case':
      return any((s) => fold(s) === fold(value));
    case 'wildcard':
      return any((w) => matchesWildcard(w, value));
    default:
      return false;
  }
}

/** `numeric` is `["=", n]`, one bound, or a lower bound followed by an upper bound. */
function numericMatches(terms: readonly unknown[], value: number): boolean {
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const bound = terms[i + 1];
    if (typeof bound !== 'number') return false;
    switch (terms[i]) {
      case '=':
        if (!(value === bound)) return false;
        break;
      case '<':
        if (!(value < bound)) return false;
        break;
      case '<=':
        if (!(value <= bound)) return false;
        break;
      case '>':
        if (!(value > bound)) return false;
        break;
      case '>=':
        if (!(value >= bound)) return false;
        break;
      default:
        return false;
    }
  }
  return terms.length >= 2;
}

function cidrMatches(operand: unknown, value: string): boolean {
  if (typeof operand !== 'string') return false;
  const block = parseCidr(operand);
  const address = parseIp(value);
  return typeof block !== 'string' && address !== undefined && cidrContains(block, address);
}

/** Case folding for `equals-ignore-case`: compare lower-cased forms. */
function fold(text: string): string {
  return text.toLowerCase();
}
