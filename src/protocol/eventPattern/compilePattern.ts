import { sameElementChoiceExists, type ArrayMembership, type LeafChoices } from './arrayMembership.js';
import { compileFilter, type ValueTest } from './compileCondition.js';
import { expandPattern, flattenEvent, pathTrie, type PathTrie, type PathValues } from './flatten.js';
import { isRecord, type EventPattern, type PatternLeaf } from './types.js';

/** The event as the matcher reads it: scalar values by dotted path (see `flattenEvent`). */
export type FlatEvent = ReadonlyMap<string, PathValues>;

const NOTHING: PathValues = { values: [], memberships: [] };

/**
 * One leaf of a compiled pattern. `exact` holds its plain values (matched by identity, the way `===`
 * compares JSON scalars) and is what the rule index files the leaf under; `filters` are its content
 * filters; `exists` its `exists` conditions.
 */
export interface CompiledLeaf {
  readonly path: string;
  readonly exact: ReadonlySet<unknown>;
  readonly filters: readonly ValueTest[];
  readonly exists: readonly boolean[];
  /** True when the leaf holds only plain values: an event without one of them cannot match it. */
  readonly exactOnly: boolean;
  /** True when the leaf can match an event that lacks its path (`exists: false`). */
  readonly matchesAbsent: boolean;
  /**
   * True for a leaf of just `exists: false`: under the same-element rule it asks for the field to be
   * missing from the chosen array elements, not from the whole event.
   */
  readonly absentOnly: boolean;
}

/** One `$or`-free alternative: every leaf must match. */
export type CompiledBranch = readonly CompiledLeaf[];

/** A pattern compiled once: its `$or`-free branches with their conditions parsed. */
export interface CompiledPattern {
  readonly branches: readonly CompiledBranch[];
  /** The parts of an event the pattern looks at (see `flattenEvent`). */
  readonly wanted: PathTrie;
}

/**
 * Compile a pattern once so that matching parses no operand and allocates nothing per value. Valid
 * and invalid patterns alike compile; where a pattern is invalid it simply never matches, as with
 * the interpreting matcher.
 */
export function compilePattern(pattern: EventPattern): CompiledPattern {
  const branches = expandPattern(pattern).map((branch) => branch.map(compileLeaf));
  return { branches, wanted: pathTrie(branches.flatMap((branch) => branch.map((leaf) => leaf.path))) };
}

function compileLeaf(leaf: PatternLeaf): CompiledLeaf {
  const exact = new Set<unknown>();
  const filters: ValueTest[] = [];
  const exists: boolean[] = [];
  for (const condition of leaf.conditions) {
    if (!isRecord(condition)) exact.add(condition);
    else if (typeof condition['exists'] === 'boolean') exists.push(condition['exists']);
    else filters.push(compileFilter(condition));
  }
  return {
    path: leaf.path,
    exact,
    filters,
    exists,
    exactOnly: filters.length === 0 && exists.length === 0,
    matchesAbsent: exists.includes(false),
    absentOnly: leaf.conditions.length === 1 && exists[0] === false,
  };
}

/** True when one of the leaf's conditions accepts `value`, a value present in the event. */
function accepts(leaf: CompiledLeaf, value: unknown): boolean {
  if (leaf.exact.has(value)) return true;
  for (const test of leaf.filters) if (test(value)) return true;
  return leaf.exists.includes(true);
}

/**
 * A branch matches when every leaf has a value its conditions accept (OR within a field, AND across
 * fields), and the values can be picked from the same element of every array of objects they share
 * (arrayMembership.ts). Values outside arrays settle a leaf at once; only leaves whose values all sit
 * in arrays go to the search over elements.
 */
export function branchMatches(branch: CompiledBranch, event: FlatEvent): boolean {
  let open: LeafChoices[] | undefined;
  for (const leaf of branch) {
    const found = event.get(leaf.path) ?? NOTHING;
    if (leaf.absentOnly) {
      if (found.values.length > 0) (open ??= []).push({ matching: [], mustBeAbsent: found.memberships });
      continue;
    }
    if (found.values.length === 0) {
      if (leaf.matchesAbsent) continue;
      return false;
    }
    let matching: ArrayMembership[] | undefined;
    let settled = false;
    for (let i = 0; i < found.values.length && !settled; i += 1) {
      if (!accepts(leaf, found.values[i])) continue;
      const membership = found.memberships[i]!;
      if (membership.length === 0) settled = true;
      else (matching ??= []).push(membership);
    }
    if (settled) continue;
    if (matching === undefined) return false;
    (open ??= []).push({ matching });
  }
  return open === undefined || sameElementChoiceExists(open);
}

/** True when some branch of the compiled pattern matches `event`. */
export function compiledMatches(pattern: CompiledPattern, event: unknown): boolean {
  const flat = flattenEvent(event, pattern.wanted);
  return pattern.branches.some((branch) => branchMatches(branch, flat));
}
