import fc from 'fast-check';

/** What happens to one command execution under the fault model. */
export type ExecutionFault =
  /** Runs normally. */
  | 'none'
  /** The process dies after the step committed and before the command ran; the runtime restarts from the store. */
  | 'crash'
  /** The command runs twice (an at-least-once duplicate). */
  | 'duplicate'
  /** The external call fails (a thrown handler, a refused or 5xx HTTP response); models decide what that means. */
  | 'fail'
  /** The external call is slow: it completes only after the clock moved on. */
  | 'slow'
  /** The call completes normally but its outcome arrives after the outcomes of calls issued with or after it. */
  | 'reorder';

/** Relative weights of the faults the harness draws per command execution. */
export interface FaultWeights {
  readonly none: number;
  readonly crash: number;
  readonly duplicate: number;
  readonly fail: number;
  readonly slow: number;
  /** Optional so weights written before reordering existed keep working (absent = 0). */
  readonly reorder?: number;
}

/** The default mix: mostly normal runs, every fault regularly. */
export const defaultFaultWeights: FaultWeights = { none: 6, crash: 1, duplicate: 1, fail: 2, slow: 1, reorder: 1 };

/** An arbitrary plan of faults, consumed one per command execution (then `none`). */
export function faultPlanArbitrary(
  weights: FaultWeights = defaultFaultWeights,
  maxLength = 40,
): fc.Arbitrary<ExecutionFault[]> {
  const entries = (Object.entries(weights) as [ExecutionFault, number | undefined][]).filter(
    (e): e is [ExecutionFault, number] => (e[1] ?? 0) > 0,
  );
  return fc.array(fc.oneof(...entries.map(([fault, weight]) => ({ arbitrary: fc.constant(fault), weight }))), {
    maxLength,
  });
}

/** Hands out the planned faults in order; `none` once the plan is used up. */
export class FaultPlan {
  private index = 0;
  private stopped = false;
  readonly drawn: ExecutionFault[] = [];

  constructor(private readonly plan: readonly ExecutionFault[]) {}

  /** Play `none` from now on, whatever the plan holds. */
  stop(): void {
    this.stopped = true;
  }

  next(): ExecutionFault {
    const fault = this.stopped ? 'none' : (this.plan[this.index] ?? 'none');
    this.index += 1;
    this.drawn.push(fault);
    return fault;
  }
}

/** What happens to one event store call under the store fault model. */
export type StoreFault =
  /** The call goes through. */
  | 'none'
  /** One call fails with a retryable error (a throttled request, a dropped connection). */
  | 'transient'
  /** One call fails as a locked SQLite database does (`SQLITE_BUSY`). */
  | 'busy'
  /** The store is down: this call and the next few fail with STORE_UNAVAILABLE. */
  | 'unavailable';

/** Relative weights of the store faults drawn per store call. */
export interface StoreFaultWeights {
  readonly none: number;
  readonly transient: number;
  readonly busy: number;
  readonly unavailable: number;
}

/** Mostly healthy calls; every kind of store failure regularly. */
export const defaultStoreFaultWeights: StoreFaultWeights = { none: 12, transient: 2, busy: 2, unavailable: 1 };

/**
 * An arbitrary plan of store faults, consumed one per store call; once used up every call succeeds, so
 * faults always stop. Shrinks towards fewer and earlier-ending faults.
 */
export function storeFaultPlanArbitrary(
  weights: StoreFaultWeights = defaultStoreFaultWeights,
  maxLength = 60,
): fc.Arbitrary<StoreFault[]> {
  const entries = (Object.entries(weights) as [StoreFault, number][]).filter(([, weight]) => weight > 0);
  // 'max': plans of any length up to maxLength (fast-check keeps arrays short by default), so faults reach late calls
  // too.
  return fc.array(fc.oneof(...entries.map(([fault, weight]) => ({ arbitrary: fc.constant(fault), weight }))), {
    maxLength,
    size: 'max',
  });
}
