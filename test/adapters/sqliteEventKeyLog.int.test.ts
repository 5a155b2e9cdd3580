import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIND_EVENT_SQL } from '../../src/adapters/sqlite/stepLogLayout.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { withDatabase } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('event-key-log');
const notes = [
  { type: 'NOTE', text: 'waiting' },
  { type: 'NOTE', text: 'more' },
];

/** How SQLite would run the look-up: the index it searches. */
const planOf = (db: Database.Database, sql: string) =>
  db
    .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all('a', 'b')
    .map((row) => row.detail)
    .join('; ');

/** Every table and index as the file declares it, and the log's rows as stored. */
const snapshot = (db: Database.Database) => ({
  schema: db.prepare<[], { name: string }>('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all(),
  steps: db.prepare('SELECT * FROM steps ORDER BY seq').all(),
});

describe('the SQLite log of a new file', () => {
  it("names each step's instance and its event relative to the stream, and finds events through that key", async () => {
    const path = dbPath();
    const store = new SqliteEventStore({ path });
    const [a, b] = [buildRecords('order-7', notes), buildRecords('order-8', notes)];
    for (const [i, record] of a.entries()) await store.append(record, i);
    for (const [i, record] of b.entries()) await store.append(record, i);
    expect(await store.findEvent('order-7', 'order-7-e1')).toBe(2);
    expect(await store.findEvent('order-8', 'order-8-e2')).toBe(3);
    expect(await store.findEvent('order-8', 'order-7-e2')).toBeUndefined();
    expect(await store.findEvent('order-9', 'order-9-e0')).toBeUndefined();
    await store.close();

    withDatabase(path, (db) => {
      const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('steps')").all();
      expect(columns.map((c) => c.name)).toEqual(['seq', 'instance', 'version', 'event_key', 'record']);
      // Both instances' derived ids have the same keys: a wave of new instances adds to one place per key.
      const keys = db.prepare('SELECT instance, event_key FROM steps ORDER BY event_key, instance').all();
      expect(keys).toEqual(
        ['0:-e0', '0:-e1', '0:-e2'].flatMap((key) => [1, 2].map((instance) => ({ instance, event_key: key }))),
      );
      expect(planOf(db, FIND_EVENT_SQL.keyed)).toMatch(
        /steps USING (COVERING )?INDEX steps_by_event_key \(event_key=\? AND instance=\?\)/,
      );
    });
  });

  it("refuses a second row for an instance's event, whichever connection writes it", async () => {
    const path = dbPath();
    const store = new SqliteEventStore({ path });
    const records = buildRecords('order-7', notes);
    for (const [i, record] of records.slice(0, 2).entries()) await store.append(record, i);
    await expect(store.append({ ...records[2]!, eventId: 'order-7-e0' }, 2)).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    withDatabase(path, (db) => {
      const insert = db.prepare('INSERT INTO steps (instance, version, event_key, record) VALUES (1, 9, ?, ?)');
      expect(() => insert.run('0:-e1', '{}')).toThrow(/UNIQUE constraint failed: steps.event_key, steps.instance/);
    });
    await store.append(records[2]!, 2);
    expect(await store.findEvent('order-7', 'order-7-e2')).toBe(3);
    await store.close();
  });
});

// The file of sqliteLeanFile.int.test.ts as the version before this one left it: the log's rows hold the
// stream id and the whole event id, unique per (instance, event_id).
describe('a SQLite file whose log holds stream and event ids, as the version before wrote it', () => {
  function copy(): string {
    const path = dbPath();
    copyFileSync(new URL('./fixtures/instance-keyed-v3.db', import.meta.url).pathname, path);
    return path;
  }

  it('is opened as it is: no table, index or row rewritten', async () => {
    const path = copy();
    const before = withDatabase(path, snapshot);
    expect(before.steps).toHaveLength(48);
    expect(before.schema.map((e) => e.name)).toContain('steps_by_event');
    await new SqliteEventStore({ path }).close();
    expect(withDatabase(path, snapshot)).toEqual(before);
  });

  it('finds old and new events through its index and writes rows the version before can read', async () => {
    const path = copy();
    const store = new SqliteEventStore({ path });
    expect(await store.findEvent('ticket-done', 'ticket-done-e1')).toBe(2);
    const timer = buildRecords('ticket-timer', notes, 1e6);
    await expect(store.append({ ...timer[2]!, eventId: 'ticket-timer-e0' }, 2)).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    await store.append(timer[2]!, 2);
    expect(await store.findEvent('ticket-timer', 'ticket-timer-e2')).toBe(3);
    await store.close();

    withDatabase(path, (db) => {
      const row = db
        .prepare("SELECT instance, stream_id, event_id FROM steps WHERE stream_id = 'ticket-timer' AND version = 3")
        .get();
      expect(row).toEqual({ instance: 4, stream_id: 'ticket-timer', event_id: 'ticket-timer-e2' });
      expect(planOf(db, FIND_EVENT_SQL.streamed)).toMatch(
        /steps USING (COVERING )?INDEX steps_by_event \(instance=\? AND event_id=\?\)/,
      );
      // A process of the version before, sharing the file, is still held to one row per event.
      const insert = db.prepare(
        'INSERT INTO steps (instance, stream_id, version, event_id, record) VALUES (4, ?, 9, ?, ?)',
      );
      expect(() => insert.run('ticket-timer', 'ticket-timer-e2', '{}')).toThrow(/UNIQUE constraint failed/);
    });
  });

  it('gets back the index that keeps one row per event, as every version before recreated it on open', async () => {
    const path = copy();
    withDatabase(path, (db) => db.exec('DROP INDEX steps_by_event'));
    const store = new SqliteEventStore({ path });
    const timer = buildRecords('ticket-timer', notes, 1e6);
    await expect(store.append({ ...timer[2]!, eventId: 'ticket-timer-e0' }, 2)).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    await store.close();
    withDatabase(path, (db) => {
      expect(planOf(db, FIND_EVENT_SQL.streamed)).toMatch(/INDEX steps_by_event \(instance=\? AND event_id=\?\)/);
    });
  });
});
