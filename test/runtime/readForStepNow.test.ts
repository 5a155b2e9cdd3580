import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { StepReadHint, StepView } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { faultyEventStore, isInjectedStoreFault } from '../../src/testing/faultyEventStore.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { counter } from './fixtures/counterMachine.js';

/** Answers step reads at once, from the store it wraps, counting the reads of either kind. */
class AnsweringAtOnce extends ForwardingEventStore {
  readonly reads = { now: 0, promised: 0 };

  constructor(private readonly memory: MemoryEventStore) {
    super(memory);
  }

  readForStepNow(streamId: string, eventId: string, hint?: StepReadHint): StepView {
    this.reads.now += 1;
    return this.memory.readForStepNow(streamId, eventId, hint);
  }

  readForStep(streamId: string, eventId: string, hint?: StepReadHint): Promise<StepView> {
    this.reads.promised += 1;
    return this.memory.readForStep(streamId, eventId, hint);
  }
}

describe('a store that answers step reads at once', () => {
  it('is read without a promise, and its steps are the ones a store read through promises takes', async () => {
    const atOnce = new AnsweringAtOnce(new MemoryEventStore());
    const promised = new ForwardingEventStore(new MemoryEventStore());
    for (const store of [atOnce, promised]) {
      const runtime = createRuntime({ store }).register(counter);
      await runtime.start('counter', 'c-1', undefined, { eventId: 'start-1' });
      await Promise.all([
        runtime.send('c-1', { type: 'INC' }, { eventId: 'e-1' }),
        runtime.send('c-1', { type: 'INC' }),
      ]);
      // The same event id again is a duplicate, told from the read.
      expect((await runtime.send('c-1', { type: 'INC' }, { eventId: 'e-1' })).applied).toBe(false);
      await runtime.close();
    }
    expect(atOnce.reads).toEqual({ now: 4, promised: 0 });
    const states = async (store: ForwardingEventStore) => {
      const records = [];
      for await (const record of store.readStream('c-1')) records.push([record.version, record.state.context]);
      return records;
    };
    expect(await states(atOnce)).toEqual(await states(promised));
    expect(await states(atOnce)).toEqual([
      [1, { count: 0 }],
      [2, { count: 1 }],
      [3, { count: 2 }],
    ]);
  });

  it('answers what its promised read answers, event-id look-up and all', async () => {
    const store = new MemoryEventStore();
    const runtime = createRuntime({ store }).register(counter);
    await runtime.start('counter', 'c-1', undefined);
    await runtime.send('c-1', { type: 'INC' }, { eventId: 'e-1' });
    for (const [eventId, hint] of [
      ['e-1', {}],
      ['e-1', { skipEventLookup: true }],
      ['e-2', {}],
    ] as const) {
      expect(store.readForStepNow('c-1', eventId, hint)).toEqual(await store.readForStep('c-1', eventId, hint));
    }
    expect(store.readForStepNow('c-1', 'e-1').appliedAt).toBe(2);
    expect(store.readForStepNow('missing', 'e-1')).toEqual({ head: undefined, appliedAt: undefined });
    await runtime.close();
  });

  it('failing as it answers, rejects the step with its error and writes nothing', async () => {
    const memory = new MemoryEventStore();
    // Start: its read, then its append; the send's read fails.
    const store = faultyEventStore(memory, ['none', 'none', 'busy']);
    const runtime = createRuntime({ store }).register(counter);
    await runtime.start('counter', 'c-1', undefined);
    const error: unknown = await runtime.send('c-1', { type: 'INC' }).catch((e: unknown) => e);
    expect(isInjectedStoreFault(error)).toBe(true);
    expect(store.injected).toEqual(['busy:readForStepNow']);
    expect((await memory.readHead('c-1'))?.version).toBe(1);
    store.stop();
    expect((await runtime.send('c-1', { type: 'INC' })).record.version).toBe(2);
    await runtime.close();
  });
});
