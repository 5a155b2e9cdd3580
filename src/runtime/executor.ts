import type { Command, MachineEvent, StepRecord } from '../core/stepRecord.js';
import type { Clock } from '../ports/clock.js';

/** What an executor may do besides returning its outcome: reach other instances, with links kept. */
export interface ExecutorContext {
  readonly instanceId: string;
  /** The idempotency key of this command (`streamId#version#index`): the same on every re-execution. */
  readonly idempotencyKey: string;
  /** The step that produced the command. */
  readonly record: StepRecord;
  readonly clock: Clock;
  /** Start another instance, linked to this command (same correlation id). Idempotent on `key`. */
  start(machineId: string, instanceId: string, input: unknown, key: string): Promise<void>;
  /** Send an event to another instance, linked to this command. Idempotent on `key`. */
  send(instanceId: string, event: MachineEvent, key: string): Promise<void>;
}

/**
 * Carries out one kind of command. It returns the outcome as events for the same instance; throwing is
 * reserved for faults of the executor itself and is recorded as a `statebridge.command.failed` event.
 */
export type CommandExecutor = (
  command: Command,
  context: ExecutorContext,
) => Promise<MachineEvent | readonly MachineEvent[] | void>;

/** Which commands of a store-only executor act on the store alone (all of them, unless told). */
const storeOnlyExecutors = new WeakMap<object, (command: never) => boolean>();

/**
 * Marks an executor whose commands (those `when` accepts) act on nothing but this runtime's store: their
 * outcome, and instances they start with `context.start`. No I/O, nothing outside the store. The runtime
 * then carries such a command out while deciding the step that produced it and commits the step, the
 * instances it started and its outcome in one transaction (on a store with `appendSteps`), rather than one
 * commit after another: nothing outside the store happens before the commit, and the records, ids and
 * links are those of a relayed command. Anything unusual on the way (a send, an error from a start) falls
 * back to relaying the command after the commit. Such an executor reaches other instances only through
 * `context`, never through the runtime itself: it runs while the step that decided it is still open. A start it
 * makes without awaiting, after it has answered, is carried out by the runtime on its own once that step is
 * committed, as when relayed, and not at all if the step is not (a retry of the step runs the executor again).
 * @example
 * const dequeue = storeOnly(async () => ({ type: 'dequeued' }));
 */
export function storeOnly<T extends (command: never, context: ExecutorContext) => unknown>(
  executor: T,
  when: (command: Parameters<T>[0]) => boolean = () => true,
): T {
  storeOnlyExecutors.set(executor, when);
  return executor;
}

/** True when `executor` was marked with `storeOnly` and acts on the store alone for this command. */
export function actsOnStoreOnly(executor: CommandExecutor, command: Command): boolean {
  const when = storeOnlyExecutors.get(executor) as ((command: Command) => boolean) | undefined;
  if (when === undefined) return false;
  // Asked while the step is decided: a `when` that throws must not fail the step, only leave the command to the relay.
  try {
    return when(command);
  } catch {
    return false;
  }
}
