import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { DelayingEventStore, randomTurns } from '../support/delayingEventStore.js';
import { tempDbPaths } from '../support/tempFiles.js';
import { schedulesOn, type Stores } from './fixtures/multiWriterSchedule.js';

const dbPath = tempDbPaths('multiw');

/** Each runtime's view of one memory store, every call put off; `optionalCalls` see `DelayingEventStore`. */
const memory =
  (optionalCalls: boolean): Stores =>
  (count, { turnsSeed }) => {
    const shared = new MemoryEventStore();
    const stores = Array.from(
      { length: count },
      (_, i) => new DelayingEventStore(shared, randomTurns(turnsSeed + i), { optionalCalls, closesInner: false }),
    );
    return { stores, reader: shared };
  };

/** A connection each to one SQLite file, as it is or with every call put off. */
const sqlite =
  (putOff: { readonly optionalCalls: boolean } | undefined): Stores =>
  (count, { turnsSeed }) => {
    const path = dbPath();
    const stores = Array.from({ length: count }, (_, i): EventStore => {
      const own = new SqliteEventStore({ path });
      if (putOff === undefined) return own;
      return new DelayingEventStore(own, randomTurns(turnsSeed + i), { ...putOff, closesInner: true });
    });
    return { stores, reader: stores[0]! };
  };

const variants: Record<string, Stores> = {
  'one memory store, calls put off, no readForStep or appendSteps': memory(false),
  'one memory store, calls put off, its readForStep and appendSteps': memory(true),
  'one SQLite file, a connection each': sqlite(undefined),
  'one SQLite file, a connection each, calls put off, no readForStep or appendSteps': sqlite({ optionalCalls: false }),
  'one SQLite file, a connection each, calls put off, its readForStep and appendSteps': sqlite({ optionalCalls: true }),
};

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
const runs = process.env['FC_RUNS'] === undefined ? undefined : Number(process.env['FC_RUNS']);

describe('several runtimes writing one store at once (fast-check)', () => {
  afterAll(() => console.log(`multiWriter.property seed=${seed} (replay with FC_SEED=${seed})`));

  for (const [name, open] of Object.entries(variants)) {
    const onFile = name.includes('SQLite');
    it(`${name}: each event, command outcome and timer applied once (seed ${seed})`, async () => {
      await fc.assert(schedulesOn(open), { numRuns: runs ?? (onFile ? 15 : 60), seed });
    });
  }
});
