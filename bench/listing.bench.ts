import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import { decide } from '../src/core/step.js';
import type { StepRecord } from '../src/core/stepRecord.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { counter } from '../test/runtime/fixtures/counterMachine.js';
import { compareRates, type BenchRow } from './measure.js';

const INSTANCES = 100_000;
const PAGE = 50;
const LAST_PAGE = INSTANCES / PAGE;
const LAST = LAST_PAGE.toLocaleString('en-US');
const T0 = 1_700_000_000_000;

/**
 * `ls` page time at page 1 and at page 2,000 (the last) of 100,000 instances, 50 a page, in SQLite
 * and in memory, alternating the two pages in rounds; and, on the same SQLite file, the listing
 * query as it was before (a cursor condition the index cannot seek by) at page 2,000.
 */
export async function benchListing(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-listing-bench-'));
  try {
    const path = join(dir, 'listing.db');
    const sqlite = new SqliteEventStore({ path });
    const memory = new MemoryEventStore();
    const template = decide({
      definition: counter,
      streamId: 'template',
      head: undefined,
      eventId: 'template-0',
      event: { type: 'xstate.init', input: undefined },
      origin: { kind: 'start' },
      at: T0,
      links: { correlationId: 'template' },
    }).record;
    for (let from = 0; from < INSTANCES; from += 10_000) {
      const chunk = Array.from({ length: 10_000 }, (_, i) => instance(template, from + i));
      await Promise.all(chunk.map((record) => Promise.all([sqlite.append(record, 0), memory.append(record, 0)])));
    }
    const rows: BenchRow[] = [];
    for (const [name, store] of [
      ['sqlite', sqlite],
      ['memory', memory],
    ] as const) {
      const lastCursor = await cursorOfPage(store, LAST_PAGE);
      const [first, last] = await compareRates(
        async () => (await store.listInstances({ limit: PAGE }), 1),
        async () => (await store.listInstances({ limit: PAGE, cursor: lastCursor }), 1),
        { rounds: 5, ms: 400 },
      );
      rows.push(
        { name: `${name} page 1 of ${LAST}`, value: 1000 / first, unit: 'ms (median)' },
        { name: `${name} page ${LAST} of ${LAST}`, value: 1000 / last, unit: 'ms (median)' },
        { name: `${name} page ${LAST} / page 1`, value: first / last, unit: 'ratio (flat when ≈ 1)' },
      );
      if (store === sqlite) rows.push(...(await previousQuery(path, lastCursor, first)));
    }
    await sqlite.close();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Instance `i`: a copy of the template with its own id, start time (two share each) and update time. */
function instance(template: StepRecord, i: number): StepRecord {
  const streamId = `inst-${String(i).padStart(6, '0')}`;
  const startedAt = T0 + Math.floor(i / 2) * 1000;
  return {
    ...template,
    streamId,
    eventId: `${streamId}-0`,
    startedAt,
    at: startedAt,
    links: { correlationId: streamId },
  };
}

/** Walk the listing to the cursor that fetches page `page`. */
async function cursorOfPage(store: EventStore, page: number): Promise<string> {
  let cursor: string | undefined;
  for (let i = 1; i < page; i += 1) {
    cursor = (await store.listInstances({ limit: PAGE, ...(cursor === undefined ? {} : { cursor }) })).cursor;
  }
  if (cursor === undefined) throw new Error(`listing ended before page ${page}`);
  return cursor;
}

/** The listing query before keyset paging, run on the same file: the OR on the cursor made SQLite scan from the top. */
async function previousQuery(path: string, cursor: string, pageOneRate: number): Promise<BenchRow[]> {
  const db = new Database(path, { readonly: true });
  const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string];
  const statement = db.prepare(
    'SELECT summary FROM instances WHERE (started_at < ? OR (started_at ' +
      '= ? AND stream_id > ?)) ORDER BY started_at DESC, stream_id LIMIT ?',
  );
  const [before] = await compareRates(
    () => (statement.all(startedAt, startedAt, id, PAGE + 1), 1),
    () => 1,
    { rounds: 5, ms: 400 },
  );
  db.close();
  return [
    { name: `sqlite page ${LAST}, query before keyset paging`, value: 1000 / before, unit: 'ms (median)' },
    { name: `sqlite page ${LAST} before / page 1 now`, value: pageOneRate / before, unit: 'ratio' },
  ];
}
