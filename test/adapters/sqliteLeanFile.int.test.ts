import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { replayStream } from '../../src/core/replay.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { counter } from '../runtime/fixtures/counterMachine.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

// Two files with the same content in the two layouts before the current one. The first was written by
// the store with lean log rows in a table keyed by (stream, version) and a lean whole head on each
// instance row; the second is that file as the next version of the store moved it (rowid tables, the log
// indexed by stream id). `ticket-timer` waits on a timer due at 1,060,000, `ticket-command` has a pending
// command, `ticket-done` has ended, and `counter-long` has 41 steps (log checkpoints at versions 1 and 33),
// all at the times `buildRecords` gives.
const FILES = [
  { layout: 'tables keyed by stream', file: 'lean-records-v1.db', withoutRowid: true },
  { layout: 'a log indexed by stream id', file: 'rowid-layout-v2.db', withoutRowid: false },
] as const;

const tempDb = tempDbPaths('lean-file');

async function collect(records: AsyncIterable<StepRecord>): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

const timerRecords = buildRecords(
  'ticket-timer',
  [
    { type: 'NOTE', text: 'waiting' },
    { type: 'NOTE', text: 'more' },
  ],
  1e6,
);
const commandRecords = buildRecords('ticket-command', [{ type: 'SUBMIT' }, { type: 'sent' }], 1e6);

/** How the file declares its log and instance tables, how many log rows each stream has, and their versions. */
function layout(path: string): {
  tables: string[];
  rows: Record<string, number>;
  versions: string[];
  instanceKeys: Record<string, number[]>;
} {
  return withReadOnlyDatabase(path, (db) => {
    const tables = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE name IN ('steps', 'instances') ORDER BY name")
      .all()
      .map((t) => t.sql);
    // The instance key each stream's log rows carry, when the log has one (the stream id is then on the instance).
    const keyed = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('steps')")
      .all()
      .some((c) => c.name === 'instance');
    const rows = keyed ? 'steps AS s JOIN instances AS i ON i.id = s.instance' : 'steps AS s';
    const stream = keyed ? 'i.stream_id' : 's.stream_id';
    const counts = db
      .prepare<[], { stream_id: string; n: number }>(
        `SELECT ${stream} AS stream_id, count(*) AS n FROM ${rows} GROUP BY 1`,
      )
      .all();
    const versions = db
      .prepare<[], { line: string }>("SELECT stream_id || ' ' || version AS line FROM instances")
      .all()
      .map((h) => h.line)
      .sort();
    const keys = keyed
      ? db
          .prepare<[], { stream_id: string; instance: number }>(
            `SELECT DISTINCT ${stream} AS stream_id, s.instance FROM ${rows} ORDER BY 1, 2`,
          )
          .all()
      : [];
    const instanceKeys: Record<string, number[]> = {};
    for (const k of keys) instanceKeys[k.stream_id] = [...(instanceKeys[k.stream_id] ?? []), k.instance];
    return { tables, rows: Object.fromEntries(counts.map((c) => [c.stream_id, c.n])), versions, instanceKeys };
  });
}

function copyOf(file: string): string {
  const path = tempDb();
  copyFileSync(new URL(`./fixtures/${file}`, import.meta.url).pathname, path);
  return path;
}

describe.each(FILES)('SQLite files with lean heads, in $layout', ({ file, withoutRowid }) => {
  const leanCopy = () => copyOf(file);

  it('move their log and instance rows to the current layout, every row kept', async () => {
    const path = leanCopy();
    const before = layout(path);
    expect(before.tables.map((sql) => /WITHOUT ROWID/.test(sql))).toEqual([withoutRowid, withoutRowid]);
    expect(before.instanceKeys).toEqual({});
    await new SqliteEventStore({ path }).close();
    const after = layout(path);
    expect(after.tables.map((sql) => /WITHOUT ROWID/.test(sql))).toEqual([false, false]);
    // Every log row carries its instance's id; ids follow the old creation order (the start order before it).
    expect(after.instanceKeys).toEqual({
      'counter-long': [1],
      'ticket-command': [2],
      'ticket-done': [3],
      'ticket-timer': [4],
    });
    expect(after.rows).toEqual(before.rows);
    expect(after.rows).toEqual({ 'counter-long': 41, 'ticket-command': 2, 'ticket-done': 3, 'ticket-timer': 2 });
    expect(after.versions).toEqual(before.versions);
    expect(after.versions).toHaveLength(4);
    // The heads the instance rows held are gone: they are read from the log.
    expect(before.tables[0]).toMatch(/\bhead TEXT/);
    expect(after.tables[0]).not.toMatch(/\bhead\b/);
    // The log names each event by its key, relative to the stream; the stream id is on the instance row.
    expect(before.tables[1]).toMatch(/\bstream_id TEXT/);
    expect(after.tables[1]).toMatch(/\bevent_key TEXT/);
    expect(after.tables[1]).not.toMatch(/stream_id|event_id/);
    // Opening the moved file again leaves it as it is.
    await new SqliteEventStore({ path }).close();
    expect(layout(path)).toEqual(after);
  });
});

// With them, the same content as the version before this one left it, its log holding stream and event ids
// (see sqliteEventKeyLog.int.test.ts): such a file is read and written without being moved.
describe.each([...FILES, { layout: 'a log with stream and event ids', file: 'instance-keyed-v3.db' }] as const)(
  'SQLite files with lean heads, in $layout, opened by this version',
  ({ file }) => {
    const leanCopy = () => copyOf(file);

    it('read their heads, streams and work indexes as written', async () => {
      await withStore(leanCopy(), async (store) => {
        // Read first, before anything is cached: the work listing decodes every head it lists from the log.
        const work = [...(await store.listWork({ dueBy: 1_060_000 }))].sort((x, y) =>
          x.streamId.localeCompare(y.streamId),
        );
        expect(work).toEqual([commandRecords[1], timerRecords[1]]);
        expect(await store.readHead('ticket-timer')).toEqual(timerRecords[1]);
        expect(await store.readHead('ticket-command')).toEqual(commandRecords[1]);
        expect(await collect(store.readStream('ticket-command'))).toEqual(commandRecords.slice(0, 2));
        expect(await store.nextTimerDue()).toBe(1_060_000);
        expect(await store.findEvent('ticket-done', 'ticket-done-e2')).toBe(3);
        expect(await store.findEvent('ticket-done', 'ticket-timer-e1')).toBeUndefined();
        expect((await store.listWork({ dueBy: 0 })).map((h) => h.streamId)).toEqual(['ticket-command']);
        const long = await collect(store.readStream('counter-long', { fromVersion: 30 }));
        expect(long.map((r) => r.state.context)).toEqual(Array.from({ length: 12 }, (_, i) => ({ count: 29 + i })));
        // Its checkpoints are 32 steps apart, not 8: the head is decoded from version 33 on.
        expect(await withStore(leanCopy(), (fresh) => fresh.readHead('counter-long'))).toEqual(long[11]);
      });
    });

    it('take new steps that keep the listing and work indexes in line with the heads', async () => {
      const path = leanCopy();
      const store = new SqliteEventStore({ path });
      // The same status and timer, a later time: only the update-time index moves; the timer stays indexed.
      await store.append(timerRecords[2]!, 2);
      // The command acknowledged and the instance ended: status changes, the work row goes.
      await store.append(commandRecords[2]!, 2);
      // Before these steps only `ticket-done` had changed at 1,002,000.
      const recent = await store.listInstances({ updatedSince: 1_001_500 });
      expect(recent.items.map((s) => s.instanceId)).toEqual(['ticket-command', 'ticket-done', 'ticket-timer']);
      expect((await store.listInstances({ status: 'done' })).items.map((s) => s.instanceId).sort()).toEqual([
        'ticket-command',
        'ticket-done',
      ]);
      expect(await store.listWork({ dueBy: 0 })).toEqual([]);
      expect((await store.listWork({ dueBy: 1_060_000 })).map((h) => h.version)).toEqual([3]);
      await store.close();

      const clock = new VirtualClock(2_000_000);
      const runtime = createRuntime({ store: new SqliteEventStore({ path }), clock }).register(counter);
      for (let i = 0; i < 10; i += 1) await runtime.send('counter-long', { type: 'INC' }, { eventId: `more-${i}` });
      await runtime.close();

      await withStore(path, async (reopened) => {
        const stream = await collect(reopened.readStream('counter-long'));
        expect(stream.map((r) => r.state.context)).toEqual(Array.from({ length: 51 }, (_, i) => ({ count: i })));
        expect(await reopened.readHead('counter-long')).toEqual(stream[50]);
        expect((await replayStream(counter, stream)).divergences).toEqual([]);
        expect((await reopened.listInstances({ updatedSince: 2_000_000 })).items.map((s) => s.instanceId)).toEqual([
          'counter-long',
        ]);
      });
    });
  },
);
