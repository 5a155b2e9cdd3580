import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { AppendedStep, EventStore } from '../../src/ports/eventStore.js';
import { storeOnly, type ExecutorContext } from '../../src/runtime/executor.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import type { Command } from '../../src/core/stepRecord.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { child, parent } from './fixtures/storeOnlyMachines.js';

/** A store that counts its writes: one `append` per step, one `appendSteps` per unit (with its size). */
class CountingStore extends ForwardingEventStore {
  appends = 0;
  readonly units: number[] = [];

  override append(record: StepRecord, expectedVersion: number): Promise<void> {
    this.appends += 1;
    return this.inner.append(record, expectedVersion);
  }

  appendSteps(steps: readonly AppendedStep[]): Promise<void> {
    this.units.push(steps.length);
    return this.inner.appendSteps!(steps);
  }
}

type Spawn = (command: Command, context: ExecutorContext) => Promise<void>;

/** Parent and child machines on `store`; `spawn` is what the parent's store-only command does before its outcome. */
function world(store: EventStore, spawn: Spawn) {
  const calls = { spawn: 0, ack: 0, work: 0 };
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock: new VirtualClock(), onError: (error) => errors.push(error) });
  runtime.register(child, {
    ack: storeOnly(async () => {
      calls.ack += 1;
      return { type: 'acked' };
    }),
    work: async () => {
      calls.work += 1;
      return { type: 'worked' };
    },
  });
  runtime.register(parent, {
    spawn: storeOnly(async (command: Command, context: ExecutorContext) => {
      calls.spawn += 1;
      await spawn(command, context);
      return { type: 'spawned' };
    }),
  });
  const history = async (streamId: string) => {
    const records: StepRecord[] = [];
    for await (const record of store.readStream(streamId)) records.push(record);
    return records;
  };
  return { runtime, calls, errors, history };
}

const startChild: Spawn = async (command, context) => {
  const { childId } = command.params as { childId: string };
  await context.start('child', childId, undefined, `${context.idempotencyKey}/child`);
};

/** The same world on a store without `appendSteps`, where every command is relayed after its commit. */
async function relayed(spawn: Spawn, prepare?: (w: ReturnType<typeof world>) => Promise<void>) {
  const w = world(new ForwardingEventStore(new MemoryEventStore()), spawn);
  await prepare?.(w);
  await w.runtime.start('parent', 'p-1', undefined);
  await w.runtime.idle();
  return { parent: await w.history('p-1'), child: await w.history('child-1'), calls: w.calls };
}

describe('store-only commands', () => {
  it('commit with the step deciding them, with the instances they start and their outcomes, as relayed', async () => {
    const store = new CountingStore(new MemoryEventStore());
    const w = world(store, startChild);
    const seen: string[] = [];
    w.runtime.onStep((record) => seen.push(`${record.streamId}@${record.version}`));
    await w.runtime.start('parent', 'p-1', undefined);
    await w.runtime.idle();
    // The parent's start, the child's start and acknowledgement, the spawn's outcome: one write. The child's
    // `work` ran after that commit and its outcome is a step of its own.
    expect(store.units).toEqual([4]);
    expect(store.appends).toBe(1);
    expect(seen).toEqual(['p-1@1', 'child-1@1', 'child-1@2', 'p-1@2', 'child-1@3']);
    expect(w.calls).toEqual({ spawn: 1, ack: 1, work: 1 });
    expect(w.errors).toEqual([]);
    const reference = await relayed(startChild);
    expect(await w.history('p-1')).toEqual(reference.parent);
    expect(await w.history('child-1')).toEqual(reference.child);
    expect(reference.calls).toEqual(w.calls);
    expect((await w.history('p-1')).map((r) => r.stateAfter)).toEqual(['spawning', 'waiting']);
  });

  it('are relayed after the commit when one sends an event, which a unit does not take in', async () => {
    const sendToOther: Spawn = async (command, context) => {
      await startChild(command, context);
      await context.send('other', { type: 'worked' }, `${context.idempotencyKey}/other`);
    };
    const prepare = async (w: ReturnType<typeof world>) => {
      await w.runtime.start('child', 'other', undefined);
      await w.runtime.idle();
    };
    const store = new CountingStore(new MemoryEventStore());
    const w = world(store, sendToOther);
    await prepare(w);
    const unitsBefore = store.units.length;
    await w.runtime.start('parent', 'p-1', undefined);
    await w.runtime.idle();
    // The parent's start went alone; its spawn was relayed (the child it started then took its `ack` in).
    expect(store.units.length - unitsBefore).toBe(1);
    const reference = await relayed(sendToOther, prepare);
    expect(await w.history('p-1')).toEqual(reference.parent);
    expect(await w.history('child-1')).toEqual(reference.child);
    // One outcome, recorded once (a failure here: the instance sent to has finished, on both sides alike).
    expect((await w.history('p-1')).filter((r) => r.origin.kind === 'command')).toHaveLength(1);
    expect(w.errors).toEqual([]);
  });

  it('are relayed after the commit when the instance to start exists already', async () => {
    const prepare = async (w: ReturnType<typeof world>) => {
      await w.runtime.start('child', 'child-1', undefined);
      await w.runtime.idle();
    };
    const store = new CountingStore(new MemoryEventStore());
    const w = world(store, startChild);
    await prepare(w);
    const appendsBefore = store.appends;
    await w.runtime.start('parent', 'p-1', undefined);
    await w.runtime.idle();
    expect(store.appends - appendsBefore).toBe(2); // the parent's start, then its spawn's outcome
    const reference = await relayed(startChild, prepare);
    expect(await w.history('p-1')).toEqual(reference.parent);
    expect((await w.history('p-1')).map((r) => r.stateAfter)).toEqual(['spawning', 'waiting']);
    expect(await w.history('child-1')).toEqual(reference.child);
  });
});
