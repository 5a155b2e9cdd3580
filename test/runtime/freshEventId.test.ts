import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { ConcurrencyConflictError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { StepReadHint, StepView } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { counter } from './fixtures/counterMachine.js';

/** Records the hint of every step read, and fails the next `conflicts` appends as if another writer won. */
class HintRecordingStore extends ForwardingEventStore {
  readonly hints: StepReadHint[] = [];
  conflicts = 0;

  readForStep(streamId: string, eventId: string, hint: StepReadHint = {}): Promise<StepView> {
    this.hints.push(hint);
    return Promise.all([this.readHead(streamId), this.findEvent(streamId, eventId)]).then(([head, appliedAt]) => ({
      head,
      appliedAt: hint.skipEventLookup === true ? undefined : appliedAt,
    }));
  }

  append(record: StepRecord, expectedVersion: number, json?: string): Promise<void> {
    if (this.conflicts > 0) {
      this.conflicts -= 1;
      return Promise.reject(new ConcurrencyConflictError(record.streamId, expectedVersion));
    }
    return super.append(record, expectedVersion, json);
  }
}

async function started() {
  const store = new HintRecordingStore(new MemoryEventStore());
  const runtime = createRuntime({ store }).register(counter);
  await runtime.start('counter', 'c-1', undefined);
  store.hints.length = 0;
  return { store, runtime };
}

describe('an event id the runtime makes', () => {
  it('is not looked up on the first attempt: no step can hold it yet', async () => {
    const { store, runtime } = await started();
    const result = await runtime.send('c-1', { type: 'INC' });
    expect(result.applied).toBe(true);
    expect(store.hints.map((h) => h.skipEventLookup === true)).toEqual([true]);
  });

  it('is looked up on a retry after a conflict, where a store may have written the first attempt', async () => {
    const { store, runtime } = await started();
    store.conflicts = 1;
    const result = await runtime.send('c-1', { type: 'INC' });
    expect(result.applied).toBe(true);
    expect(store.hints.map((h) => h.skipEventLookup === true)).toEqual([true, false]);
  });

  it('does not spare the lookup of an id the caller gave, so a resend is still a duplicate', async () => {
    const { store, runtime } = await started();
    const first = await runtime.send('c-1', { type: 'INC' }, { eventId: 'inc-1' });
    await runtime.send('c-1', { type: 'INC' });
    const again = await runtime.send('c-1', { type: 'INC' }, { eventId: 'inc-1' });
    expect([first.applied, again.applied]).toEqual([true, false]);
    expect(store.hints.map((h) => h.skipEventLookup === true)).toEqual([false, true, false]);
    await runtime.close();
  });
});
