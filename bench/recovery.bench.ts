import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { VirtualClock } from '../src/runtime/virtualClock.js';
import { buildRecords, ticket } from '../test/contracts/fixtureMachine.js';
import type { BenchRow } from './measure.js';

const INSTANCES = 10_000;
const T0 = 1_700_000_000_000;

/**
 * Write `INSTANCES` tickets straight to the store: each just started (a timer due at +60 s), or submitted too (a
 * pending command).
 */
async function seed(store: EventStore, submitted: boolean): Promise<void> {
  const appends: Promise<void>[] = [];
  for (let i = 0; i < INSTANCES; i += 1) {
    const records = buildRecords(`t-${i}`, submitted ? [{ type: 'SUBMIT' }] : [], T0);
    records.forEach((record, v) => appends.push(store.append(record, v)));
  }
  await Promise.all(appends);
}

/** Milliseconds for a fresh runtime's `recover()` to finish the seeded work (and, for commands, their outcomes). */
async function recoveryMs(open: () => EventStore, submitted: boolean): Promise<number> {
  const seeded = open();
  await seed(seeded, submitted);
  // The store of a process that stopped; a new process opens it (the memory store has no file, so it is the same
  // object).
  const store = seeded instanceof MemoryEventStore ? seeded : (await seeded.close(), open());
  const clock = new VirtualClock(T0 + 61_000);
  let sent = 0;
  const runtime = createRuntime({ store, clock }).register(ticket, {
    notify: () => {
      sent += 1;
      return Promise.resolve({ type: 'sent' });
    },
  });
  const start = performance.now();
  const { commands } = await runtime.recover();
  await runtime.idle();
  const ms = performance.now() - start;
  // Checked from the store, not from recover()'s counts: every instance moved on and nothing is left due.
  const left = await store.listDueTimers({ dueBy: clock.now(), limit: 1 });
  const moved = await store.listInstances({ status: submitted ? 'done' : 'active', limit: INSTANCES + 1 });
  const states = new Set(moved.items.map((s) => s.state));
  const want = submitted ? 'closed' : 'stale';
  if (
    left.length > 0 ||
    moved.items.length !== INSTANCES ||
    states.size !== 1 ||
    !states.has(want) ||
    sent !== (submitted ? INSTANCES : 0) ||
    (submitted && commands !== INSTANCES)
  ) {
    throw new Error(
      `recovery left ${left.length} due timer(s); ${moved.items.length} ` +
        `instances in ${[...states].join(', ')} (want ${want}); ${sent} commands ran`,
    );
  }
  await runtime.close();
  return ms;
}

/** Recovery after a restart: 10,000 due timers and 10,000 pending commands, on the memory store and an SQLite file. */
export async function benchRecovery(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-recovery-'));
  try {
    const rows: BenchRow[] = [];
    let n = 0;
    for (const [name, open] of [
      ['memory', () => new MemoryEventStore()],
      ['sqlite', () => new SqliteEventStore({ path: join(dir, `recovery-${n}.db`) })],
    ] as const) {
      n += 1;
      rows.push({
        name: `${name}: recover 10,000 due timers`,
        value: (await recoveryMs(open, false)) / 1000,
        unit: 's (target < 1.5)',
      });
      n += 1;
      rows.push({
        name: `${name}: recover 10,000 pending commands`,
        value: (await recoveryMs(open, true)) / 1000,
        unit: 's',
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
