import { NO_ARRAY, withinArray, type ArrayMembership } from './arrayMembership.js';
import { PATTERN_OPERATORS, isRecord, type EventPattern, type PatternBranch } from './types.js';

/** The scalar values found at one dotted path of an event, each with the arrays it sits in. */
export interface PathValues {
  readonly values: unknown[];
  /** `memberships[i]` locates `values[i]` in the event's arrays (see arrayMembership.ts). */
  readonly memberships: ArrayMembership[];
}

/**
 * The leaf values of an event by dotted path, the way EventBridge sees an event: nested keys are
 * joined with `.` (so an event key `"a.b"` and `{a: {b}}` land on the same path), arrays are
 * flattened into their elements, and only scalars (string, number, boolean, null) are leaves. An
 * empty array or object contributes nothing, which is why `exists` treats it as absent. Each value
 * keeps its array membership so the same-element rule can be applied.
 *
 * With `wanted` (every path a pattern names, and each of their dotted prefixes — see `pathPrefixes`)
 * parts of the event that no pattern looks at are skipped rather than flattened.
 */
export function flattenEvent(event: unknown, wanted?: ReadonlySet<string>): ReadonlyMap<string, PathValues> {
  const walk: Walk = { leaves: new Map(), wanted, arrays: 0 };
  visit(walk, event, '', NO_ARRAY);
  return walk.leaves;
}

interface Walk {
  readonly leaves: Map<string, PathValues>;
  readonly wanted: ReadonlySet<string> | undefined;
  /** Arrays numbered so far; each array gets its own id for the same-element rule. */
  arrays: number;
}

// A module-level function rather than a closure: this runs for every event on the bus.
function visit(walk: Walk, value: unknown, path: string, membership: ArrayMembership): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      const arrayId = walk.arrays++;
      for (let index = 0; index < value.length; index += 1) visit(walk, value[index], path, withinArray(membership, arrayId, index));
      return;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const child = path === '' ? key : `${path}.${key}`;
      if (walk.wanted === undefined || walk.wanted.has(child)) visit(walk, (value as Record<string, unknown>)[key], child, membership);
    }
  } else if (path !== '') {
    const existing = walk.leaves.get(path);
    if (existing === undefined) walk.leaves.set(path, { values: [value], memberships: [membership] });
    else {
      existing.values.push(value);
      existing.memberships.push(membership);
    }
  }
}

/** Each path and each of its prefixes that ends before a `.`: what `flattenEvent` must descend into. */
export function pathPrefixes(paths: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const path of paths) {
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) prefixes.add(path.slice(0, dot));
    prefixes.add(path);
  }
  return prefixes;
}

/**
 * Expand a pattern into its `$or`-free branches; the pattern matches when any branch does. Each
 * branch lists the leaves whose conditions must all hold.
 */
export function expandPattern(pattern: EventPattern, prefix = ''): PatternBranch[] {
  let branches: PatternBranch[] = [[]];
  for (const [key, value] of Object.entries(pattern)) {
    const options = expandKey(key, value, prefix);
    branches = branches.flatMap((branch) => options.map((option) => [...branch, ...option]));
  }
  return branches;
}

function expandKey(key: string, value: unknown, prefix: string): PatternBranch[] {
  if (isOrOperator(key, value)) return value.flatMap((sub) => expandPattern(sub, prefix));
  const path = prefix === '' ? key : `${prefix}.${key}`;
  if (Array.isArray(value)) return [[{ path, conditions: value }]];
  if (isRecord(value)) return expandPattern(value, path);
  // A scalar where a leaf array belongs can never match; validation reports it.
  return [[{ path, conditions: [] }]];
}

/**
 * `$or` is an operator only when it holds two or more sub-patterns; an array of plain values or of
 * content filters keeps `$or` an ordinary field name, as EventBridge does.
 */
export function isOrOperator(key: string, value: unknown): value is EventPattern[] {
  if (key !== '$or' || !Array.isArray(value) || value.length < 2) return false;
  return value.every(
    (branch) => isRecord(branch) && Object.keys(branch).length > 0 && !Object.keys(branch).some((k) => isOperatorName(k)),
  );
}

function isOperatorName(key: string): boolean {
  return (PATTERN_OPERATORS as readonly string[]).includes(key);
}
