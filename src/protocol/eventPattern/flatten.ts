import { PATTERN_OPERATORS, isRecord, type EventPattern, type PatternBranch } from './types.js';

/**
 * The leaf values of an event by dotted path, the way EventBridge sees an event: nested keys are
 * joined with `.` (so an event key `"a.b"` and `{a: {b}}` land on the same path), arrays are
 * flattened into their elements, and only scalars (string, number, boolean, null) are leaves. An
 * empty array or object contributes nothing, which is why `exists` treats it as absent.
 */
export function flattenEvent(event: unknown): ReadonlyMap<string, readonly unknown[]> {
  const leaves = new Map<string, unknown[]>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const element of value) visit(element, path);
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
    } else if (path !== '') {
      const existing = leaves.get(path);
      if (existing === undefined) leaves.set(path, [value]);
      else existing.push(value);
    }
  };
  visit(event, '');
  return leaves;
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
