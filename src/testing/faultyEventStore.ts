import { StatebridgeError } from '../core/errors.js';
import type { EventStore } from '../ports/eventStore.js';
import type { StoreFault } from './faults.js';

/** How many calls in a row fail once the store is drawn `unavailable` (this one included). */
const OUTAGE_CALLS = 4;

/**
 * Every error the fault-injecting store throws carries this marker, so the harness can tell injected faults from bugs.
 */
export const INJECTED = Symbol.for('statebridge.testing.injectedStoreFault');

/** The error a locked SQLite database raises (better-sqlite3's SqliteError has this shape). */
class BusyError extends Error {
  readonly code = 'SQLITE_BUSY';
  readonly [INJECTED] = true;
  constructor(call: string) {
    super(`database is locked (injected SQLITE_BUSY on ${call})`);
    this.name = 'SqliteError';
  }
}

function injectedError(fault: Exclude<StoreFault, 'none'>, call: string): Error {
  if (fault === 'busy') return new BusyError(call);
  const error = new StatebridgeError(
    'STORE_UNAVAILABLE',
    `injected ${fault === 'transient' ? 'transient failure' : 'outage'} on ${call}`,
    { retryable: true, context: { call } },
  );
  return Object.assign(error, { [INJECTED]: true });
}

/** True when `error`, or any error in its `cause` chain, was injected by a FaultyEventStore. */
export function isInjectedStoreFault(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    typeof e === 'object' && e !== null && depth < 8;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    if (INJECTED in e) return true;
  }
  return false;
}

/**
 * An EventStore that fails on purpose: every call (every method of the port, including ones added
 * later) first takes the next fault from a seeded plan. A failed call does nothing; in particular a failed
 * `append` writes nothing, as the port promises. `stop()` ends the faults (the plan also runs out).
 * @example
 * const store = faultyEventStore(new MemoryEventStore(), ['none', 'busy', 'unavailable']);
 */
export function faultyEventStore(inner: EventStore, plan: readonly StoreFault[]): EventStore & FaultControl {
  let index = 0;
  let outage = 0;
  let stopped = false;
  const injected: string[] = [];
  const draw = (call: string): Error | undefined => {
    if (stopped || call === 'close') return undefined;
    let fault: StoreFault = plan[index] ?? 'none';
    index += 1;
    if (outage > 0) {
      outage -= 1;
      fault = 'unavailable';
    } else if (fault === 'unavailable') outage = OUTAGE_CALLS - 1;
    if (fault === 'none') return undefined;
    injected.push(`${fault}:${call}`);
    return injectedError(fault, call);
  };
  const control: FaultControl = {
    stop: () => void (stopped = true),
    get injected() {
      return injected;
    },
  };
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'stop' || property === 'injected') return Reflect.get(control, property);
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const call = String(property);
      if (call === 'readStream') {
        return (...args: unknown[]) =>
          failingStream(
            () => draw(call),
            () => (value as (...a: unknown[]) => AsyncIterable<unknown>).apply(target, args),
          );
      }
      return (...args: unknown[]) => {
        const error = draw(call);
        // A call answered at once (`readForStepNow`) fails as it answers: by throwing.
        if (error !== undefined && ANSWERED_AT_ONCE.has(call)) throw error;
        if (error !== undefined) return Promise.reject(error);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as EventStore & FaultControl;
}

/** The calls of the port that answer without a promise. */
const ANSWERED_AT_ONCE: ReadonlySet<string> = new Set(['readForStepNow']);

/** Switches a FaultyEventStore's faults off and lists what it injected. */
export interface FaultControl {
  /** From now on every call goes through. */
  stop(): void;
  /** The faults injected so far, as `fault:call`, in order. */
  readonly injected: readonly string[];
}

async function* failingStream<T>(draw: () => Error | undefined, open: () => AsyncIterable<T>): AsyncIterable<T> {
  const error = draw();
  if (error !== undefined) throw error;
  yield* open();
}
