import { NO_ARRAY, sameElementChoiceExists, withinArray, type ArrayMembership, type LeafChoices } from '../../src/protocol/eventPattern/arrayMembership.js';
import { expandPattern, type PathValues } from '../../src/protocol/eventPattern/flatten.js';
import { matchesCondition } from '../../src/protocol/eventPattern/matchCondition.js';
import { isRecord, type EventPattern, type PatternBranch, type PatternLeaf } from '../../src/protocol/eventPattern/types.js';

/*
 * The plain per-rule matcher, as the bus used it before rules were compiled and indexed: it
 * interprets the pattern's conditions directly and flattens the whole event again for every rule
 * (with its own flattening, so that the one the bus uses is checked too). It is kept as the
 * reference that the compiled matcher and the rule index are checked against (property tests,
 * conformance) and as the "before" side of the routing benchmark.
 */

// Rules are matched far more often than they are written, so each pattern object is expanded once.
const expanded = new WeakMap<EventPattern, readonly PatternBranch[]>();

const NOTHING: PathValues = { values: [], memberships: [] };

/**
 * True when `event` matches `pattern`: some `$or` branch has every leaf satisfied, by values that
 * come from the same element of every array of objects they share (arrayMembership.ts).
 */
export function matchPattern(pattern: EventPattern, event: unknown): boolean {
  let branches = expanded.get(pattern);
  if (branches === undefined) {
    branches = expandPattern(pattern);
    expanded.set(pattern, branches);
  }
  const leaves = flattenEvent(event);
  return branches.some((branch) => {
    const choices: LeafChoices[] = [];
    for (const leaf of branch) {
      const choice = leafChoices(leaf, leaves.get(leaf.path) ?? NOTHING);
      if (choice === undefined) return false;
      choices.push(choice);
    }
    return sameElementChoiceExists(choices);
  });
}

/**
 * The values that satisfy one leaf (OR within a field), or undefined when none can. A leaf of only
 * `exists: false` asks for the field to be absent from the chosen elements instead.
 */
function leafChoices(leaf: PatternLeaf, found: PathValues): LeafChoices | undefined {
  if (leaf.conditions.length === 1 && isRecord(leaf.conditions[0]) && leaf.conditions[0]['exists'] === false) {
    return { matching: [], mustBeAbsent: found.memberships };
  }
  const matching = found.memberships.filter((_, i) => leaf.conditions.some((condition) => satisfies(condition, found.values[i], true)));
  // `exists: false` beside other conditions holds when the field is missing from the whole event.
  if (found.values.length === 0 && leaf.conditions.some((condition) => satisfies(condition, undefined, false))) return { matching: [NO_ARRAY] };
  return matching.length === 0 ? undefined : { matching };
}

/** Whether `condition` accepts a value (`present`) or the field's absence. */
function satisfies(condition: unknown, value: unknown, present: boolean): boolean {
  const exists = isRecord(condition) ? condition['exists'] : undefined;
  if (typeof exists === 'boolean') return exists === present;
  return present && matchesCondition(condition, value);
}

/** Every scalar of the event by dotted path, with the arrays it sits in (see src/protocol/eventPattern/flatten.ts). */
function flattenEvent(event: unknown): ReadonlyMap<string, PathValues> {
  const leaves = new Map<string, PathValues>();
  let arrays = 0;
  const visit = (value: unknown, path: string, membership: ArrayMembership): void => {
    if (Array.isArray(value)) {
      const arrayId = arrays++;
      value.forEach((element, index) => visit(element, path, withinArray(membership, arrayId, index)));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`, membership);
    } else if (path !== '') {
      const existing = leaves.get(path);
      if (existing === undefined) leaves.set(path, { values: [value], memberships: [membership] });
      else {
        existing.values.push(value);
        existing.memberships.push(membership);
      }
    }
  };
  visit(event, '', NO_ARRAY);
  return leaves;
}

/** The names of the rules whose pattern matches `event`, in the order given: one matcher call per rule. */
export function plainRoute(rules: readonly { readonly name: string; readonly eventPattern: EventPattern }[], event: unknown): string[] {
  return rules.filter((rule) => matchPattern(rule.eventPattern, event)).map((rule) => rule.name);
}
