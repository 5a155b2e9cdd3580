import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { StatebridgeError } from '../../src/core/errors.js';
import type { Command, StepRecord } from '../../src/core/stepRecord.js';
import type { AppendedStep, EventStore } from '../../src/ports/eventStore.js';
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

/** A memory store whose units are refused, as a store that cannot write is: nothing of them is written. */
class RefusingUnits extends ForwardingEventStore {
  appendSteps(): Promise<void> {
    return Promise.reject(new StatebridgeError('STORE_UNAVAILABLE', 'unit refused (test)', { retryable: false }));
  }
}

/** As `runNotAwaited`, the late start made `when` the unit's commit is refused: at once, or a turn later. */
async function runRefused(when: 'before the answer' | 'after the refusal') {
  const store = new RefusingUnits(new MemoryEventStore());
  const runtime = createRuntime({ store, clock: new VirtualClock(), onError: () => undefined });
  runtime.register(child, { ack: async () => ({ type: 'acked' }), work: async () => ({ type: 'worked' }) });
  const late: Promise<unknown>[] = [];
  const spawn = async (command: Command, context: ExecutorContext) => {
    const { childId } = command.params as { childId: string };
    const startChild = () => late.push(context.start('child', childId, undefined, `${context.idempotencyKey}/child`));
    if (when === 'before the answer') queueMicrotask(startChild);
    else setTimeout(startChild, 5);
    return { type: 'spawned' };
  };
  runtime.register(parent, { spawn: storeOnly(spawn) });
  const started = await runtime.start('parent', 'p-1', undefined).then(
    () => 'committed',
    (error: unknown) => (error as Error).message,
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.allSettled(late);
  await runtime.idle();
  const parentHead = await store.readHead('p-1');
  const childHead = await store.readHead('child-1');
  await runtime.close();
  return { started, late: late.length, parent: parentHead?.version, child: childHead?.stateAfter };
}

describe('a store-only executor whose late start comes from a step the store then refuses', () => {
  for (const when of ['before the answer', 'after the refusal'] as const)
    it(`starts nothing: the step that asked for it was never committed (start made ${when})`, async () => {
      const outcome = await runRefused(when);
      expect(outcome.started).toBe('unit refused (test)');
      expect(outcome.late).toBe(1);
      expect(outcome.parent).toBeUndefined();
      expect(outcome.child).toBeUndefined();
    });
});

/** A memory store whose units take 10 ms to be written, or to be refused, and which says what it wrote in order. */
class SlowUnits extends ForwardingEventStore {
  readonly written: string[] = [];
  constructor(
    inner: EventStore,
    private readonly refuse: boolean,
  ) {
    super(inner);
  }
  async appendSteps(steps: readonly AppendedStep[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.refuse) throw new StatebridgeError('STORE_UNAVAILABLE', 'unit refused (test)', { retryable: false });
    await this.inner.appendSteps!(steps);
    this.written.push(`unit of ${steps[0]!.record.streamId}`);
  }
  async append(record: StepRecord, expectedVersion: number): Promise<void> {
    await this.inner.append(record, expectedVersion);
    this.written.push(`${record.streamId} v${record.version}`);
  }
}

/** The late start made while the unit's commit is under way (after the executor answered, before the store did). */
async function runWhileCommitting(refuse: boolean) {
  const store = new SlowUnits(new MemoryEventStore(), refuse);
  const runtime = createRuntime({ store, clock: new VirtualClock(), onError: () => undefined });
  runtime.register(child, { ack: async () => ({ type: 'acked' }), work: async () => ({ type: 'worked' }) });
  let late: Promise<unknown> | undefined;
  const spawn = async (command: Command, context: ExecutorContext) => {
    const { childId } = command.params as { childId: string };
    setImmediate(() => {
      late = context.start('child', childId, undefined, `${context.idempotencyKey}/child`);
    });
    return { type: 'spawned' };
  };
  runtime.register(parent, { spawn: storeOnly(spawn) });
  const started = await runtime.start('parent', 'p-1', undefined).then(
    () => 'committed',
    (error: unknown) => (error as Error).message,
  );
  await late;
  await runtime.idle();
  const childHead = await store.readHead('child-1');
  await runtime.close();
  return { started, made: late !== undefined, written: store.written, child: childHead?.stateAfter };
}

describe('a store-only executor whose late start comes while its unit is being committed', () => {
  it('has it wait for the commit, then carried out', async () => {
    const outcome = await runWhileCommitting(false);
    expect(outcome.started).toBe('committed');
    expect(outcome.made).toBe(true);
    expect(outcome.written.slice(0, 2)).toEqual(['unit of p-1', 'child-1 v1']);
    expect(outcome.child).toBe('done');
  });

  it('has it dropped when the commit is refused', async () => {
    const outcome = await runWhileCommitting(true);
    expect(outcome.started).toBe('unit refused (test)');
    expect(outcome.made).toBe(true);
    expect(outcome.written).toEqual([]);
    expect(outcome.child).toBeUndefined();
  });
});
