import type { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject } from 'xstate';
import { candidatesFor, mayTake, stepOf, type Chain, type ChainTransition } from './chainPlan.js';
import { snapshotOf } from './chainSnapshot.js';

/** An action as the step collects it: what xstate's action executor would have been handed. */
export interface CollectedAction {
  readonly type: string;
  readonly info: unknown;
  readonly params: unknown;
  readonly exec: unknown;
}

/** Thrown where the machine does something this step leaves to xstate (spawning, sending, an unknown guard). */
export class LeftToXstate extends Error {}

type Fn = (...args: unknown[]) => unknown;
type Builtin = Fn & { type: string; resolve: Fn; assignment?: unknown };
type ActionSpec = string | Fn | { type: string; params?: unknown };
type GuardSpec = string | Fn | { type: string; params?: unknown };
type Selecting = { next(snapshot: AnyMachineSnapshot, event: EventObject): ChainTransition[] | undefined };

const refuseSpawn = () => {
  throw new LeftToXstate('spawn');
};

/**
 * One macrostep of a machine whose active states form a chain, with xstate's semantics (SCXML order: exit,
 * transition actions, entry; eventless transitions and raised events until the machine rests), but
 * without the full snapshot xstate rebuilds after every assignment: exits and entries are planned once
 * per state and transition, and a snapshot is built only where a guard or the caller needs one.
 */
export class ChainRun {
  readonly actions: CollectedAction[] = [];
  private readonly queue: EventObject[] = [];
  private chain: Chain;
  private context: unknown;
  private status: 'active' | 'done' = 'active';
  private output: unknown = undefined;
  private snapshot: AnyMachineSnapshot | undefined;
  /** Bumped whenever xstate would hand out a new snapshot object (it compares them by identity). */
  private changes = 0;

  constructor(
    private readonly machine: AnyStateMachine,
    private readonly scope: AnyActorScope,
    start: { chain: Chain; context: unknown; snapshot?: AnyMachineSnapshot },
  ) {
    this.chain = start.chain;
    this.context = start.context;
    this.snapshot = start.snapshot;
  }

  /** The snapshot as xstate would hold it now. */
  current(): AnyMachineSnapshot {
    this.snapshot ??= snapshotOf(this.machine, this.chain, this.context, this.status, this.output);
    return this.snapshot;
  }

  /** Take `event`, then run eventless transitions and raised events until the machine rests (xstate's macrostep). */
  macrostep(event: EventObject, initial?: ChainTransition): void {
    if (initial !== undefined) this.microstep(initial, event, true);
    else {
      const selected = this.select(event);
      if (selected !== undefined) this.microstep(selected, event, false);
    }
    let next = event;
    let eventless = true;
    while (this.status === 'active') {
      let enabled: ChainTransition | undefined = eventless ? this.selectEventless(next) : undefined;
      const before: number = enabled === undefined ? -1 : this.changes;
      if (enabled === undefined) {
        const raised = this.queue.shift();
        if (raised === undefined) break;
        next = raised;
        enabled = this.select(next);
      }
      if (enabled !== undefined) this.microstep(enabled, next, false);
      eventless = this.changes !== before;
    }
  }

  private select(event: EventObject): ChainTransition | undefined {
    for (let node: AnyStateNode | undefined = this.chain.leaf; node !== undefined; node = node.parent) {
      if (!mayTake(node, event.type)) continue;
      const candidates = candidatesFor(node, event.type);
      if (candidates === undefined) {
        const found = (node as unknown as Selecting).next(this.current(), event);
        if (found !== undefined && found.length > 0) return found[0];
        continue;
      }
      // xstate's StateNode.next, without the snapshot it would need only for built-in guards.
      for (const t of candidates as readonly (ChainTransition & { guard?: GuardSpec })[]) {
        if (t.guard === undefined || this.guard(t.guard, event)) return t;
      }
    }
    return undefined;
  }

  private selectEventless(event: EventObject): ChainTransition | undefined {
    for (const node of this.chain.withAlways) {
      for (const t of node.always as unknown as (ChainTransition & { guard?: GuardSpec })[]) {
        if (t.guard === undefined || this.guard(t.guard, event)) return t;
      }
    }
    return undefined;
  }

  private guard(guard: GuardSpec, event: EventObject): boolean {
    const inline = typeof guard === 'function';
    const resolved = inline
      ? guard
      : this.machine.implementations.guards[typeof guard === 'string' ? guard : guard.type];
    if (typeof resolved !== 'function') throw new LeftToXstate('guard');
    const params = this.paramsOf(guard, event);
    if ('check' in resolved) throw new LeftToXstate('builtin guard');
    return Boolean((resolved as Fn)({ context: this.context, event }, params));
  }

  /** The params a guard or action reference carries, as xstate resolves them: a function of context and event. */
  private paramsOf(spec: GuardSpec | ActionSpec, event: EventObject): unknown {
    if (typeof spec !== 'object' || !('params' in spec)) return undefined;
    return typeof spec.params === 'function' ? (spec.params as Fn)({ context: this.context, event }) : spec.params;
  }

  private microstep(t: ChainTransition, event: EventObject, initial: boolean): void {
    const step = stepOf(this.chain, t, initial);
    for (const node of step.exit) this.run(node.exit as ActionSpec[], event);
    this.run(t.actions as ActionSpec[], event);
    for (const node of step.enter) {
      this.run(node.entry as ActionSpec[], event);
      if (step.defaultEntry.has(node)) this.run(node.initial.actions as ActionSpec[], event);
      if (node.type === 'final') this.finish(node, event);
    }
    if (step.next !== this.chain) {
      this.chain = step.next;
      this.changed();
    }
    if (this.status === 'done') {
      for (const node of [...this.chain.nodes].reverse()) this.run(node.exit as ActionSpec[], event);
    }
  }

  private finish(node: AnyStateNode, event: EventObject): void {
    const parent = node.parent!;
    const output = (mapper: unknown, on: EventObject) => resolveOutput(mapper, this.context, on, this.scope);
    if (parent.type === 'compound') {
      const done = node.output === undefined ? undefined : output(node.output, event);
      this.queue.push({ type: `xstate.done.state.${parent.id}`, output: done } as EventObject);
    }
    if (parent.parent !== undefined) return;
    const root = this.machine.root;
    this.status = 'done';
    if (root.output !== undefined) {
      const completion = { type: `xstate.done.state.${node.id}`, output: output(node.output, event) };
      this.output = output(root.output, completion);
    }
    this.changed();
  }

  private changed(): void {
    this.changes += 1;
    this.snapshot = undefined;
  }

  /** xstate's resolveAndExecuteActionsWithContext for named actions and assign, raise, cancel, enqueueActions. */
  private run(actions: readonly ActionSpec[], event: EventObject): void {
    for (const action of actions) {
      const inline = typeof action === 'function';
      const resolved = (
        inline ? action : this.machine.implementations.actions[typeof action === 'string' ? action : action.type]
      ) as Fn | Builtin | undefined;
      const info = { context: this.context, event, self: this.scope.self, system: this.scope.system };
      const params = this.paramsOf(action, event);
      if (resolved === undefined || !('resolve' in resolved)) {
        const type = typeof action === 'string' ? action : inline ? action.name || '(anonymous)' : action.type;
        this.actions.push({ type, info, params, exec: resolved });
        continue;
      }
      this.builtin(resolved, info, params);
    }
  }

  private builtin(action: Builtin, info: { context: unknown; event: EventObject }, params: unknown): void {
    switch (action.type) {
      case 'xstate.assign':
        this.assign(action.assignment, info, params);
        return;
      case 'xstate.raise':
      case 'xstate.cancel': {
        const view = { machine: this.machine, context: this.context };
        const [, resolved] = action.resolve(this.scope, view, info, params, action, { internalQueue: this.queue }) as [
          unknown,
          unknown,
        ];
        this.actions.push({ type: action.type, info, params: resolved, exec: undefined });
        return;
      }
      case 'xstate.enqueueActions': {
        const extra = { internalQueue: this.queue };
        const [, , more] = action.resolve(this.scope, this.current(), info, params, action, extra) as unknown[];
        this.run((more ?? []) as ActionSpec[], info.event);
        return;
      }
      default:
        throw new LeftToXstate(action.type);
    }
  }

  private assign(assignment: unknown, info: { context: unknown; event: EventObject }, params: unknown): void {
    const { self, system } = this.scope;
    const args = { context: info.context, event: info.event, spawn: refuseSpawn, self, system };
    let partial: Record<string, unknown>;
    if (typeof assignment === 'function') partial = (assignment as Fn)(args, params) as Record<string, unknown>;
    else {
      partial = {};
      const byKey = assignment as Record<string, unknown>;
      for (const key of Object.keys(byKey)) {
        const value = byKey[key];
        partial[key] = typeof value === 'function' ? (value as Fn)(args, params) : value;
      }
    }
    this.context = Object.assign({}, this.context, partial);
    this.changed();
  }
}

/** xstate's resolveOutput: a function of the context and event, or the value itself. */
function resolveOutput(mapper: unknown, context: unknown, event: EventObject, scope: AnyActorScope): unknown {
  return typeof mapper === 'function' ? (mapper as Fn)({ context, event, self: scope.self }) : mapper;
}
