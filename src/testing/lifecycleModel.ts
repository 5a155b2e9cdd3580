import type fc from 'fast-check';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { MachineEvent } from '../core/stepRecord.js';
import type { FaultyExecutor } from './harness.js';
import type { Invariant } from './invariant.js';

/** What `checkLifecycle` needs to know about a machine under test. */
export interface LifecycleModel<TInput, TWorld> {
  readonly definition: MachineDefinition;
  /** The start input. */
  readonly input: fc.Arbitrary<TInput>;
  /** Events the outside world may send the instance while it runs (validated with the machine's schema). */
  readonly events?: fc.Arbitrary<MachineEvent>;
  /** A fresh record of what the outside world observed (responses received, deliveries made, ...). */
  readonly world: () => TWorld;
  /** Executors for every named action, told which fault to play. */
  readonly executors: Readonly<Record<string, FaultyExecutor<TWorld>>>;
  /** Checked after every step of every run, with the machine-independent invariants. */
  readonly invariants: readonly Invariant<TWorld>[];
  /** Checked once at the end, after the clock ran `settleMs` further so every timer had its chance. */
  readonly eventually?: readonly Invariant<TWorld>[];
  readonly settleMs?: number;
  /** The instance id used in every run. */
  readonly instanceId?: string;
  /** Commands whose outcomes may arrive out of order (default: all); the service's ordering guarantees decide. */
  readonly reorderable?: readonly string[];
  /** Turn a drawn input into the start input, given the clock's reading at start (e.g. to stamp a receive time). */
  readonly startInput?: (input: TInput, now: number) => unknown;
}
