import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { isConcurrencyConflict } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { counter } from './fixtures/counterMachine.js';
import { tempDirs } from '../support/tempFiles.js';

const tempDir = tempDirs('conc');

/** Counts the conflicts a store reports, to show the retry path really ran. */
function countingConflicts(store: EventStore): { store: EventStore; conflicts: () => number } {
  let conflicts = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.append = async (record: StepRecord, expected: number) => {
    try {
      await store.append(record, expected);
    } catch (error) {
      if (isConcurrencyConflict(error)) conflicts += 1;
      throw error;
    }
  };
  return { store: wrapped, conflicts: () => conflicts };
}

describe('two runtimes writing one SQLite file', () => {
  it('retries conflicting steps from a fresh read and loses none', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.db');
    const a = countingConflicts(new SqliteEventStore({ path }));
    const b = countingConflicts(new SqliteEventStore({ path }));
    const runtimeA = createRuntime({ store: a.store, maxStepAttempts: 30 }).register(counter);
    const runtimeB = createRuntime({ store: b.store, maxStepAttempts: 30 }).register(counter);
    await runtimeA.start('counter', 'shared', undefined);
    const sends = 100;
    await Promise.all(
      Array.from({ length: sends }, (_, i) =>
        (i % 2 === 0 ? runtimeA : runtimeB).send('shared', { type: 'INC' }, { eventId: `inc-${i}` }),
      ),
    );
    const head = await a.store.readHead('shared');
    expect(head?.version).toBe(sends + 1);
    expect(head?.state.context).toEqual({ count: sends });
    expect(a.conflicts() + b.conflicts()).toBeGreaterThan(0);
    await runtimeA.close();
    await runtimeB.close();
  });
});
