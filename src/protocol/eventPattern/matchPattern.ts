import { NO_ARRAY, sameElementChoiceExists, type LeafChoices } from './arrayMembership.js';
import { expandPattern, flattenEvent, type PathValues } from './flatten.js';
import { matchesCondition } from './matchCondition.js';
import { isRecord, type EventPattern, type PatternBranch, type PatternLeaf } from './types.js';

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
