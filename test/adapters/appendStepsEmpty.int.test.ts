import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { tempDbPaths } from '../support/tempFiles.js';

const tempDb = tempDbPaths('append-steps-empty');

const stores: readonly [string, () => EventStore][] = [
  ['memory', () => new MemoryEventStore()],
  ['sqlite file', () => new SqliteEventStore({ path: tempDb() })],
];

describe.each(stores)('appendSteps of no steps on the %s store', (_name, open) => {
  it('settles at once and writes nothing, with appends beside it committing', async () => {
    const store = open();
    const a = buildRecords('a', []);
    let settled = false;
    void store.appendSteps!([]).then(() => (settled = true));
    // A step appended after it is written by the next batch: by then the empty call has long been answered.
    await store.append(a[0]!, 0);
    expect(settled).toBe(true);
    expect((await store.readHead('a'))?.version).toBe(1);
    await store.close();
  });
});
