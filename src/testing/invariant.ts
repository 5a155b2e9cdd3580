import type { StepRecord } from '../core/stepRecord.js';

/** One broken promise found in a log. */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
  /** The instance where it shows, when a check looks at several. */
  readonly streamId?: string;
  /** The step where it shows, when there is one. */
  readonly version?: number;
}

/** Everything an invariant may look at after a step: the instance's log, and what the outside world saw. */
export interface InvariantSubject<TWorld = unknown> {
  readonly records: readonly StepRecord[];
  /** Test-specific observations (HTTP responses received, destinations delivered, ...). */
  readonly world: TWorld;
  /** The clock's reading when checked. */
  readonly now: number;
}

/** A named lifecycle invariant: returns the violations it finds (empty when the promise holds). */
export interface Invariant<TWorld = unknown> {
  readonly name: string;
  readonly description: string;
  check(subject: InvariantSubject<TWorld>): readonly Violation[];
}

/**
 * Declare an invariant.
 * @example
 * const neverTwoCommands = invariant('at most one command per step', 'no step issues two commands', ({ records }) =>
 *   records
 *     .filter((r) => r.commands.length > 1)
 *     .map((r) => ({ message: `${r.commands.length} commands`, version: r.version })),
 * );
 */
export function invariant<TWorld = unknown>(
  name: string,
  description: string,
  check: (subject: InvariantSubject<TWorld>) => readonly Omit<Violation, 'invariant'>[],
): Invariant<TWorld> {
  return { name, description, check: (subject) => check(subject).map((v) => ({ invariant: name, ...v })) };
}

/** Run invariants over a subject and collect every violation. */
export function checkInvariants<TWorld>(
  invariants: readonly Invariant<TWorld>[],
  subject: InvariantSubject<TWorld>,
): Violation[] {
  return invariants.flatMap((inv) => inv.check(subject));
}
