import Database from 'better-sqlite3';
import type { StepRecord } from '../src/core/stepRecord.js';
import type { EventStore } from '../src/ports/eventStore.js';
import type { BenchRow } from './measure.js';

/**
 * Bytes the SQLite store holds per step and per workflow, against the whole-record JSON it stored before lean records.
 */
export async function recordBytes(store: EventStore, path: string): Promise<{ rows: BenchRow[]; steps: number }> {
  const db = new Database(path, { readonly: true });
  const { steps, bytes } = db
    .prepare<[], { steps: number; bytes: number }>('SELECT COUNT(*) AS steps, SUM(LENGTH(record)) AS bytes FROM steps')
    .get()!;
  const streams = db.prepare<[], { stream_id: string }>('SELECT stream_id FROM instances').all();
  db.close();
  let wholeBytes = 0;
  for (const { stream_id } of streams) {
    for await (const record of store.readStream(stream_id))
      wholeBytes += Buffer.byteLength(JSON.stringify(record satisfies StepRecord));
  }
  // Each workflow is two instances: the invocation of `first` and the one of `second` it delivered to.
  const workflows = streams.length / 2;
  const rows = [
    { name: 'log bytes per step (lean records)', value: bytes / steps, unit: 'B (target ≤ 800)' },
    { name: 'log bytes per step (whole records, as before)', value: wholeBytes / steps, unit: 'B' },
    { name: 'log bytes per workflow (lean records)', value: bytes / workflows, unit: 'B' },
    { name: 'log bytes per workflow (whole records, as before)', value: wholeBytes / workflows, unit: 'B' },
  ];
  return { rows, steps };
}
