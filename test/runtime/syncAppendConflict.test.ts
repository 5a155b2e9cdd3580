import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { ConcurrencyConflictError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { StepReadHint, StepView } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { counter } from './fixtures/counterMachine.js';

/**
 * A store that writes synchronously and reports a lost race by throwing, not by rejecting: its first append of
 * a version above 1 finds another writer's step there first (written here, as that writer would).
 */
class ThrowingOnConflict extends ForwardingEventStore {
  appends = 0;
  private raced = false;

  constructor(private readonly memory: MemoryEventStore) {
    super(memory);
  }

  readForStepNow(streamId: string, eventId: string, hint?: StepReadHint): StepView {
    return this.memory.readForStepNow(streamId, eventId, hint);
  }

  append(record: StepRecord, expectedVersion: number): Promise<void> {
    this.appends += 1;
    if (!this.raced && record.version > 1) {
      this.raced = true;
      void this.memory.append({ ...record, eventId: 'other-writer' }, expectedVersion);
      throw new ConcurrencyConflictError(record.streamId, expectedVersion);
    }
    return this.memory.append(record, expectedVersion);
  }
}

describe('a store that throws a conflict from append instead of rejecting', () => {
  for (const answersAtOnce of [true, false]) {
    const reads = answersAtOnce ? 'at once' : 'promised';
    it(`has the step retried as after a rejected conflict (reads ${reads})`, async () => {
      const memory = new MemoryEventStore();
      const store = new ThrowingOnConflict(memory);
      if (!answersAtOnce) Object.assign(store, { readForStepNow: undefined });
      const runtime = createRuntime({ store }).register(counter);
      await runtime.start('counter', 'c-1', undefined);
      const sent = await runtime.send('c-1', { type: 'INC' });
      expect(sent.applied).toBe(true);
      expect(sent.record.version).toBe(3);
      expect(store.appends).toBe(3);
      await runtime.close();
    });
  }
});
