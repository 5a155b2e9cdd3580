import { expandPattern, flattenEvent } from '../../src/protocol/eventPattern/flatten.js';
import { matchesCondition } from '../../src/protocol/eventPattern/matchCondition.js';
import { isRecord, type EventPattern, type PatternBranch, type PatternLeaf } from '../../src/protocol/eventPattern/types.js';

/*
 * The plain per-rule matcher, as the bus used it before rules were compiled and indexed: it
 * interprets the pattern's conditions directly and flattens the event again for every rule. It is
 * kept as the reference that the compiled matcher and the rule index are checked against (property
 * tests, conformance) and as the "before" side of the routing benchmark.
 */

// Rules are matched far more often than they are written, so each pattern object is expanded once.
const expanded = new WeakMap<EventPattern, readonly PatternBranch[]>();

/** True when `event` matches `pattern`: some `$or` branch has every leaf satisfied. */
export function matchPattern(pattern: EventPattern, event: unknown): boolean {
  let branches = expanded.get(pattern);
  if (branches === undefined) {
    branches = expandPattern(pattern);
    expanded.set(pattern, branches);
  }
  const leaves = flattenEvent(event);
  return branches.some((branch) => branch.every((leaf) => leafMatches(leaf, leaves.get(leaf.path) ?? [])));
}

/** A leaf matches when any of its conditions does (OR within a field). */
function leafMatches(leaf: PatternLeaf, values: readonly unknown[]): boolean {
  return leaf.conditions.some((condition) => {
    const exists = isRecord(condition) ? condition['exists'] : undefined;
    if (typeof exists === 'boolean') return exists === values.length > 0;
    return values.some((value) => matchesCondition(condition, value));
  });
}

/** The names of the rules whose pattern matches `event`, in the order given: one matcher call per rule. */
export function plainRoute(rules: readonly { readonly name: string; readonly eventPattern: EventPattern }[], event: unknown): string[] {
  return rules.filter((rule) => matchPattern(rule.eventPattern, event)).map((rule) => rule.name);
}
