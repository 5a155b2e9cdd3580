import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyDurability } from '../src/adapters/sqlite/schema.js';
import { eventKeyOf } from '../src/adapters/sqlite/stepLogLayout.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import { decide } from '../src/core/step.js';
import type { StepRecord } from '../src/core/stepRecord.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { newTimeOrderedId } from '../src/runtime/timeOrderedIds.js';
import { counter } from '../test/runtime/fixtures/counterMachine.js';
import { median, opsPerSecond, type BenchRow } from './measure.js';

const CONCURRENCY = 64;

/** SQLite (WAL, synchronous=FULL): runtime steps/s with 64 instances stepping at once, against a bare insert loop. */
export async function benchSqlite(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-bench-'));
  try {
    const store = new SqliteEventStore({ path: join(dir, 'runtime.db') });
    const runtime = createRuntime({ store }).register(counter);
    const ids = Array.from({ length: CONCURRENCY }, (_, i) => `c-${i}`);
    await Promise.all(ids.map((id) => runtime.start('counter', id, undefined)));
    await Promise.all(ids.map((id) => runtime.send(id, { type: 'INC' })));

    // The baseline writes log rows of the size the runtime stores (see `bareInsertLoop`).
    const reader = new Database(join(dir, 'runtime.db'), { readonly: true });
    const row = reader
      .prepare<[], { record: string }>(
        'SELECT s.record FROM steps AS s JOIN instances AS i ON i.id = s.instance ' +
          "WHERE i.stream_id = 'c-0' AND s.version = 2",
      )
      .get()!.record;
    reader.close();
    const bare = bareInsertLoop(join(dir, 'bare.db'), ids, row, false);
    // For context, not the goal: the log with the unique event-id index every store keeps for de-duplication.
    const indexed = bareInsertLoop(join(dir, 'bare-indexed.db'), ids, row, true);
    const runtimeLoop = async () => {
      await Promise.all(ids.map((id) => runtime.send(id, { type: 'INC' })));
      return CONCURRENCY;
    };
    const bareRates: number[] = [];
    const indexedRates: number[] = [];
    const runtimeRates: number[] = [];
    // Nine short rounds rather than five long ones: the median of more rounds moves less with what else the
    // machine is doing (a commit here is mostly an fsync, whose time varies from one second to the next).
    for (let round = 0; round < 9; round += 1) {
      bareRates.push(await opsPerSecond(bare.batch, 450));
      runtimeRates.push(await opsPerSecond(runtimeLoop, 450));
      indexedRates.push(await opsPerSecond(indexed.batch, 450));
    }
    bare.close();
    indexed.close();
    const [bareRate, indexedRate, runtimeRate] = [median(bareRates), median(indexedRates), median(runtimeRates)];

    const history = await historyLatency(runtime, store);
    await runtime.close();
    return [
      { name: 'bare better-sqlite3 inserts/s (64 per txn)', value: bareRate, unit: 'rows/s' },
      { name: 'sqlite runtime steps/s (64 instances)', value: runtimeRate, unit: 'steps/s (target ≥ 5,000)' },
      { name: 'sqlite runtime / bare inserts', value: runtimeRate / bareRate, unit: 'ratio (target ≥ 0.5)' },
      { name: 'bare inserts with the event-id index', value: indexedRate, unit: 'rows/s (context)' },
      {
        name: 'sqlite runtime / bare inserts with the event-id index',
        value: runtimeRate / indexedRate,
        unit: 'ratio',
      },
      { name: 'step latency, 10 events of history', value: history.short, unit: 'ms (median)' },
      { name: 'step latency, 10,000 events of history', value: history.long, unit: 'ms (median)' },
      { name: 'latency at 10,000 / latency at 10', value: history.long / history.short, unit: 'ratio (target ≤ 2)' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median latency of one step on an instance with 10 events of history and on one with 10,000. */
async function historyLatency(
  runtime: ReturnType<typeof createRuntime>,
  store: SqliteEventStore,
): Promise<{ short: number; long: number }> {
  await seed(store, 'short', 10);
  await seed(store, 'long', 10_000);
  const short: number[] = [];
  const long: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    for (const [id, out] of [
      ['short', short],
      ['long', long],
    ] as const) {
      const t = performance.now();
      await runtime.send(id, { type: 'INC' });
      out.push(performance.now() - t);
    }
  }
  return { short: median(short), long: median(long) };
}

/** Write `events` steps of history in one go (through the store's group commit). */
async function seed(store: SqliteEventStore, id: string, events: number): Promise<void> {
  let head: StepRecord | undefined;
  const appends: Promise<void>[] = [];
  for (let i = 0; i < events; i += 1) {
    const record: StepRecord = decide({
      definition: counter,
      streamId: id,
      head,
      eventId: `${id}-${i}`,
      event: i === 0 ? { type: 'xstate.init', input: undefined } : { type: 'INC' },
      origin: i === 0 ? { kind: 'start' } : { kind: 'external' },
      at: Date.now(),
      links: { correlationId: id },
    }).record;
    appends.push(store.append(record, i));
    head = record;
  }
  await Promise.all(appends);
}

/**
 * The baseline: the same durability and checkpoint window (the store's own pragmas), the same log
 * layout, the same batching (64 rows a transaction, the group size the runtime reaches with 64
 * concurrent instances), writing log rows of the same size (a lean step as the runtime stores it); with
 * `eventIndex`, also the key of a fresh event id per row (time-ordered, as the runtime makes them) under the
 * unique (event key, instance) index the store keeps.
 */
function bareInsertLoop(path: string, ids: readonly string[], row: string, eventIndex: boolean) {
  const bare = new Database(path);
  applyDurability(bare);
  // The store's log layout (see ../src/adapters/sqlite/schema.ts): rows in commit order, found by
  // (instance number, version).
  bare.exec(
    'CREATE TABLE steps (seq INTEGER PRIMARY KEY, instance INTEGER NOT NULL, version INTEGER NOT NULL, ' +
      'event_key TEXT NOT NULL, record TEXT NOT NULL); ' +
      'CREATE UNIQUE INDEX steps_by_version ON steps (instance, version)',
  );
  if (eventIndex) bare.exec('CREATE UNIQUE INDEX steps_by_event_key ON steps (event_key, instance)');
  const insert = bare.prepare('INSERT INTO steps (instance, version, event_key, record) VALUES (?, ?, ?, ?)');
  let version = 0;
  const insertBatch = bare.transaction(() => {
    version += 1;
    ids.forEach((id, i) => insert.run(i + 1, version, eventIndex ? eventKeyOf(id, newTimeOrderedId()) : '', row));
  });
  return {
    batch: () => {
      insertBatch();
      return ids.length;
    },
    close: () => bare.close(),
  };
}
