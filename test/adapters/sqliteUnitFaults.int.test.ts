import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { AppendedStep } from '../../src/ports/eventStore.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { tempDbPaths } from '../support/tempFiles.js';

const tempDb = tempDbPaths('unit-faults');

const step = (record: StepRecord): AppendedStep => ({ record, expectedVersion: record.version - 1 });

/** The store's step writer, reached to make one read of an instance row fail inside the write transaction. */
interface WithWriter {
  writer: { versionOf(streamId: string): number };
}

describe('a SQLite unit whose version check cannot read a row', () => {
  it('fails whole and alone: none of its steps is written, and the append beside it gets its own answer', async () => {
    const store = new SqliteEventStore({ path: tempDb() });
    const writer = (store as unknown as WithWriter).writer;
    const versionOf = writer.versionOf.bind(writer);
    let failures = 1;
    writer.versionOf = (streamId) => {
      if (failures-- > 0) throw new Error('disk I/O error (injected)');
      return versionOf(streamId);
    };
    const a = buildRecords('a', []);
    const b = buildRecords('b', [{ type: 'SUBMIT' }]);
    const c = buildRecords('c', []);
    // One batch: the unit (a's start, b's start and next step), then c's start on its own.
    const unit = store.appendSteps([step(a[0]!), step(b[0]!), step(b[1]!)]).then(
      () => 'written',
      (error: unknown) => (error as Error).message,
    );
    const beside = store.append(c[0]!, 0).then(
      () => 'written',
      (error: unknown) => (error as Error).message,
    );
    expect(await unit).toBe('disk I/O error (injected)');
    expect(await beside).toBe('written');
    expect(await store.readHead('a')).toBeUndefined();
    expect(await store.readHead('b')).toBeUndefined();
    expect((await store.readHead('c'))?.version).toBe(1);
    await store.close();
  });
});

/** The store's step writer, reached to make one write fail after the unit's first step is written. */
interface WithStepWrites {
  writer: { write(record: StepRecord, expectedVersion: number, encoded: string | undefined): void };
}

describe('a SQLite unit whose later step fails to write', () => {
  it('rolls the whole batch back, and the same steps then commit whole and read back', async () => {
    const path = tempDb();
    const store = new SqliteEventStore({ path });
    const writer = (store as unknown as WithStepWrites).writer;
    const write = writer.write.bind(writer);
    let writes = 0;
    writer.write = (record, expectedVersion, encoded) => {
      writes += 1;
      if (writes === 3) throw new Error('disk full (injected)'); // c's start, a's step, then b's start
      write(record, expectedVersion, encoded);
    };
    const a = buildRecords('a', [{ type: 'SUBMIT' }]);
    const b = buildRecords('b', []);
    const c = buildRecords('c', []);
    await store.append(a[0]!, 0);
    writes = 0;
    const beside = store.append(c[0]!, 0).catch((error: unknown) => error);
    const unit = store.appendSteps([step(a[1]!), step(b[0]!)]).catch((error: unknown) => error);
    expect(await unit).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await beside).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await store.readHead('a'))?.version).toBe(1);
    expect(await store.readHead('b')).toBeUndefined();
    expect(await store.readHead('c')).toBeUndefined();
    await store.appendSteps([step(a[1]!), step(b[0]!)]);
    await store.append(c[0]!, 0);
    await store.close();
    const again = new SqliteEventStore({ path });
    expect(await again.readHead('a')).toEqual(a[1]);
    expect(await again.readHead('b')).toEqual(b[0]);
    expect((await again.listInstances({ limit: 10 })).items.map((s) => [s.instanceId, s.version]).sort()).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 1],
    ]);
    await again.close();
  });
});
