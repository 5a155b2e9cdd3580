import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { Command, StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { storeOnly, type ExecutorContext } from '../../src/runtime/executor.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { child, parent } from './fixtures/storeOnlyMachines.js';

/** Parent and child on `store`, the parent's spawn marked store-only with a `when` that throws. */
async function run(store: EventStore) {
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock: new VirtualClock(), onError: (error) => errors.push(error) });
  runtime.register(child, { ack: async () => ({ type: 'acked' }), work: async () => ({ type: 'worked' }) });
  const spawn = async (command: Command, context: ExecutorContext) => {
    const { childId } = command.params as { childId: string };
    await context.start('child', childId, undefined, `${context.idempotencyKey}/child`);
    return { type: 'spawned' };
  };
  const when = (): boolean => {
    throw new Error('cannot tell');
  };
  runtime.register(parent, { spawn: storeOnly(spawn, when) });
  const started = await runtime.start('parent', 'p-1', undefined).catch((error: unknown) => error);
  await runtime.idle();
  const history = async (streamId: string) => {
    const records: StepRecord[] = [];
    for await (const record of store.readStream(streamId)) records.push(record);
    return records;
  };
  return { started, errors, parent: await history('p-1'), child: await history('child-1') };
}

describe('a store-only mark that cannot decide', () => {
  it('leaves the command to the relay: the step commits and the records are those of relaying', async () => {
    const withUnits = await run(new MemoryEventStore());
    const relayed = await run(new ForwardingEventStore(new MemoryEventStore()));
    expect(withUnits.started).not.toBeInstanceOf(Error);
    expect(withUnits.errors).toEqual([]);
    expect(withUnits.parent.map((r) => r.stateAfter)).toEqual(['spawning', 'waiting']);
    expect(withUnits.parent).toEqual(relayed.parent);
    expect(withUnits.child).toEqual(relayed.child);
  });
});

/** Parent and child on `store`, the parent's store-only spawn starting the child without awaiting it. */
async function runNotAwaited(store: EventStore) {
  const runtime = createRuntime({ store, clock: new VirtualClock() });
  runtime.register(child, { ack: async () => ({ type: 'acked' }), work: async () => ({ type: 'worked' }) });
  const late: Promise<unknown>[] = [];
  const spawn = async (command: Command, context: ExecutorContext) => {
    const { childId } = command.params as { childId: string };
    // Made after the executor has answered: a unit planned from it has been handed to the store by then.
    setImmediate(() => late.push(context.start('child', childId, undefined, `${context.idempotencyKey}/child`)));
    return { type: 'spawned' };
  };
  runtime.register(parent, { spawn: storeOnly(spawn) });
  await runtime.start('parent', 'p-1', undefined);
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all(late);
  await runtime.idle();
  const history = async (streamId: string) => {
    const records: StepRecord[] = [];
    for await (const record of store.readStream(streamId)) records.push(record);
    return records;
  };
  return { late: late.length, parent: await history('p-1'), child: await history('child-1') };
}

describe('a store-only executor that starts an instance without awaiting it', () => {
  it('has the start carried out by the runtime, as relaying does, not dropped with its unit', async () => {
    const withUnits = await runNotAwaited(new MemoryEventStore());
    const relayed = await runNotAwaited(new ForwardingEventStore(new MemoryEventStore()));
    expect(withUnits.late).toBe(1);
    expect(withUnits.parent.map((r) => r.stateAfter)).toEqual(['spawning', 'waiting']);
    expect(withUnits.child.map((r) => r.stateAfter)).toEqual(['new', 'working', 'done']);
    expect(withUnits.child).toEqual(relayed.child);
    expect(withUnits.parent).toEqual(relayed.parent);
  });
});
