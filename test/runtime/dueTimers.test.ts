import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { StatebridgeError } from '../../src/core/errors.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { deadline, deadlineV2, FaultyStore, gate, job } from './fixtures/livenessMachines.js';

const codes = (errors: unknown[]) => errors.map((e) => (e instanceof StatebridgeError ? e.code : String(e)));

describe('due timers', () => {
  it('fires the timers of many streams at once, each stream in due order', async () => {
    const clock = new VirtualClock();
    const store = new FaultyStore(new MemoryEventStore());
    const runtime = createRuntime({ store, clock }).register(deadline);
    const ids = Array.from({ length: 10 }, (_, i) => `d-${i}`);
    for (const id of ids) await runtime.start('deadline', id, undefined);
    // Every timer step waits until all ten are in flight: firing one stream at a time never gets there.
    const allInFlight = gate();
    let inFlight = 0;
    store.beforeAppend = async (record) => {
      if (record.origin.kind !== 'timer' || record.event.type !== 'xstate.after.1000.deadline.waiting') return;
      inFlight += 1;
      if (inFlight === ids.length) allInFlight.open();
      await allInFlight.promise;
    };
    clock.jump(5000);
    // Each stream fires its 1 s timer, then its 2 s timer: 20 firings, counted across concurrent streams.
    expect(await runtime.recover()).toEqual({ commands: 0, timers: 20 });
    for (const id of ids) {
      const head = await store.readHead(id);
      expect(head?.stateAfter).toBe('expired');
      expect(head?.state.context).toEqual({ log: ['first', 'second'] });
    }
  });

  it('reports a timer that fails, fires the others in the same pass, and retries it after a backoff', async () => {
    const clock = new VirtualClock();
    const store = new FaultyStore(new MemoryEventStore());
    const errors: unknown[] = [];
    const runtime = createRuntime({ store, clock, onError: (e) => errors.push(e) }).register(deadline);
    await runtime.start('deadline', 'a-broken', undefined);
    clock.jump(1);
    await runtime.start('deadline', 'b-fine', undefined);
    let outage = true;
    store.failAppend = (record) =>
      outage && record.streamId === 'a-broken'
        ? new StatebridgeError('STORE_UNAVAILABLE', 'disk full', { retryable: true })
        : undefined;
    clock.jump(5000);
    await runtime.fireDue(clock.now());
    expect((await store.readHead('b-fine'))?.stateAfter).toBe('expired');
    expect((await store.readHead('a-broken'))?.version).toBe(1);
    expect(codes(errors)).toEqual(['TIMER_NOT_FIRED']);
    expect((errors[0] as StatebridgeError).context).toMatchObject({ streamId: 'a-broken', retryInMs: 1000 });
    // Held back: the next due time is the end of the hold, not the overdue timer.
    expect(await runtime.nextDueAt()).toBe(clock.now() + 1000);
    outage = false;
    clock.attach(runtime);
    await clock.advance(1000);
    expect((await store.readHead('a-broken'))?.stateAfter).toBe('expired');
  });

  it('skips and reports instances pinned to an unregistered version; the others run', async () => {
    const clock = new VirtualClock();
    const store = new MemoryEventStore();
    const before = createRuntime({ store, clock })
      .register(deadline)
      .register(job, { doWork: () => new Promise(() => undefined) });
    for (const id of ['old-1', 'old-2', 'old-3']) await before.start('deadline', id, undefined);
    for (const id of ['job-old-1', 'job-old-2', 'job-old-3']) await before.start('job', id, undefined);

    const jobV2 = { ...job, version: 2 };
    // Pending commands of version 1 come first in the work listing and fill whole pages.
    await createRuntime({ store, clock })
      .register(jobV2, { doWork: () => new Promise(() => undefined) })
      .start('job', 'job-new', undefined);

    const errors: unknown[] = [];
    const ran: string[] = [];
    const after = createRuntime({ store, clock, recoveryPageSize: 2, onError: (e) => errors.push(e) })
      .register(deadlineV2)
      .register(jobV2, { doWork: async (_, ctx) => void ran.push(ctx.instanceId) });
    await after.start('deadline', 'new-1', undefined);
    clock.jump(5000);
    const recovered = await after.recover();
    await after.idle();
    expect(ran).toEqual(['job-new']);
    expect(recovered.commands).toBe(1);
    expect((await store.readHead('new-1'))?.stateAfter).toBe('expired');
    expect((await store.readHead('old-1'))?.version).toBe(1);
    const unregistered = errors.filter(
      (e): e is StatebridgeError => e instanceof StatebridgeError && e.code === 'MACHINE_NOT_REGISTERED',
    );
    expect(unregistered.map((e) => e.context['streamId']).sort()).toEqual([
      'job-old-1',
      'job-old-2',
      'job-old-3',
      'old-1',
      'old-2',
      'old-3',
    ]);
    expect(codes(errors).every((c) => c === 'MACHINE_NOT_REGISTERED')).toBe(true);
    // Held instances do not make the next due time look overdue forever, so a virtual clock still advances.
    expect(await after.nextDueAt()).toBeUndefined();
    await after.fireDue(clock.now());
    expect(errors).toHaveLength(6);
    // Registering the version releases them.
    after.register(deadline);
    await after.fireDue(clock.now());
    expect((await store.readHead('old-2'))?.stateAfter).toBe('expired');
  });
});
