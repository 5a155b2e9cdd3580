import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteBusyError } from '../../src/adapters/sqlite/sqliteBusy.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { isConcurrencyConflict, isStatebridgeError } from '../../src/core/errors.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { tempDbPaths } from '../support/tempFiles.js';

const tempDb = tempDbPaths('busy');

describe('SQLite store when another connection holds the write lock', () => {
  it('fails the append with a retryable conflict, writes nothing, and succeeds once the lock is released', async () => {
    const path = tempDb();
    const store = new SqliteEventStore({ path, busyTimeoutMs: 0 });
    const [first, second] = buildRecords('s-1', [{ type: 'NOTE', text: 'a' }]);
    await store.append(first!, 0);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const error = await store.append(second!, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqliteBusyError);
    expect(isConcurrencyConflict(error)).toBe(true);
    expect((error as SqliteBusyError).retryable).toBe(true);
    expect((error as SqliteBusyError).message).toContain('SQLITE_BUSY');
    expect((await store.readHead('s-1'))?.version).toBe(1);
    other.exec('ROLLBACK');
    other.close();
    await store.append(second!, 1);
    expect((await store.readHead('s-1'))?.version).toBe(2);
    await store.close();
  });

  it('sees a version another connection committed after this store last read, and refuses a stale append', async () => {
    const path = tempDb();
    const mine = new SqliteEventStore({ path });
    const theirs = new SqliteEventStore({ path });
    const [first, second] = buildRecords('s-2', [{ type: 'NOTE', text: 'a' }]);
    const [, rival] = buildRecords('s-2', [{ type: 'NOTE', text: 'b' }]);
    await mine.append(first!, 0);
    expect((await mine.readHead('s-2'))?.version).toBe(1);
    await theirs.append(rival!, 1);
    const error = await mine.append(second!, 1).catch((e: unknown) => e);
    expect(isConcurrencyConflict(error)).toBe(true);
    // A head this process wrote or read before must not hide the other process's newer step.
    expect(await mine.readHead('s-2')).toMatchObject({ version: 2, state: { context: { notes: ['b'] } } });
    const versions: number[] = [];
    for await (const record of mine.readStream('s-2')) versions.push(record.version);
    expect(versions).toEqual([1, 2]);
    await Promise.all([mine.close(), theirs.close()]);
  });

  it('rejects a busy timeout that is not a whole number of milliseconds, naming the option', () => {
    let error: unknown;
    try {
      new SqliteEventStore({ path: tempDb(), busyTimeoutMs: -1 });
    } catch (e) {
      error = e;
    }
    expect(isStatebridgeError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('busyTimeoutMs: must be a whole number of milliseconds');
  });
});
