import { cidrContains, parseCidr, parseIp } from './cidr.js';
import { isRecord } from './types.js';
import { compileWildcard } from './wildcard.js';

/** A test of one scalar value of the event against one content filter, with its operand parsed once. */
export type ValueTest = (value: unknown) => boolean;

const never: ValueTest = () => false;

/**
 * Compile one content-filter object of a leaf array (not a plain value, not `exists`) into a test.
 * It decides exactly as the interpreting matcher (`matchesCondition`) does, including for operands
 * that validation would refuse: those never match, and an unknown `anything-but` filter excludes
 * nothing.
 */
export function compileFilter(filter: Record<string, unknown>): ValueTest {
  const [operator, operand] = Object.entries(filter)[0] ?? ['', undefined];
  switch (operator) {
    case 'prefix':
      return compileAffix(operand, (v, p) => v.startsWith(p));
    case 'suffix':
      return compileAffix(operand, (v, s) => v.endsWith(s));
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') return never;
      const folded = operand.toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === folded;
    }
    case 'wildcard': {
      if (typeof operand !== 'string') return never;
      const matches = compileWildcard(operand);
      return (value) => typeof value === 'string' && matches(value);
    }
    case 'numeric':
      return Array.isArray(operand) ? compileNumeric(operand) : never;
    case 'cidr': {
      const block = typeof operand === 'string' ? parseCidr(operand) : 'not a string';
      if (typeof block === 'string') return never;
      return (value) => {
        const address = typeof value === 'string' ? parseIp(value) : undefined;
        return address !== undefined && cidrContains(block, address);
      };
    }
    case 'anything-but': {
      const excludes = compileExclusion(operand);
      return (value) => !excludes(value);
    }
    default:
      return never;
  }
}

/** `prefix`/`suffix` take a string or `{ "equals-ignore-case": string }`. */
function compileAffix(operand: unknown, test: (value: string, affix: string) => boolean): ValueTest {
  if (typeof operand === 'string') return (value) => typeof value === 'string' && test(value, operand);
  const ignoringCase = isRecord(operand) ? operand['equals-ignore-case'] : undefined;
  if (typeof ignoringCase !== 'string') return never;
  const folded = ignoringCase.toLowerCase();
  return (value) => typeof value === 'string' && test(value.toLowerCase(), folded);
}

/** What `anything-but` rules out: values, or strings caught by one of its string filters. */
function compileExclusion(operand: unknown): ValueTest {
  if (Array.isArray(operand)) {
    const excluded = new Set<unknown>(operand);
    return (value) => excluded.has(value);
  }
  if (!isRecord(operand)) return (value) => value === operand;
  const [operator, inner] = Object.entries(operand)[0] ?? ['', undefined];
  const items = (Array.isArray(inner) ? (inner as unknown[]) : [inner]).filter(
    (item): item is string => typeof item === 'string',
  );
  const stringTest = ((): ((value: string) => boolean) | undefined => {
    switch (operator) {
      case 'prefix':
        return (value) => items.some((p) => value.startsWith(p));
      case 'suffix':
        return (value) => items.some((s) => value.endsWith(s));
      case 'equals-ignore-case': {
        const folded = new Set(items.map((s) => s.toLowerCase()));
        return (value) => folded.has(value.toLowerCase());
      }
      case 'wildcard': {
        const tests = items.map(compileWildcard);
        return (value) => tests.some((matches) => matches(value));
      }
      default:
        return undefined;
    }
  })();
  // The string filters can only rule out strings; numbers, booleans and null pass them.
  return stringTest === undefined ? never : (value) => typeof value === 'string' && stringTest(value);
}

/** `numeric` is `["=", n]`, one bound, or a lower bound followed by an upper bound. */
function compileNumeric(terms: readonly unknown[]): ValueTest {
  const bounds: ((value: number) => boolean)[] = [];
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const bound = terms[i + 1];
    if (typeof bound !== 'number') return never;
    switch (terms[i]) {
      case '=':
        bounds.push((value) => value === bound);
        break;
      case '<':
        bounds.push((value) => value < bound);
        break;
      case '<=':
        bounds.push((value) => value <= bound);
        break;
      case '>':
        bounds.push((value) => value > bound);
        break;
      case '>=':
        bounds.push((value) => value >= bound);
        break;
      default:
        return never;
    }
  }
  if (bounds.length === 0) return never;
  return (value) => typeof value === 'number' && bounds.every((within) => within(value));
}
