import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { Command, StepRecord } from '../../src/core/stepRecord.js';
import type { AppendedStep, EventStore } from '../../src/ports/eventStore.js';
import { storeOnly, type ExecutorContext } from '../../src/runtime/executor.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { tempDbPaths } from '../support/tempFiles.js';
import { child, parent } from './fixtures/storeOnlyMachines.js';

const tempDb = tempDbPaths('store-only-two-writers');

/** A SQLite store that, before its first unit is written, lets `meanwhile` run (another writer on the file). */
class StoreWithAWriterBetween extends SqliteEventStore {
  meanwhile: (() => Promise<unknown>) | undefined;
  readonly units: number[] = [];

  override async appendSteps(steps: readonly AppendedStep[]): Promise<void> {
    const before = this.meanwhile;
    this.meanwhile = undefined;
    await before?.();
    this.units.push(steps.length);
    return super.appendSteps(steps);
  }
}

function runtimeOn(store: EventStore) {
  const calls = { spawn: 0 };
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock: new VirtualClock(), onError: (error) => errors.push(error) });
  runtime.register(child, { ack: storeOnly(async () => ({ type: 'acked' })), work: async () => ({ type: 'worked' }) });
  runtime.register(parent, {
    spawn: storeOnly(async (command: Command, context: ExecutorContext) => {
      calls.spawn += 1;
      const { childId } = command.params as { childId: string };
      await context.start('child', childId, undefined, `${context.idempotencyKey}/child`);
      return { type: 'spawned' };
    }),
  });
  return { runtime, calls, errors };
}

async function history(store: EventStore, streamId: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for await (const record of store.readStream(streamId)) records.push(record);
  return records;
}

describe('a store-only unit on a SQLite file another process writes', () => {
  it('fails whole when another process starts its instance first; the command is then relayed once', async () => {
    const path = tempDb();
    const mine = new StoreWithAWriterBetween({ path });
    const theirs = new SqliteEventStore({ path });
    const here = runtimeOn(mine);
    const there = runtimeOn(theirs);
    let other: Runtime | undefined = there.runtime;
    // Between this process deciding its unit (which starts child-1) and writing it, the other starts child-1.
    mine.meanwhile = async () => {
      await other!.start('child', 'child-1', undefined, { eventId: 'started-elsewhere' });
      await other!.idle();
    };
    await here.runtime.start('parent', 'p-1', undefined);
    await here.runtime.idle();
    other = undefined;

    // The unit (parent's start, child's start and ack, spawn's outcome) was refused; the retried step committed
    // alone and the spawn was relayed, meeting the child the other process had started.
    expect(mine.units).toEqual([4]);
    const parentSteps = await history(mine, 'p-1');
    expect(parentSteps.map((r) => r.stateAfter)).toEqual(['spawning', 'waiting']);
    expect(parentSteps.filter((r) => r.origin.kind === 'command')).toHaveLength(1);
    expect(parentSteps[1]!.links.caused).toEqual(['child-1']);
    const childSteps = await history(theirs, 'child-1');
    expect(childSteps[0]!.eventId).toBe('started-elsewhere');
    expect(childSteps.map((r) => r.stateAfter)).toEqual(['new', 'working', 'done']);
    expect(childSteps.filter((r) => r.origin.kind === 'start')).toHaveLength(1);
    expect(here.errors).toEqual([]);
    expect(there.errors).toEqual([]);
    await here.runtime.close();
    await there.runtime.close();
  });
});
