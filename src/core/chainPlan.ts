import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A transition as xstate formats it (the fields the plan reads). */
export interface ChainTransition {
  readonly source: AnyStateNode;
  readonly target: readonly AnyStateNode[] | undefined;
  readonly reenter: boolean;
  readonly actions: readonly unknown[];
}

/** The active states of a machine without parallel regions: the root, then one child at a time, down to a leaf. */
export interface Chain {
  /** Frozen: every snapshot in this chain shares it as its `_nodes` (xstate only reads them). */
  readonly nodes: readonly AnyStateNode[];
  readonly leaf: AnyStateNode;
  /** The tags of the chain's states, as the set a snapshot holds: shared by every snapshot in this chain. */
  readonly tagSet: ReadonlySet<string>;
  /** The chain's state value, deep-frozen: every snapshot (and every persisted state) in this chain shares it. */
  readonly value: unknown;
  /** The nodes (leaf first) whose eventless transitions xstate checks after every microstep. */
  readonly withAlways: readonly AnyStateNode[];
  /** Chains reached from this one, by transition. */
  readonly after: WeakMap<ChainTransition, ChainStep>;
}

/** What one transition does to a chain, in xstate's order: exits (deepest first), then entries (outermost first). */
export interface ChainStep {
  readonly exit: readonly AnyStateNode[];
  readonly enter: readonly AnyStateNode[];
  /** Entered states whose `initial` transition's actions run (entered by default, not targeted deeper). */
  readonly defaultEntry: ReadonlySet<AnyStateNode>;
  readonly next: Chain;
}

const chainsByLeaf = new WeakMap<AnyStateNode, Chain>();

/**
 * Whether every configuration of the machine is a chain: no parallel or history states and no invoked
 * actors, which is what the plan below (and the step that runs it) assumes.
 */
export function isChainMachine(machine: AnyStateMachine): boolean {
  const walk = (node: AnyStateNode): boolean =>
    node.type !== 'parallel' &&
    node.type !== 'history' &&
    node.invoke.length === 0 &&
    Object.values(node.states).every(walk);
  return machine.root.type === 'compound' && walk(machine.root);
}

interface NodeEvents {
  readonly keys: ReadonlySet<string>;
  readonly wildcard: boolean;
  /** Per event type: the transitions the step selects among itself, or null where xstate selects. */
  readonly candidates: Map<string, readonly ChainTransition[] | null>;
}

const eventsByNode = new WeakMap<AnyStateNode, NodeEvents>();

function eventsOf(node: AnyStateNode): NodeEvents {
  let own = eventsByNode.get(node);
  if (own === undefined) {
    const keys = new Set(transitionsOf(node).keys());
    own = { keys, wildcard: [...keys].some((key) => key === '*' || key.endsWith('.*')), candidates: new Map() };
    eventsByNode.set(node, own);
  }
  return own;
}

const transitionsOf = (node: AnyStateNode) =>
  (node as unknown as { transitions: Map<string, readonly ChainTransition[]> }).transitions;

/** Whether `node` may have a transition for `type` (xstate's candidates are its exact key, then wildcards). */
export function mayTake(node: AnyStateNode, type: string): boolean {
  const own = eventsOf(node);
  return own.wildcard || own.keys.has(type);
}

/**
 * The transitions of `node` for `type` in xstate's order, when the step can select among them itself: no
 * wildcard keys, and every guard a function of context and event (inline, or named in `setup({ guards })`),
 * which is all xstate hands such a guard. Undefined where xstate's own selection is needed (wildcards,
 * built-in guards such as `and` or `stateIn`, which read the snapshot).
 */
export function candidatesFor(node: AnyStateNode, type: string): readonly ChainTransition[] | undefined {
  const own = eventsOf(node);
  let candidates = own.candidates.get(type);
  if (candidates === undefined) {
    const exact = transitionsOf(node).get(type) ?? [];
    candidates = !own.wildcard && exact.every((t) => plainGuard(node, t)) ? exact : null;
    own.candidates.set(type, candidates);
  }
  return candidates ?? undefined;
}

function plainGuard(node: AnyStateNode, transition: ChainTransition): boolean {
  const guard = (transition as { guard?: unknown }).guard;
  if (guard === undefined) return true;
  const resolved: unknown =
    typeof guard === 'function'
      ? guard
      : typeof guard === 'string' || (typeof guard === 'object' && guard !== null && 'type' in guard)
        ? node.machine.implementations.guards[typeof guard === 'string' ? guard : String(guard.type)]
        : undefined;
  return typeof resolved === 'function' && !('check' in resolved);
}

/** The chain ending at `leaf` (an atomic or final state). */
export function chainOf(leaf: AnyStateNode): Chain {
  let chain = chainsByLeaf.get(leaf);
  if (chain === undefined) {
    const nodes: AnyStateNode[] = [];
    for (let node: AnyStateNode | undefined = leaf; node !== undefined; node = node.parent) nodes.unshift(node);
    chain = {
      nodes: Object.freeze(nodes),
      leaf,
      tagSet: new Set(nodes.flatMap((node) => node.tags)),
      value: valueOf(nodes),
      withAlways: [...nodes].reverse().filter((node) => node.always !== undefined),
      after: new WeakMap(),
    };
    chainsByLeaf.set(leaf, chain);
  }
  return chain;
}

/** The chain's state value (shared, see `Chain.value`). */
export const chainValue = (chain: Chain): unknown => chain.value;

/** The state value xstate builds for these nodes: `{ a: { b: 'c' } }` for root > a > b > c, `{}` for the root alone. */
function valueOf(path: readonly AnyStateNode[]): unknown {
  if (path.length === 1) return Object.freeze({});
  let value: unknown = path[path.length - 1]!.key;
  for (let i = path.length - 2; i >= 1; i -= 1) value = Object.freeze({ [path[i]!.key]: value });
  return value;
}

/** The effect of `transition` on `chain`, computed once (xstate's exit and entry sets, without history). */
export function stepOf(chain: Chain, transition: ChainTransition, initial = false): ChainStep {
  let step = chain.after.get(transition);
  if (step === undefined) {
    step = computeStep(chain, transition, initial);
    chain.after.set(transition, step);
  }
  return step;
}

function computeStep(chain: Chain, t: ChainTransition, initial: boolean): ChainStep {
  const exit = initial ? [] : exitSet(chain, t);
  const enter = new Set<AnyStateNode>();
  const defaultEntry = new Set<AnyStateNode>();
  entrySet(t, defaultEntry, enter);
  if (initial) defaultEntry.add(chain.nodes[0]!);
  const entered = [...enter].sort((a, b) => a.order - b.order);
  const config = new Set(chain.nodes.filter((node) => !exit.includes(node)));
  for (const node of entered) config.add(node);
  const leaves = [...config].filter((node) => node.type === 'atomic' || node.type === 'final');
  if (leaves.length !== 1 || config.size !== leaves[0]!.path.length + 1) {
    throw new Error(`transition from ${chain.leaf.id} does not end in one chain of states`);
  }
  return { exit: exit.sort((a, b) => b.order - a.order), enter: entered, defaultEntry, next: chainOf(leaves[0]!) };
}

// The functions below follow xstate's own (getTransitionDomain, computeExitSet, computeEntrySet) for
// states that are never parallel or history states.

function isDescendant(child: AnyStateNode, parent: AnyStateNode | undefined): boolean {
  let marker = child;
  while (marker.parent !== undefined && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
}

function properAncestors(node: AnyStateNode, to: AnyStateNode | undefined): AnyStateNode[] {
  const ancestors: AnyStateNode[] = [];
  if (to === node) return ancestors;
  for (let m = node.parent; m !== undefined && m !== to; m = m.parent) ancestors.push(m);
  return ancestors;
}

function transitionDomain(t: ChainTransition): AnyStateNode | undefined {
  const targets = t.target ?? [];
  if (!t.reenter && targets.every((target) => target === t.source || isDescendant(target, t.source))) return t.source;
  const [head, ...tail] = [...targets, t.source];
  for (const ancestor of properAncestors(head, undefined)) {
    if (tail.every((node) => isDescendant(node, ancestor))) return ancestor;
  }
  return t.reenter ? undefined : t.source.machine.root;
}

function exitSet(chain: Chain, t: ChainTransition): AnyStateNode[] {
  const exit = new Set<AnyStateNode>();
  if (t.target?.length) {
    const domain = transitionDomain(t);
    if (t.reenter && t.source === domain) exit.add(domain);
    for (const node of chain.nodes) if (isDescendant(node, domain)) exit.add(node);
  }
  return [...exit];
}

function entrySet(t: ChainTransition, defaultEntry: Set<AnyStateNode>, enter: Set<AnyStateNode>): void {
  const domain = transitionDomain(t);
  for (const s of t.target ?? []) {
    if (t.source !== s || t.source !== domain || t.reenter) {
      enter.add(s);
      defaultEntry.add(s);
    }
    addDescendants(s, defaultEntry, enter);
  }
  for (const s of t.target ?? []) {
    const reentrancyDomain = t.source.parent === undefined && t.reenter ? undefined : domain;
    for (const ancestor of properAncestors(s, domain)) {
      if (reentrancyDomain === undefined || isDescendant(ancestor, reentrancyDomain)) enter.add(ancestor);
    }
  }
}

function addDescendants(node: AnyStateNode, defaultEntry: Set<AnyStateNode>, enter: Set<AnyStateNode>): void {
  if (node.type !== 'compound') return;
  const initial = node.initial.target[0] as AnyStateNode;
  enter.add(initial);
  defaultEntry.add(initial);
  addDescendants(initial, defaultEntry, enter);
  for (const ancestor of properAncestors(initial, node)) enter.add(ancestor);
}
