import {
  createActor,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type ExecutableActionsFrom,
} from 'xstate';

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

/** The same as xstate's `transition(machine, snapshot, event)`, without a new actor per call. */
export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): readonly [AnyMachineSnapshot, Actions] {
  return collect(machine, (scope) => machine.transition(snapshot, event, scope));
}

/** The same as xstate's `initialTransition(machine, input)`, without a new actor per call. */
export function pureInitialTransition(
  machine: AnyStateMachine,
  input: unknown,
): readonly [AnyMachineSnapshot, Actions] {
  return collect(machine, (scope) => machine.getInitialSnapshot(scope, input));
}
