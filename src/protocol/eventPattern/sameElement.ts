import {
  NO_ARRAY,
  sameElementChoiceExists,
  withinArray,
  type ArrayMembership,
  type LeafChoices,
} from './arrayMembership.js';
import { matchesCondition } from './matchCondition.js';
import { isRecord, type PatternBranch, type PatternLeaf } from './types.js';

interface PathValues {
  readonly values: unknown[];
  readonly memberships: ArrayMembership[];
}

const NOTHING: PathValues = { values: [], memberships: [] };

/**
 * Whether a branch that matched field by field also matches with the same-element rule: the fields it
 * names inside an array of objects must come from one element (see arrayMembership.ts). A matcher calls
 * this only after a branch matched field by field, since that is necessary for a same-element match;
 * it flattens just the branch's paths, and answers at once when no array is involved.
 */
export function branchMatchesInOneElement(branch: PatternBranch, event: unknown): boolean {
  if (branch.length < 2) return true;
  const found = flattenWithMembership(event, branch);
  let inArrays = false;
  for (const { memberships } of found.values()) if (memberships.some((m) => m.length > 0)) inArrays = true;
  if (!inArrays) return true;
  const choices: LeafChoices[] = [];
  for (const leaf of branch) {
    const choice = leafChoices(leaf, found.get(leaf.path) ?? NOTHING);
    if (choice === undefined) return false;
    choices.push(choice);
  }
  return sameElementChoiceExists(choices);
}

/** The values at the branch's paths, each with the arrays it sits in; other parts of the event are skipped. */
function flattenWithMembership(event: unknown, branch: PatternBranch): Map<string, PathValues> {
  const wanted = new Set<string>();
  for (const { path } of branch) {
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) wanted.add(path.slice(0, dot));
    wanted.add(path);
  }
  const leaves = new Map<string, PathValues>();
  let arrays = 0;
  const visit = (value: unknown, path: string, membership: ArrayMembership): void => {
    if (Array.isArray(value)) {
      const arrayId = arrays++;
      value.forEach((element, index) => visit(element, path, withinArray(membership, arrayId, index)));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        const next = path === '' ? key : `${path}.${key}`;
        if (wanted.has(next)) visit(child, next, membership);
      }
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

/**
 * The values that satisfy one leaf (OR within a field), or undefined when none can. `exists: false` is
 * decided on the whole event (the field-by-field match already checked it), so it binds no element.
 */
function leafChoices(leaf: PatternLeaf, found: PathValues): LeafChoices | undefined {
  if (found.values.length === 0) return { matching: [NO_ARRAY] };
  const matching = found.memberships.filter((_, i) =>
    leaf.conditions.some((condition) => accepts(condition, found.values[i])),
  );
  return matching.length === 0 ? undefined : { matching };
}

/** Whether `condition` accepts one present value: `exists: true` accepts any, `exists: false` none. */
function accepts(condition: unknown, value: unknown): boolean {
  const exists = isRecord(condition) ? condition['exists'] : undefined;
  return typeof exists === 'boolean' ? exists : matchesCondition(condition, value);
}
