import { compileFilter, type ValueTest } from './compileCondition.js';
import { expandPattern, flattenEvent, pathTrie, type PathTrie, type PathValues } from './flatten.js';
import { branchMatchesInOneElement } from './sameElement.js';
import { isRecord, type EventPattern, type PatternBranch, type PatternLeaf } from './types.js';

/** The event as the matcher reads it: scalar values by dotted path (see `flattenEvent`). */
type FlatEvent = ReadonlyMap<string, PathValues>;

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
}

/** One `$or`-free alternative: every leaf must match. `source` is the branch as expanded from the pattern. */
export interface CompiledBranch {
  readonly leaves: readonly CompiledLeaf[];
  readonly source: PatternBranch;
}

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
  const branches = expandPattern(pattern).map((source) => ({ leaves: source.map(compileLeaf), source }));
  return { branches, wanted: pathTrie(branches.flatMap((branch) => branch.leaves.map((leaf) => leaf.path))) };
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
  };
}

/** A leaf matches when any of its conditions accepts the values at its path (OR within a field). */
function leafMatches(leaf: CompiledLeaf, values: readonly unknown[]): boolean {
  for (const wanted of leaf.exists) if (wanted === values.length > 0) return true;
  for (const value of values) {
    if (leaf.exact.has(value)) return true;
    for (const test of leaf.filters) if (test(value)) return true;
  }
  return false;
}

/**
 * A branch matches when every leaf does (AND across fields) and, where the values it matched sit in
 * arrays of objects, they come from one element (`branchMatchesInOneElement`, sameElement.ts). That
 * check re-reads the event, so it runs only for a branch that matched field by field and touches an
 * array.
 */
export function branchMatches(branch: CompiledBranch, flat: FlatEvent, event: unknown): boolean {
  let inArrays = false;
  for (const leaf of branch.leaves) {
    const found = flat.get(leaf.path) ?? NOTHING;
    if (!leafMatches(leaf, found.values)) return false;
    if (!inArrays) for (const membership of found.memberships) if (membership.length > 0) inArrays = true;
  }
  return !inArrays || branchMatchesInOneElement(branch.source, event);
}

/** True when some branch of the compiled pattern matches `event`. */
export function compiledMatches(pattern: CompiledPattern, event: unknown): boolean {
  const flat = flattenEvent(event, pattern.wanted);
  return pattern.branches.some((branch) => branchMatches(branch, flat, event));
}
