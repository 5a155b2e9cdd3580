import { compileFilter, type ValueTest } from './compileCondition.js';
import { expandPattern, flattenEvent, pathPrefixes } from './flatten.js';
import { isRecord, type EventPattern, type PatternLeaf } from './types.js';

/** The event as the matcher reads it: scalar values by dotted path (see `flattenEvent`). */
export type FlatEvent = ReadonlyMap<string, readonly unknown[]>;

const NO_VALUES: readonly unknown[] = [];

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

/** One `$or`-free alternative: every leaf must match. */
export type CompiledBranch = readonly CompiledLeaf[];

/** A pattern compiled once: its `$or`-free branches with their conditions parsed. */
export interface CompiledPattern {
  readonly branches: readonly CompiledBranch[];
  /** The parts of an event the pattern looks at (see `flattenEvent`). */
  readonly wanted: ReadonlySet<string>;
}

/**
 * Compile a pattern once so that matching parses no operand and allocates nothing per value. Valid
 * and invalid patterns alike compile; where a pattern is invalid it simply never matches, as with
 * the interpreting matcher.
 */
export function compilePattern(pattern: EventPattern): CompiledPattern {
  const branches = expandPattern(pattern).map((branch) => branch.map(compileLeaf));
  return { branches, wanted: pathPrefixes(branches.flatMap((branch) => branch.map((leaf) => leaf.path))) };
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
export function leafMatches(leaf: CompiledLeaf, event: FlatEvent): boolean {
  const values = event.get(leaf.path) ?? NO_VALUES;
  for (const wanted of leaf.exists) if (wanted === values.length > 0) return true;
  for (const value of values) {
    if (leaf.exact.has(value)) return true;
    for (const test of leaf.filters) if (test(value)) return true;
  }
  return false;
}

/** A branch matches when every one of its leaves does (AND across fields). */
export function branchMatches(branch: CompiledBranch, event: FlatEvent): boolean {
  for (const leaf of branch) if (!leafMatches(leaf, event)) return false;
  return true;
}

/** True when some branch of the compiled pattern matches `event`. */
export function compiledMatches(pattern: CompiledPattern, event: unknown): boolean {
  const flat = flattenEvent(event, pattern.wanted);
  return pattern.branches.some((branch) => branchMatches(branch, flat));
}
