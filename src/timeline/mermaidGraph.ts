import type { AnyStateMachine } from 'xstate';
import type { Json } from '../core/stepRecord.js';

/** Minimal view of an xstate state node, as the graph walk reads it. */
interface Node {
  readonly key: string;
  readonly path: readonly string[];
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly states: Readonly<Record<string, Node>>;
  readonly initial?: { readonly target?: readonly Node[] };
  readonly transitions: ReadonlyMap<string, readonly Transition[]>;
  readonly always?: readonly Transition[];
  readonly after: readonly { readonly delay: number | string; readonly eventType: string }[];
  readonly tags: readonly string[];
}
interface Transition {
  readonly target?: readonly Node[];
  readonly guard?: unknown;
}

/** What to highlight: states an instance visited, and where it is now. */
export interface GraphHighlight {
  readonly visited?: Iterable<string>;
  readonly current?: Iterable<string>;
}

/**
 * Render a machine as a Mermaid `stateDiagram-v2`: nested states as composites, parallel regions
 * separated by `--`, delayed transitions labelled `after Nms`, guards in brackets, and `[*]` for
 * initial and final states. `highlight` takes dotted state paths (`retrying.waiting`).
 * @example
 * const text = toMermaid(definition.machine, { visited: ['queued', 'calling'], current: ['calling'] });
 */
export function toMermaid(machine: AnyStateMachine, highlight: GraphHighlight = {}): string {
  const root = machine.root as unknown as Node;
  const delays = (machine.implementations as { delays?: Record<string, unknown> }).delays ?? {};
  const lines = ['stateDiagram-v2'];
  const all: Node[] = [];
  collect(root, all);
  for (const node of all) lines.push(`  state "${label(node)}" as ${idOf(node)}`);
  const edges = new Map<Node, string[]>();
  for (const node of all) {
    for (const [eventType, transitions] of node.transitions) {
      for (const t of transitions) addEdges(edges, node, t, eventLabel(node, eventType, delays), root);
    }
    for (const t of node.always ?? []) addEdges(edges, node, t, 'always', root);
  }
  emitScope(root, edges, lines, '  ');
  const visited = [...(highlight.visited ?? [])].map(pathId);
  const current = [...(highlight.current ?? [])].map(pathId);
  if (visited.length > 0 || current.length > 0) {
    lines.push('  classDef visited fill:#dbeafe,stroke:#2563eb,color:#1e3a8a');
    lines.push('  classDef current fill:#fef3c7,stroke:#b45309,stroke-width:3px,color:#78350f');
    const onlyVisited = visited.filter((v) => !current.includes(v));
    if (onlyVisited.length > 0) lines.push(`  class ${[...new Set(onlyVisited)].join(',')} visited`);
    if (current.length > 0) lines.push(`  class ${[...new Set(current)].join(',')} current`);
  }
  return `${lines.join('\n')}\n`;
}

/** The state paths a persisted state value covers, each ancestor included: `{a: {b: 'c'}}` → a, a.b, a.b.c. */
export function statePaths(value: Json): string[] {
  const out: string[] = [];
  const walk = (v: Json, prefix: string): void => {
    if (typeof v === 'string') out.push(prefix === '' ? v : `${prefix}.${v}`);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [key, inner] of Object.entries(v)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        out.push(path);
        if (inner !== undefined) walk(inner, path);
      }
    }
  };
  walk(value, '');
  return out;
}

function collect(node: Node, into: Node[]): void {
  for (const child of Object.values(node.states)) {
    into.push(child);
    collect(child, into);
  }
}

function emitScope(scope: Node, edges: ReadonlyMap<Node, string[]>, lines: string[], indent: string): void {
  const children = Object.values(scope.states);
  if (scope.type === 'parallel') {
    children.forEach((region, i) => {
      if (i > 0) lines.push(`${indent}--`);
      emitComposite(region, edges, lines, indent);
    });
  } else {
    const initial = scope.initial?.target?.[0];
    if (initial !== undefined) lines.push(`${indent}[*] --> ${idOf(initial)}`);
    for (const child of children) {
      if (Object.keys(child.states).length > 0) emitComposite(child, edges, lines, indent);
      if (child.type === 'final') lines.push(`${indent}${idOf(child)} --> [*]`);
    }
  }
  for (const edge of edges.get(scope) ?? []) lines.push(`${indent}${edge}`);
}

function emitComposite(node: Node, edges: ReadonlyMap<Node, string[]>, lines: string[], indent: string): void {
  lines.push(`${indent}state ${idOf(node)} {`);
  emitScope(node, edges, lines, `${indent}  `);
  lines.push(`${indent}}`);
}

/**
 * Put each edge in the innermost composite that holds both ends, where Mermaid can draw it. Targetless
 * transitions change no state (they only run actions), so they are not drawn.
 */
function addEdges(edges: Map<Node, string[]>, source: Node, t: Transition, event: string, root: Node): void {
  const targets = t.target ?? [];
  const guard = guardName(t.guard);
  const text = `${event}${guard === undefined ? '' : ` [${guard}]`}`;
  for (const target of targets) {
    const scope = commonAncestor(source, target, root);
    const list = edges.get(scope) ?? [];
    list.push(`${idOf(source)} --> ${idOf(target)}: ${escapeLabel(text)}`);
    edges.set(scope, list);
  }
}

function commonAncestor(a: Node, b: Node, root: Node): Node {
  let scope = root;
  for (let depth = 0; depth < Math.min(a.path.length, b.path.length) - 1; depth += 1) {
    if (a.path[depth] !== b.path[depth]) break;
    const next: Node | undefined = scope.states[a.path[depth]!];
    if (next === undefined) break;
    scope = next;
  }
  return scope;
}

function eventLabel(node: Node, eventType: string, delays: Record<string, unknown>): string {
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.after.')) {
    const after = node.after.find((a) => a.eventType === eventType);
    const delay = after?.delay ?? eventType.split('.')[2];
    if (typeof delay === 'number' || /^\d+$/.test(String(delay))) return `after ${String(delay)}ms`;
    const named = delays[String(delay)];
    return typeof named === 'number' ? `after ${named}ms (${String(delay)})` : `after ${String(delay)}`;
  }
  if (eventType.startsWith('xstate.done.state.')) return 'done';
  return eventType;
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guard';
}

function idOf(node: Node): string {
  return pathId(node.path.join('.'));
}

/** A Mermaid-safe id for a dotted state path (ids may hold only letters, digits and underscores). */
function pathId(path: string): string {
  return `s_${path.replace(/[^A-Za-z0-9]/g, (c) => (c === '.' ? '__' : `_${c.charCodeAt(0).toString(16)}_`))}`;
}

function label(node: Node): string {
  const tags = node.tags.length > 0 ? ` (${node.tags.join(', ')})` : '';
  return escapeLabel(`${node.key}${tags}`).replace(/"/g, "'");
}

function escapeLabel(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[;{}]/g, (c) => `#${c.charCodeAt(0)};`);
}
