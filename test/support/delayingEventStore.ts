import type { StepRecord } from '../../src/core/stepRecord.js';
import type {
  AppendedStep,
  DueTimerQuery,
  EventStore,
  ReadStreamOptions,
  StepReadHint,
  StepView,
  WorkQuery,
} from '../../src/ports/eventStore.js';
import { ForwardingEventStore } from './forwardingEventStore.js';

/**
 * A few turns of the event loop, as many and of which kind a seeded generator says: none, some microtasks, or
 * some `setImmediate`s, now and then many (up to `longTurns`: more where each call takes many turns itself, as HTTP
 * to a local server does). The same seed waits the same way, so a schedule that fails can be replayed.
 */
export function randomTurns(seed: number, longTurns = 40): () => Promise<void> {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32: small, seedable and good enough to spread waits.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return async () => {
    // Mostly a turn or three; one wait in four is long, as a slow network holds one call while others go by.
    const roll = next() % 4;
    const turns = roll === 0 ? 4 + (next() % longTurns) : roll - 1;
    const macro = next() % 2 === 0;
    for (let i = 0; i < turns; i += 1)
      await (macro ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve());
  };
}

/**
 * One process's view of a store shared with others: each read and append reaches the store after `wait`, and its
 * answer comes back after another, as a network would put them off. With `optionalCalls` the store's own
 * `readForStep` and `appendSteps` are offered, put off the same way; without, the runtime reads the head and looks
 * the event id up itself, and relays every command after its commit. `readForStepNow` is never offered: it would
 * take the step's read out of the interleaving.
 */
export class DelayingEventStore extends ForwardingEventStore {
  readonly readForStep?: (streamId: string, eventId: string, hint?: StepReadHint) => Promise<StepView>;
  readonly appendSteps?: (steps: readonly AppendedStep[]) => Promise<void>;
  private readonly closesInner: boolean;

  constructor(
    inner: EventStore,
    private readonly wait: () => Promise<void>,
    options: { readonly optionalCalls: boolean; readonly closesInner: boolean },
  ) {
    super(inner);
    this.closesInner = options.closesInner;
    if (!options.optionalCalls) return;
    if (inner.readForStep !== undefined)
      this.readForStep = (streamId, eventId, hint) => this.delayed(() => inner.readForStep!(streamId, eventId, hint));
    if (inner.appendSteps !== undefined) this.appendSteps = (steps) => this.delayed(() => inner.appendSteps!(steps));
  }

  private async delayed<T>(call: () => Promise<T>): Promise<T> {
    await this.wait();
    const answer = await call();
    await this.wait();
    return answer;
  }

  override append(record: StepRecord, expectedVersion: number, json?: string): Promise<void> {
    return this.delayed(() => super.append(record, expectedVersion, json));
  }
  override readHead(streamId: string) {
    return this.delayed(() => super.readHead(streamId));
  }
  override async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StepRecord> {
    await this.wait();
    yield* super.readStream(streamId, options);
  }
  override findEvent(streamId: string, eventId: string) {
    return this.delayed(() => super.findEvent(streamId, eventId));
  }
  override listWork(query: WorkQuery) {
    return this.delayed(() => super.listWork(query));
  }
  override listDueTimers(query: DueTimerQuery) {
    return this.delayed(() => super.listDueTimers(query));
  }
  override nextTimerDue() {
    return this.delayed(() => super.nextTimerDue());
  }
  /** A store shared by several wrappers is closed by whoever made it, not by each runtime that closes. */
  override close(): Promise<void> {
    return this.closesInner ? super.close() : Promise.resolve();
  }
}
