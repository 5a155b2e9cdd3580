import { expandPattern, flattenEvent } from './flatten.js';
import { matchesCondition } from './matchCondition.js';
import { branchMatchesInOneElement } from './sameElement.js';
import { isRecord, type EventPattern, type PatternBranch, type PatternLeaf } from './types.js';

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
  return branches.some((branch) => branch.every((leaf) => leafMatches(leaf, leaves.get(leaf.path) ?? [])) && branchMatchesInOneElement(branch, event));
}

/** A leaf matches when any of its conditions does (OR within a field). */
function leafMatches(leaf: PatternLeaf, values: readonly unknown[]): boolean {
  return leaf.conditions.some((condition) => {
    const exists = isRecord(condition) ? condition['exists'] : undefined;
    if (typeof exists === 'boolean') return exists === values.length > 0;
    return values.some((value) => matchesCondition(condition, value));
  });
}
