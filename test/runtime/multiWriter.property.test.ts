import { setImmediate as nextTurn } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { storeOnly } from '../../src/runtime/executor.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { DelayingEventStore, randomTurns } from '../support/delayingEventStore.js';
import { tempDbPaths } from '../support/tempFiles.js';
import { counter } from './fixtures/counterMachine.js';
import { reminder } from './fixtures/reminderMachine.js';

/** One thing the schedule does, `gap` turns after the one before, without waiting for that one to finish. */
type Op = { readonly gap: number } & (
  | {
      readonly kind: 'send';
      readonly instance: number;
      readonly runtime: number;
      readonly eventId?: number;
      /** Sent through the next runtime too, at once. */
      readonly twice: boolean;
    }
  | { readonly kind: 'advance'; readonly ms: number; readonly runtimes: readonly number[] }
  | { readonly kind: 'idle' | 'recover'; readonly runtime: number }
);

interface Scenario {
  readonly machine: 'counter' | 'reminder';
  /** The reminder's note is store-only: taken within the PING's step, on a store with `appendSteps`. */
  readonly noteInStore: boolean;
  readonly runtimes: number;
  readonly instances: number;
  readonly turnsSeed: number;
  readonly ops: readonly Op[];
}

const gap = fc.nat(3);
const runtime = fc.nat(2);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    // Event ids from a pool of five, so one id goes through two runtimes at once; now and then a fresh one.
    arbitrary: fc.record(
      {
        kind: fc.constant('send' as const),
        instance: fc.nat(2),
        runtime,
        eventId: fc.nat(4),
        twice: fc.boolean(),
        gap,
      },
      { requiredKeys: ['kind', 'instance', 'runtime', 'twice', 'gap'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 200, max: 1500 }),
      runtimes: fc.subarray([0, 1, 2], { minLength: 1 }),
      gap,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('idle' as const, 'recover' as const), runtime, gap }) },
);

const scenarioArbitrary = (runtimes: fc.Arbitrary<number>): fc.Arbitrary<Scenario> =>
  fc.record({
    machine: fc.constantFrom('counter' as const, 'reminder' as const),
    noteInStore: fc.boolean(),
    runtimes,
    instances: fc.integer({ min: 1, max: 3 }),
    turnsSeed: fc.nat(),
    ops: fc.array(opArbitrary, { minLength: 1, maxLength: 24 }),
  });

/** The stores each runtime gets, and one to read the shared log back through. */
type Stores = (count: number, scenario: Scenario) => { readonly stores: EventStore[]; readonly reader: EventStore };

const dbPath = tempDbPaths('multiw');

/** Each runtime's view of one memory store, every call put off; `optionalCalls` see `DelayingEventStore`. */
const memory =
  (optionalCalls: boolean): Stores =>
  (count, { turnsSeed }) => {
    const shared = new MemoryEventStore();
    const stores = Array.from(
      { length: count },
      (_, i) => new DelayingEventStore(shared, randomTurns(turnsSeed + i), { optionalCalls, closesInner: false }),
    );
    return { stores, reader: shared };
  };

/** A connection each to one SQLite file, as it is or with every call put off. */
const sqlite =
  (putOff: { readonly optionalCalls: boolean } | undefined): Stores =>
  (count, { turnsSeed }) => {
    const path = dbPath();
    const stores = Array.from({ length: count }, (_, i): EventStore => {
      const own = new SqliteEventStore({ path });
      if (putOff === undefined) return own;
      return new DelayingEventStore(own, randomTurns(turnsSeed + i), { ...putOff, closesInner: true });
    });
    return { stores, reader: stores[0]! };
  };

const variants: Record<string, Stores> = {
  'one memory store, calls put off, no readForStep or appendSteps': memory(false),
  'one memory store, calls put off, its readForStep and appendSteps': memory(true),
  'one SQLite file, a connection each': sqlite(undefined),
  'one SQLite file, a connection each, calls put off, no readForStep or appendSteps': sqlite({ optionalCalls: false }),
  'one SQLite file, a connection each, calls put off, its readForStep and appendSteps': sqlite({ optionalCalls: true }),
};

/** Runs the schedule, lets every runtime settle and every timer fall due, and checks the log. */
async function run(scenario: Scenario, open: Stores): Promise<void> {
  const clock = new VirtualClock();
  const errors: unknown[] = [];
  const { stores, reader } = open(scenario.runtimes, scenario);
  const executorTurns = randomTurns(scenario.turnsSeed ^ 0x5eed);
  const runtimes: Runtime[] = stores.map((store) => {
    const created = createRuntime({ store, clock, maxStepAttempts: 40, onError: (error) => errors.push(error) });
    const note = async () => {
      await executorTurns();
      return { type: 'noted' };
    };
    created.register(counter).register(reminder, { note: scenario.noteInStore ? storeOnly(note) : note });
    clock.attach(created);
    return created;
  });
  const on = (index: number): Runtime => runtimes[index % runtimes.length]!;
  const ids = Array.from({ length: scenario.instances }, (_, i) => `${scenario.machine}-${i}`);
  try {
    // Each instance started through two runtimes at once: one start is applied, the other found a duplicate.
    await Promise.all(ids.flatMap((id, i) => [i, i + 1].map((r) => on(r).start(scenario.machine, id, undefined))));
    const sent = new Map(ids.map((id) => [id, new Set<string>()]));
    const running: Promise<unknown>[] = [];
    for (const [index, op] of scenario.ops.entries()) {
      for (let turn = 0; turn < op.gap; turn += 1) await nextTurn();
      if (op.kind === 'send') {
        const id = ids[op.instance % ids.length]!;
        const event = { type: scenario.machine === 'counter' ? 'INC' : 'PING' };
        // Without a pool id, a send made once has the runtime make its id; two sends at once share one made here.
        const eventId = op.eventId === undefined ? `fresh-${index}` : `e-${op.eventId}`;
        sent.get(id)!.add(eventId);
        const options = op.eventId === undefined && !op.twice ? {} : { eventId };
        running.push(on(op.runtime).send(id, event, options));
        if (op.twice) running.push(on(op.runtime + 1).send(id, event, options));
      } else if (op.kind === 'advance') {
        clock.jump(op.ms);
        for (const r of op.runtimes) running.push(on(r).fireDue(clock.now()));
      } else if (op.kind === 'idle') await on(op.runtime).idle();
      else running.push(on(op.runtime).recover());
    }
    const failed = (await Promise.allSettled(running)).filter((s) => s.status === 'rejected');
    expect(failed).toEqual([]);
    // Waits for every runtime's commands and fires every timer still to fall due, in every runtime.
    await clock.advance(10_000);
    expect(errors).toEqual([]);
    for (const id of ids) checkStream(scenario.machine, await readAll(reader, id), sent.get(id)!.size);
    expect(await reader.listWork({ dueBy: clock.now() })).toEqual([]);
    expect(await reader.nextTimerDue()).toBeUndefined();
  } finally {
    for (const r of runtimes) await r.close();
  }
}

async function readAll(store: EventStore, streamId: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for await (const record of store.readStream(streamId)) records.push(record);
  return records;
}

/** What the log of one instance must hold once every runtime is quiet, `distinct` events having been sent to it. */
function checkStream(machine: Scenario['machine'], records: readonly StepRecord[], distinct: number): void {
  const eventIds = records.map((r) => r.eventId);
  expect(new Set(eventIds).size, `event ids of ${records[0]?.streamId}: ${eventIds.join(' ')}`).toBe(eventIds.length);
  expect(records.map((r) => r.version)).toEqual(records.map((_, i) => i + 1));
  const head = records.at(-1)!;
  expect(head.pending).toEqual({ commands: [], timers: [] });
  if (machine === 'counter') {
    expect(head.state.context).toEqual({ count: distinct });
    return;
  }
  const issued = records.flatMap((r) => r.commands.map((c) => c.key));
  const acknowledged = records.flatMap((r) => (r.origin.kind === 'command' ? [r.origin.commandKey] : []));
  expect([...acknowledged].sort()).toEqual([...issued].sort());
  const fired = records.flatMap((r, i) => {
    if (r.origin.kind !== 'timer') return [];
    const { timerKey } = r.origin;
    // A timer fires only while the step before it still holds it pending: never after its cancel.
    expect(records[i - 1]?.pending.timers.map((t) => t.key)).toContain(timerKey);
    return [timerKey];
  });
  expect(new Set(fired).size).toBe(fired.length);
  expect(head.state.context).toEqual({ pings: distinct, notes: distinct, reminders: fired.length });
}

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
const runs = process.env['FC_RUNS'] === undefined ? undefined : Number(process.env['FC_RUNS']);

describe('several runtimes writing one store at once (fast-check)', () => {
  afterAll(() => console.log(`multiWriter.property seed=${seed} (replay with FC_SEED=${seed})`));

  for (const [name, open] of Object.entries(variants)) {
    const onFile = name.includes('SQLite');
    it(`${name}: each event, command outcome and timer applied once (seed ${seed})`, async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary(fc.integer({ min: 2, max: 3 })), (scenario) => run(scenario, open)),
        { numRuns: runs ?? (onFile ? 15 : 60), seed },
      );
    });
  }
});
