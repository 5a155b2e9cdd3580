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
