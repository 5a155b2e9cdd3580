import { branchMatches, compilePattern, type CompiledBranch, type CompiledLeaf } from './compilePattern.js';
import { flattenEvent, pathTrie, type PathTrie } from './flatten.js';
import type { EventPattern } from './types.js';

interface IndexedRule<T> {
  readonly value: T;
  /** Position in insertion order, kept when a rule is replaced, so matches come back in rule order. */
  readonly order: number;
  readonly branches: readonly CompiledBranch[];
  /** The match call that last found this rule, so a rule reached through two branches counts once. */
  matchedIn: number;
}

interface Entry<T> {
  readonly rule: IndexedRule<T>;
  readonly branch: CompiledBranch;
  /** The match call that last made this branch a candidate. */
  seenIn: number;
}

interface Buckets<T> {
  /** Branches filed under one plain value of one of their exact-only leaves: path → value → branches. */
  readonly byValue: Map<string, Map<unknown, Entry<T>[]>>;
  /** Branches filed under a path they need present (no exact-only leaf to file them by). */
  readonly byPath: Map<string, Entry<T>[]>;
  /** Branches that can match with none of their paths present (every leaf allows `exists: false`). */
  readonly always: Entry<T>[];
  /** The parts of an event any rule looks at; the rest is not flattened. */
  readonly wanted: PathTrie;
}

/**
 * Event patterns compiled once and indexed so that routing an event costs about the same whether
 * there are ten rules or ten thousand. Each `$or` branch is filed under one leaf that any matching
 * event must satisfy — preferably a leaf of plain values, and among those the one whose values the
 * fewest other branches share — so an event only looks at the branches filed under values it holds,
 * and checks just those in full.
 * @example
 * const index = new EventPatternIndex<string>();
 * index.set('big-orders', { source: ['shop'], detail: { total: [{ numeric: ['>', 100] }] } }, 'big-orders');
 * index.match({ source: 'shop', detail: { total: 250 } }); // ['big-orders']
 */
export class EventPatternIndex<T> {
  private readonly rules = new Map<string, IndexedRule<T>>();
  private buckets: Buckets<T> | undefined;
  private nextOrder = 0;
  private calls = 0;

  /** Add or replace the pattern stored under `name`; a replaced rule keeps its place in the order. */
  set(name: string, pattern: EventPattern, value: T): void {
    const order = this.rules.get(name)?.order ?? this.nextOrder++;
    this.rules.set(name, { value, order, branches: compilePattern(pattern).branches, matchedIn: 0 });
    this.buckets = undefined;
  }

  /** Remove the pattern stored under `name`; unknown names are ignored. */
  delete(name: string): void {
    if (this.rules.delete(name)) this.buckets = undefined;
  }

  /** The values of every rule whose pattern matches `event`, in the order the rules were first set. */
  match(event: unknown): T[] {
    const buckets = (this.buckets ??= fileBranches(this.rules.values()));
    const flat = flattenEvent(event, buckets.wanted);
    const call = ++this.calls;
    const candidates: Entry<T>[] = [];
    for (const [path, found] of flat) {
      const byValue = buckets.byValue.get(path);
      if (byValue !== undefined) {
        for (const value of found.values) {
          const entries = byValue.get(value);
          if (entries !== undefined) consider(entries, call, candidates);
        }
      }
      const byPath = buckets.byPath.get(path);
      if (byPath !== undefined) consider(byPath, call, candidates);
    }
    consider(buckets.always, call, candidates);
    const matched: IndexedRule<T>[] = [];
    for (const { rule, branch } of candidates) {
      if (rule.matchedIn === call || !branchMatches(branch, flat, event)) continue;
      rule.matchedIn = call;
      matched.push(rule);
    }
    if (matched.length > 1) matched.sort((a, b) => a.order - b.order);
    return matched.map((rule) => rule.value);
  }
}

/** Add the entries not yet seen in this call to the candidates. */
function consider<T>(entries: readonly Entry<T>[], call: number, candidates: Entry<T>[]): void {
  for (const entry of entries) {
    if (entry.seenIn === call) continue;
    entry.seenIn = call;
    candidates.push(entry);
  }
}

/**
 * File every branch under its most selective anchor. The index is rebuilt whole after a change, since
 * how selective a value is depends on every other rule; rules change rarely and events often.
 */
function fileBranches<T>(rules: Iterable<IndexedRule<T>>): Buckets<T> {
  const entries: Entry<T>[] = [];
  for (const rule of rules) for (const branch of rule.branches) entries.push({ rule, branch, seenIn: 0 });
  const valueCounts = new Map<string, Map<unknown, number>>();
  const pathCounts = new Map<string, number>();
  const paths = new Set<string>();
  for (const { branch } of entries) {
    for (const leaf of branch.leaves) {
      paths.add(leaf.path);
      if (leaf.exactOnly) {
        const counts = getOrAdd(valueCounts, leaf.path, () => new Map<unknown, number>());
        for (const value of leaf.exact) counts.set(value, (counts.get(value) ?? 0) + 1);
      } else if (!leaf.matchesAbsent) {
        pathCounts.set(leaf.path, (pathCounts.get(leaf.path) ?? 0) + 1);
      }
    }
  }
  const buckets: Buckets<T> = { byValue: new Map(), byPath: new Map(), always: [], wanted: pathTrie(paths) };
  for (const entry of entries) {
    const anchor = chooseAnchor(entry.branch, valueCounts, pathCounts);
    if (anchor === undefined) {
      buckets.always.push(entry);
    } else if (anchor.exactOnly) {
      // A leaf with no values at all never matches, so its branch is filed nowhere.
      const byValue = getOrAdd(buckets.byValue, anchor.path, () => new Map<unknown, Entry<T>[]>());
      for (const value of anchor.exact) getOrAdd(byValue, value, () => []).push(entry);
    } else {
      getOrAdd(buckets.byPath, anchor.path, () => []).push(entry);
    }
  }
  return buckets;
}

/**
 * The leaf a branch is filed under: the exact-only leaf whose values the fewest branches share, or
 * failing that the required path the fewest branches share; undefined when every leaf allows absence.
 */
function chooseAnchor(
  branch: CompiledBranch,
  valueCounts: ReadonlyMap<string, ReadonlyMap<unknown, number>>,
  pathCounts: ReadonlyMap<string, number>,
): CompiledLeaf | undefined {
  let best: CompiledLeaf | undefined;
  let bestCost = Infinity;
  for (const leaf of branch.leaves) {
    let cost: number;
    if (leaf.exactOnly) {
      cost = 0;
      const counts = valueCounts.get(leaf.path);
      for (const value of leaf.exact) cost += counts?.get(value) ?? 0;
    } else if (!leaf.matchesAbsent) {
      // Any event that has the path reaches a branch filed by path, so such anchors come last.
      cost = Number.MAX_SAFE_INTEGER / 2 + (pathCounts.get(leaf.path) ?? 0);
    } else {
      continue;
    }
    if (cost < bestCost) {
      best = leaf;
      bestCost = cost;
    }
  }
  return best;
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
