import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { Command, StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { storeOnly, type ExecutorContext } from '../../src/runtime/executor.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ChainReader } from '../../src/timeline/chainReader.js';
import { renderTimeline } from '../../src/timeline/renderTimeline.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { tempDbPaths } from '../support/tempFiles.js';
import { child, parent } from './fixtures/storeOnlyMachines.js';

const tempDb = tempDbPaths('store-only-records');

/** Two parents, each spawning a child, on `store`; what a reader of the file sees afterwards. */
async function run(store: EventStore) {
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock: new VirtualClock(), onError: (error) => errors.push(error) });
  runtime.register(child, { ack: storeOnly(async () => ({ type: 'acked' })), work: async () => ({ type: 'worked' }) });
  runtime.register(parent, {
    spawn: storeOnly(async (command: Command, context: ExecutorContext) => {
      await context.start('child', `${context.instanceId}-child`, undefined, `${context.idempotencyKey}/child`);
      return { type: 'spawned' };
    }),
  });
  // Started together, so their steps share SQLite batches.
  await Promise.all(['p-1', 'p-2'].map((id) => runtime.start('parent', id, undefined, { eventId: `start-${id}` })));
  await runtime.idle();
  const streams: Record<string, StepRecord[]> = {};
  for (const id of ['p-1', 'p-1-child', 'p-2', 'p-2-child']) {
    streams[id] = [];
    for await (const record of store.readStream(id)) streams[id].push(record);
  }
  let timeline = '';
  const reader = new ChainReader(store, 'p-1', { chain: true });
  await renderTimeline(reader, (text) => void (timeline += text), { showInstance: true, now: () => 0 });
  const listed = (await store.listInstances({ limit: 10 })).items;
  const done = (await store.listInstances({ status: 'done' })).items.map((s) => s.instanceId).sort();
  await runtime.close();
  return { streams, timeline, listed, done, errors };
}

/** A SQLite store that counts the units it is given. */
class CountingSqliteStore extends SqliteEventStore {
  readonly units: number[] = [];
  override appendSteps(steps: Parameters<SqliteEventStore['appendSteps']>[0]): Promise<void> {
    this.units.push(steps.length);
    return super.appendSteps(steps);
  }
}

describe('store-only commands on the SQLite file store', () => {
  it('leave the records, the chain timeline and the instance listing that relaying them leaves', async () => {
    const withUnits = new CountingSqliteStore({ path: tempDb() });
    const inUnits = await run(withUnits);
    const relayed = await run(new ForwardingEventStore(new SqliteEventStore({ path: tempDb() })));
    expect(withUnits.units).toEqual([4, 4]);
    expect(inUnits.errors).toEqual([]);
    expect(relayed.errors).toEqual([]);
    expect(inUnits.streams).toEqual(relayed.streams);
    expect(inUnits.streams['p-2-child']!.map((r) => r.stateAfter)).toEqual(['new', 'working', 'done']);
    expect(inUnits.timeline).toBe(relayed.timeline);
    expect(inUnits.timeline).toContain('p-1-child');
    expect(inUnits.listed).toEqual(relayed.listed);
    expect(inUnits.done).toEqual(['p-1-child', 'p-2-child']);
  });
});
