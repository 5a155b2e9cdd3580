import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { isConcurrencyConflict } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { AppendedStep, EventStore } from '../../src/ports/eventStore.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { tempDbPaths } from '../support/tempFiles.js';

const tempDb = tempDbPaths('append-steps');

async function collect(store: EventStore, streamId: string): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const r of store.readStream(streamId)) out.push(r);
  return out;
}

const step = (record: StepRecord): AppendedStep => ({ record, expectedVersion: record.version - 1 });

const stores: readonly [string, () => { store: EventStore; reopen?: () => EventStore }][] = [
  ['memory', () => ({ store: new MemoryEventStore() })],
  [
    'sqlite file',
    () => {
      const path = tempDb();
      return { store: new SqliteEventStore({ path }), reopen: () => new SqliteEventStore({ path }) };
    },
  ],
];

describe.each(stores)('appendSteps on the %s store', (_name, open) => {
  it('writes the steps of several streams together, in version order within each', async () => {
    const { store, reopen } = open();
    const a = buildRecords('a', [{ type: 'SUBMIT' }]);
    const b = buildRecords('b', [{ type: 'NOTE', text: 'x' }]);
    await store.appendSteps!([step(a[0]!), step(b[0]!), step(b[1]!), step(a[1]!)]);
    expect(await collect(store, 'a')).toEqual(a);
    expect(await collect(store, 'b')).toEqual(b);
    await store.close();
    if (reopen === undefined) return;
    const again = reopen();
    expect(await again.readHead('a')).toEqual(a[1]);
    expect(await collect(again, 'b')).toEqual(b);
    await again.close();
  });

  it('writes none of the steps when one expects a version its stream is not at; appends beside it commit', async () => {
    const { store } = open();
    const a = buildRecords('a', [{ type: 'SUBMIT' }, { type: 'sent' }]);
    const b = buildRecords('b', []);
    const c = buildRecords('c', [{ type: 'SUBMIT' }]);
    await store.append(a[0]!, 0);
    // `a` is at version 1, so its step 3 (expecting 2) is stale; b's start before it must not be written either.
    const unit = store.appendSteps!([step(b[0]!), step(a[2]!)]).catch((e: unknown) => e);
    const beside = store.append(c[0]!, 0);
    expect(isConcurrencyConflict(await unit)).toBe(true);
    await beside;
    expect(await store.readHead('b')).toBeUndefined();
    expect((await store.readHead('a'))?.version).toBe(1);
    expect((await store.readHead('c'))?.version).toBe(1);
    // Nothing of the refused unit lingers: the right one commits after it.
    await store.appendSteps!([step(a[1]!), step(a[2]!), step(b[0]!)]);
    expect(await collect(store, 'a')).toEqual(a);
    expect(await collect(store, 'b')).toEqual(b);
    await store.close();
  });

  it('refuses a unit whose steps of one stream skip a version', async () => {
    const { store } = open();
    const a = buildRecords('a', [{ type: 'SUBMIT' }, { type: 'sent' }]);
    const error = await store.appendSteps!([step(a[0]!), step(a[2]!)]).catch((e: unknown) => e);
    expect(isConcurrencyConflict(error)).toBe(true);
    expect(await store.readHead('a')).toBeUndefined();
    await store.close();
  });
});
