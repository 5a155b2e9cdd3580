import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { StatebridgeError } from '../../src/core/errors.js';
import { isTransientStoreFault } from '../../src/runtime/relay.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { FaultyStore, gate, job } from './fixtures/livenessMachines.js';

const outage = () => new StatebridgeError('STORE_UNAVAILABLE', 'SQLite commit failed', { retryable: true });

describe('relay delivery of outcomes', () => {
  it('re-delivers an outcome that failed to commit, in the same process', async () => {
    const store = new FaultyStore(new MemoryEventStore());
    const errors: unknown[] = [];
    let runs = 0;
    const runtime = createRuntime({ store, clock: new VirtualClock(), onError: (e) => errors.push(e) }).register(job, {
      doWork: async () => {
        runs += 1;
        return { type: 'worked', result: 'ok' };
      },
    });
    let failures = 0;
    store.failAppend = (record) => (record.origin.kind === 'command' && failures++ < 2 ? outage() : undefined);
    await runtime.start('job', 'j-1', undefined);
    await runtime.idle();
    const head = await store.readHead('j-1');
    expect(head?.stateAfter).toBe('finished');
    expect(head?.pending.commands).toEqual([]);
    expect(failures).toBe(3);
    expect(runs).toBe(1);
    expect(errors).toEqual([]);
  });

  it('parks an outcome the store refuses, records it on the next timer pass, not rerunning the handler', async () => {
    const store = new FaultyStore(new MemoryEventStore());
    const clock = new VirtualClock();
    const errors: unknown[] = [];
    let runs = 0;
    const runtime = createRuntime({ store, clock, deliverAttempts: 3, onError: (e) => errors.push(e) }).register(job, {
      doWork: async () => {
        runs += 1;
        return { type: 'worked', result: 'ok' };
      },
    });
    clock.attach(runtime);
    let attempts = 0;
    store.failAppend = (record) => (record.origin.kind === 'command' ? (attempts++, outage()) : undefined);
    await runtime.start('job', 'j-2', undefined);
    await runtime.idle();
    expect(attempts).toBe(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'OUTCOME_NOT_RECORDED',
      context: { streamId: 'j-2', commandKey: 'j-2#1#0', attempts: 3, parked: true },
    });
    expect((errors[0] as Error).cause).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await store.listWork({ dueBy: 0 })).map((h) => h.streamId)).toEqual(['j-2']);
    // Still down: a pass a second later tries once more and keeps it parked; recovery in this process does
    // not re-run the handler meanwhile.
    await runtime.fireDue(clock.now());
    expect(attempts).toBe(3);
    await clock.advance(1_000);
    expect(attempts).toBe(4);
    await runtime.recover();
    await runtime.idle();
    expect(runs).toBe(1);
    // The store answers again: the next pass records the outcome the handler already produced.
    store.failAppend = () => undefined;
    await clock.advance(2_000);
    expect((await store.readHead('j-2'))?.stateAfter).toBe('finished');
    expect(runs).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('leaves the command pending for the next process when the outcome cannot be recorded at all', async () => {
    const store = new FaultyStore(new MemoryEventStore());
    const errors: unknown[] = [];
    const first = createRuntime({
      store,
      clock: new VirtualClock(),
      deliverAttempts: 2,
      onError: (e) => errors.push(e),
    }).register(job, {
      doWork: async () => ({ type: 'worked', result: 'ok' }),
    });
    store.failAppend = (record) => (record.origin.kind === 'command' ? outage() : undefined);
    await first.start('job', 'j-3', undefined);
    await first.idle();
    expect(errors[0]).toMatchObject({ code: 'OUTCOME_NOT_RECORDED' });
    store.failAppend = () => undefined;
    const second = createRuntime({ store, clock: new VirtualClock(), onError: (e) => errors.push(e) }).register(job, {
      doWork: async () => ({ type: 'worked', result: 'ok' }),
    });
    expect((await second.recover()).commands).toBe(1);
    await second.idle();
    expect((await store.readHead('j-3'))?.stateAfter).toBe('finished');
  });

  it('closes in bounded time while a handler hangs; the command stays pending and runs on the next start', async () => {
    const store = new MemoryEventStore();
    const errors: unknown[] = [];
    const hang = gate<{ type: 'worked'; result: string }>();
    const first = createRuntime({
      store,
      clock: new VirtualClock(),
      closeTimeoutMs: 20,
      onError: (e) => errors.push(e),
    }).register(job, {
      doWork: () => hang.promise,
    });
    await first.start('job', 'j-3', undefined);
    await first.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CLOSE_TIMED_OUT', context: { commandKeys: ['j-3#1#0'] } });
    // A late answer from the abandoned handler is dropped, not written after close.
    hang.open({ type: 'worked', result: 'late' });
    await first.idle();
    expect((await store.readHead('j-3'))?.version).toBe(1);

    const second = createRuntime({ store, clock: new VirtualClock() }).register(job, {
      doWork: async () => ({ type: 'worked', result: 'again' }),
    });
    expect((await second.recover()).commands).toBe(1);
    await second.idle();
    expect((await store.readHead('j-3'))?.state.context).toEqual({ results: ['again'] });
  });
});

describe('which delivery faults are retried', () => {
  it('retries retryable statebridge errors and a locked SQLite database, nothing else', () => {
    expect(isTransientStoreFault(outage())).toBe(true);
    expect(isTransientStoreFault(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isTransientStoreFault(new StatebridgeError('PAYLOAD_TOO_LARGE', 'too big'))).toBe(false);
    expect(isTransientStoreFault(new Error('process crashed'))).toBe(false);
    expect(isTransientStoreFault(undefined)).toBe(false);
  });
});
