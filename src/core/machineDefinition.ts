import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import type { InstanceDescription, PersistedState } from './stepRecord.js';

/**
 * A machine as the runtime knows it: an xstate v5 machine, pinned by id and version, with the schemas
 * that guard its input and the events users may send it.
 */
export interface MachineDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly id: string;
  /** Bump when a change would read an old history differently; instances stay on the version they started with. */
  readonly version: number;
  readonly machine: TMachine;
  /** Validates the input given at start. */
  readonly input?: z.ZodType;
  /** Validates events sent from outside (command outcomes and timers are produced by the runtime). */
  readonly events?: z.ZodType;
  /** One line for listings and the timeline page. */
  readonly description?: string;
  /**
   * Name and outcome of an instance in this state, for listings and the timeline page. Pure: it reads
   * only the persisted state. Its result is stored with each step.
   */
  readonly describe?: (state: PersistedState) => InstanceDescription | undefined;
}

/**
 * Declare a machine for the runtime.
 * @example
 * const def = defineMachine({ id: 'door', version: 1, machine: doorMachine });
 */
export function defineMachine<TMachine extends AnyStateMachine>(
  definition: MachineDefinition<TMachine>,
): MachineDefinition<TMachine> {
  return definition;
}
