import type { Command, MachineEvent } from '../core/stepRecord.js';
import type { ExecutorContext } from '../runtime/executor.js';
import type { ExecutionFault } from './faults.js';

const LATE = Symbol('statebridge.testing.late');

/** An outcome an executor hands back later: the external call completes only after the clock moved `afterMs` on. */
export interface LateOutcome {
  readonly [LATE]: true;
  readonly afterMs: number;
  readonly event: MachineEvent;
}

/**
 * Return this from a FaultyExecutor to play a call that hangs and answers late (a handler past its
 * deadline, a slow HTTP response): the command finishes now without an outcome, and `event` arrives as
 * its outcome once the virtual clock passed `afterMs` from now.
 * @example
 * return deliverLater(2 * 60_000, { type: 'handlerResult', outcome, at });
 */
export function deliverLater(afterMs: number, event: MachineEvent): LateOutcome {
  return { [LATE]: true, afterMs, event };
}

export function isLate(value: unknown): value is LateOutcome {
  return typeof value === 'object' && value !== null && LATE in value;
}

/** An executor under test: like a CommandExecutor, told which fault (other than a crash) to play. */
export type FaultyExecutor<TWorld> = (
  command: Command,
  context: ExecutorContext,
  fault: Exclude<ExecutionFault, 'crash' | 'reorder'>,
  world: TWorld,
) => Promise<MachineEvent | readonly MachineEvent[] | LateOutcome | void>;
