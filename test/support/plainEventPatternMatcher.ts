import { expandPattern } from '../../src/protocol/eventPattern/flatten.js';
import { matchesCondition } from '../../src/protocol/eventPattern/matchCondition.js';
import { branchMatchesInOneElement } from '../../src/protocol/eventPattern/sameElement.js';
import {
  isRecord,
  type EventPattern,
  type PatternBranch,
  type PatternLeaf,
} from '../../src/protocol/eventPattern/types.js';

/*
 * The plain per-rule matcher, as the bus used it before rules were compiled and indexed: it
 * interprets the pattern's conditions directly and flattens the whole event again for every rule
 * (with its own flattening, so that the one the bus uses is checked too). It is kept as the
 * reference that the compiled matcher and the rule index are checked against (property tests,
 * conformance) and as the "before" side of the routing benchmark.
 */

// Rules are matched far more often than they are written, so each pattern object is expanded once.
const expanded = new WeakMap<EventPattern, readonly PatternBranch[]>();

/**
 * True when `event` matches `pattern`: some `$or` branch has every leaf satisfied, by fields from the
 * same element of any array of objects they share (sameElement.ts).
 */
export function matchPattern(pattern: EventPattern, event: unknown): boolean {
  let branches = expanded.get(pattern);
  if (branches === undefined) {
    branches = expandPattern(pattern);
    expanded.set(pattern, branches);
  }
  const leaves = flattenEvent(event);
  return branches.some(
    (branch) =>
      branch.every((leaf) => leafMatches(leaf, leaves.get(leaf.path) ?? [])) &&
      branchMatchesInOneElement(branch, event),
  );
}

/** A leaf matches when any of its conditions does (OR within a field). */
function leafMatches(leaf: PatternLeaf, values: readonly unknown[]): boolean {
  return leaf.conditions.some((condition) => {
    const exists = isRecord(condition) ? condition['exists'] : undefined;
    if (typeof exists === 'boolean') return exists === values.length > 0;
    return values.some((value) => matchesCondition(condition, value));
  });
}

/**
 * Every scalar of the event by dotted path (the flattening src/protocol/eventPattern/flatten.ts does, without array
 * positions).
 */
function flattenEvent(event: unknown): ReadonlyMap<string, readonly unknown[]> {
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

/** The names of the rules whose pattern matches `event`, in the order given: one matcher call per rule. */
export function plainRoute(
  rules: readonly { readonly name: string; readonly eventPattern: EventPattern }[],
  event: unknown,
): string[] {
  return rules.filter((rule) => matchPattern(rule.eventPattern, event)).map((rule) => rule.name);
}
