import { NO_ARRAY, withinArray, type ArrayMembership } from './arrayMembership.js';
import { PATTERN_OPERATORS, isRecord, type EventPattern, type PatternBranch } from './types.js';

/** The scalar values found at one dotted path of an event, each with the arrays it sits in. */
export interface PathValues {
  readonly values: unknown[];
  /** `memberships[i]` locates `values[i]` in the event's arrays (see arrayMembership.ts). */
  readonly memberships: ArrayMembership[];
}

/**
 * The leaf values of an event by dotted path, the way EventBridge sees an event: nested keys are
 * joined with `.` (so an event key `"a.b"` and `{a: {b}}` land on the same path), arrays are
 * flattened into their elements, and only scalars (string, number, boolean, null) are leaves. An
 * empty array or object contributes nothing, which is why `exists` treats it as absent. Each value
 * keeps its array membership so the same-element rule can be applied.
 *
 * The walk follows only `wanted`, the paths the patterns name (see `pathTrie`): parts of the event no
 * pattern looks at are skipped, and no path string is built along the way.
 */
export function flattenEvent(event: unknown, wanted: PathTrie): ReadonlyMap<string, PathValues> {
  const walk: Walk = { leaves: new Map(), arrays: 0 };
  visitWanted(walk, event, wanted, NO_ARRAY);
  return walk.leaves;
}

/** The dotted paths patterns name, split at each `.`: a node per path prefix, holding its full path. */
export interface PathTrie {
  readonly path: string;
  readonly children: Map<string, PathTrie>;
}

/** The trie of `paths` for `flattenEvent`. */
export function pathTrie(paths: Iterable<string>): PathTrie {
  const root: PathTrie = { path: '', children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path.split('.')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { path: node === root ? segment : `${node.path}.${segment}`, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
  }
  return root;
}

interface Walk {
  readonly leaves: Map<string, PathValues>;
  /** Arrays numbered so far; each array gets its own id for the same-element rule. */
  arrays: number;
}

// Module-level functions rather than closures: these run for every event on the bus.
function visitWanted(walk: Walk, value: unknown, node: PathTrie, membership: ArrayMembership): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      const arrayId = walk.arrays++;
      for (let index = 0; index < value.length; index += 1)
        visitWanted(walk, value[index], node, withinArray(membership, arrayId, index));
      return;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      // An empty key at the top leaves the path empty, so the walk stays at the top.
      const child =
        key === '' && node.path === ''
          ? node
          : (node.children.get(key) ?? (key.includes('.') ? descend(node, key) : undefined));
      if (child !== undefined) visitWanted(walk, (value as Record<string, unknown>)[key], child, membership);
    }
  } else if (node.path !== '') {
    addLeaf(walk, node.path, value, membership);
  }
}

/** The node an event key with dots in it leads to, segment by segment, as if its parts were nested. */
function descend(node: PathTrie, key: string): PathTrie | undefined {
  let at: PathTrie | undefined = node;
  for (const segment of key.split('.')) at = at?.children.get(segment);
  return at;
}

function addLeaf(walk: Walk, path: string, value: unknown, membership: ArrayMembership): void {
  const existing = walk.leaves.get(path);
  if (existing === undefined) walk.leaves.set(path, { values: [value], memberships: [membership] });
  else {
    existing.values.push(value);
    existing.memberships.push(membership);
  }
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
    (branch) =>
      isRecord(branch) && Object.keys(branch).length > 0 && !Object.keys(branch).some((k) => isOperatorName(k)),
  );
}

function isOperatorName(key: string): boolean {
  return (PATTERN_OPERATORS as readonly string[]).includes(key);
}
