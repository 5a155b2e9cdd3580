import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { VirtualClock } from '../src/runtime/virtualClock.js';
import { deadline } from '../test/runtime/fixtures/livenessMachines.js';
import { median, type BenchRow } from './measure.js';

/** Seed `count` instances with a due timer each, then time one `recover()` that fires them all. */
async function firingRate(
  openStore: () => { store: EventStore; dispose: () => void },
  count: number,
  timerConcurrency: number,
): Promise<number> {
  const { store, dispose } = openStore();
  const clock = new VirtualClock();
  const seeding = createRuntime({ store, clock }).register(deadline);
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, j) => seeding.start('deadline', `d-${i + j}`, undefined)),
    );
  }
  clock.jump(1500);
  const runtime = createRuntime({ store, clock, timerConcurrency }).register(deadline);
  const started = performance.now();
  const { timers } = await runtime.recover();
  const seconds = (performance.now() - started) / 1000;
  if (timers !== count) throw new Error(`fired ${timers} of ${count} timers`);
  await runtime.close();
  dispose();
  return count / seconds;
}

function sqliteFile(): { store: EventStore; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-timers-'));
  return {
    store: new SqliteEventStore({ path: join(dir, 'events.db') }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const memory = () => ({ store: new MemoryEventStore(), dispose: () => undefined });

/**
 * Due timers fired by `recover()`, one stream at a time against 64 streams at once, alternating the two
 * in rounds on fresh stores and taking medians. `STATEBRIDGE_BENCH_TIMERS` sets the count (default 5,000).
 */
export async function benchDueTimers(
  count = Number(process.env['STATEBRIDGE_BENCH_TIMERS'] ?? 5000),
  rounds = 3,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [name, open] of [
    ['sqlite file', sqliteFile],
    ['memory', memory],
  ] as const) {
    const serial: number[] = [];
    const parallel: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      serial.push(await firingRate(open, count, 1));
      parallel.push(await firingRate(open, count, 64));
    }
    rows.push(
      { name: `${name}: ${count} due timers on recover, 1 stream at a time`, value: median(serial), unit: 'timers/s' },
      {
        name: `${name}: ${count} due timers on recover, 64 streams at a time`,
        value: median(parallel),
        unit: 'timers/s',
      },
      { name: `${name}: 64 at a time / 1 at a time`, value: median(parallel) / median(serial), unit: 'ratio' },
    );
  }
  return rows;
}
