import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { replayStream } from '../../src/core/replay.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { counter } from '../runtime/fixtures/counterMachine.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

// Written by the store before lean records: a whole record in every log row and no `head` column.
const LEGACY_FILE = new URL('./fixtures/legacy-full-records.db', import.meta.url).pathname;

const tempDb = tempDbPaths('legacy');

function legacyCopy(): string {
  const path = tempDb();
  copyFileSync(LEGACY_FILE, path);
  return path;
}

async function collect(records: AsyncIterable<StepRecord>): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

/** The rows as the old store wrote them, parsed directly. */
function rawRecords(path: string, streamId: string): StepRecord[] {
  return withReadOnlyDatabase(path, (db) =>
    db
      .prepare<[string], { record: string }>('SELECT record FROM steps WHERE stream_id = ? ORDER BY version')
      .all(streamId)
      .map((row) => JSON.parse(row.record) as StepRecord),
  );
}

describe('SQLite files written before lean records', () => {
  it('read as they were: heads, whole streams and streams from a version', async () => {
    const path = legacyCopy();
    const raw = rawRecords(path, 'legacy-long');
    expect(raw).toHaveLength(41);
    await withStore(path, async (store) => {
      expect(await store.readHead('legacy-long')).toEqual(raw[40]);
      expect(await collect(store.readStream('legacy-long', { pageSize: 7 }))).toEqual(raw);
      expect(await collect(store.readStream('legacy-long', { fromVersion: 35 }))).toEqual(raw.slice(34));
      const done = await store.listInstances({ status: 'done' });
      expect(done.items.map((s) => s.instanceId)).toEqual(['legacy-done']);
    });
  });

  it('take new lean steps after the old ones; the mixed stream reads and replays whole after reopening', async () => {
    const path = legacyCopy();
    const raw = rawRecords(path, 'legacy-long');
    const runtime = createRuntime({ store: new SqliteEventStore({ path }) }).register(counter);
    for (let i = 0; i < 40; i += 1) await runtime.send('legacy-long', { type: 'INC' }, { eventId: `new-${i}` });
    await runtime.close();

    await withStore(path, async (store) => {
      const stream = await collect(store.readStream('legacy-long'));
      expect(stream.map((r) => r.version)).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
      expect(stream.slice(0, 41)).toEqual(raw);
      expect(stream[80]!.state.context).toEqual({ count: 80 });
      expect(stream[41]!.stateBefore).toBe('counting');
      expect(stream[41]!.links.correlationId).toBe('legacy-chain');
      expect(await store.readHead('legacy-long')).toEqual(stream[80]);
      expect(await collect(store.readStream('legacy-long', { fromVersion: 70, pageSize: 3 }))).toEqual(
        stream.slice(69),
      );
      const report = await replayStream(counter, stream);
      expect(report.divergences).toEqual([]);
      // The new rows are lean: far smaller than the whole records the old store wrote for the same steps.
      const [oldBytes, newBytes] = withReadOnlyDatabase(path, (db): [number, number] => {
        const bytes = db.prepare<[number, number], { n: number }>(
          `SELECT SUM(LENGTH(s.record)) AS n FROM steps AS s JOIN instances AS i ON i.id = s.instance
           WHERE i.stream_id = 'legacy-long' AND s.version BETWEEN ? AND ?`,
        );
        return [bytes.get(2, 41)!.n, bytes.get(42, 81)!.n];
      });
      expect(newBytes * 2).toBeLessThan(oldBytes);
    });
  });
});
