import {
  createActor,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type EventObject,
  type ExecutableActionsFrom,
} from 'xstate';
import { chainOf, isChainMachine, type ChainTransition } from './chainPlan.js';
import { ChainRun, LeftToXstate } from './chainStep.js';

type Actions = ExecutableActionsFrom<AnyStateMachine>[];

/**
 * xstate's `transition()` and `initialTransition()` build a throwaway actor for every call, and building
 * one computes the machine's initial snapshot: for a small machine that is more work than the step itself.
 * The scope below is that same inert actor built once per machine; the step only ever collects actions
 * from it (it is never started, and nothing is executed through it).
 */
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

// Persisted machines may not spawn or invoke (the step refuses those actions), but a machine that tries
// registers its children in the scope's system: such a scope is dropped so the next step starts clean.
const SPAWN = 'xstate.spawnChild';

function scopeOf(machine: AnyStateMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (scope === undefined) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      system: self.system,
      actionExecutor: () => {},
    };
    scopes.set(machine, scope);
  }
  return scope;
}

function collect(machine: AnyStateMachine, run: (scope: AnyActorScope) => AnyMachineSnapshot) {
  const scope = scopeOf(machine);
  const actions: Actions = [];
  scope.actionExecutor = (action) => void actions.push(action as Actions[number]);
  let snapshot: AnyMachineSnapshot;
  try {
    snapshot = run(scope);
  } finally {
    scope.actionExecutor = () => {};
  }
  if (actions.some((action) => action.type === SPAWN)) scopes.delete(machine);
  return [snapshot, actions] as const;
}

// Machines whose states always form one chain (most lifecycle machines) take the planned step of
// chainStep.ts; anything it leaves to xstate (spawning, sending, builtin guards, errors) is decided by
// xstate itself from the same snapshot, so both paths give the same result.
const chainMachines = new WeakMap<AnyStateMachine, boolean>();

function isChain(machine: AnyStateMachine): boolean {
  let chain = chainMachines.get(machine);
  if (chain === undefined) {
    chain = isChainMachine(machine);
    chainMachines.set(machine, chain);
  }
  return chain;
}

function planned(machine: AnyStateMachine, run: () => ChainRun | undefined) {
  if (!isChain(machine)) return undefined;
  try {
    const done = run();
    return done === undefined ? undefined : ([done.current(), done.actions as unknown as Actions] as const);
  } catch {
    // What the plan leaves to xstate (LeftToXstate), and whatever the machine's own code throws, are
    // xstate's to decide and to report in its own words: the step is pure, so deciding it again is safe.
    return undefined;
  }
}

/** The same as xstate's `transition(machine, snapshot, event)`, without a new actor per call. */
export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): readonly [AnyMachineSnapshot, Actions] {
  // The planned step, written out rather than through `planned`: a closure made for it on every step was a
  // visible share of the step's allocations.
  const leaf = isChain(machine) ? plannedLeaf(snapshot, event) : undefined;
  if (leaf !== undefined) {
    try {
      const run = new ChainRun(machine, scopeOf(machine), {
        chain: chainOf(leaf),
        context: snapshot.context,
        snapshot,
      });
      run.macrostep(event);
      return [run.current(), run.actions as unknown as Actions];
    } catch {
      // As in `planned`: what the plan leaves to xstate, and what the machine's own code throws, xstate decides.
    }
  }
  return collect(machine, (scope) => machine.transition(snapshot, event, scope));
}

/** The leaf state the planned step starts from, or undefined where xstate decides the step itself. */
function plannedLeaf(snapshot: AnyMachineSnapshot, event: EventObject): AnyStateNode | undefined {
  if (snapshot.status !== 'active' || hasOwnKeys(snapshot.children)) return undefined;
  if (event.type === 'xstate.stop' || event.type.startsWith('xstate.error.actor')) return undefined;
  for (const node of snapshot._nodes as AnyStateNode[])
    if (node.type === 'atomic' || node.type === 'final') return node;
  return undefined;
}

/** Whether `value` has an own enumerable key (as `Object.keys(value).length > 0`, without the array). */
function hasOwnKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

/** The same as xstate's `initialTransition(machine, input)`, without a new actor per call. */
export function pureInitialTransition(
  machine: AnyStateMachine,
  input: unknown,
): readonly [AnyMachineSnapshot, Actions] {
  const fast = planned(machine, () => {
    const scope = scopeOf(machine);
    const factory: unknown = machine.config.context;
    const context =
      typeof factory === 'function'
        ? Object.assign({}, factory({ spawn: refuseSpawn, input, self: scope.self }) as object)
        : (factory ?? {});
    const run = new ChainRun(machine, scope, { chain: chainOf(machine.root), context });
    run.macrostep({ type: 'xstate.init', input } as EventObject, initialTransitionOf(machine));
    return run;
  });
  return fast ?? collect(machine, (scope) => machine.getInitialSnapshot(scope, input));
}

const refuseSpawn = () => {
  throw new LeftToXstate('spawn');
};

const initialTransitions = new WeakMap<AnyStateMachine, ChainTransition>();

/** xstate's initial microstep: the root "re-entered" towards its initial states. */
function initialTransitionOf(machine: AnyStateMachine): ChainTransition {
  let transition = initialTransitions.get(machine);
  if (transition === undefined) {
    const target: AnyStateNode[] = [];
    for (let node: AnyStateNode = machine.root; ; node = node.initial.target[0] as AnyStateNode) {
      target.push(node);
      if (node.type !== 'compound') break;
    }
    transition = { source: machine.root, target, reenter: true, actions: [] };
    initialTransitions.set(machine, transition);
  }
  return transition;
}
