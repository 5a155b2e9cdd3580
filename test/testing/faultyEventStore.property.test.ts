import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { storeFaultPlanArbitrary, type StoreFault } from '../../src/testing/faults.js';
import { faultyEventStore, isInjectedStoreFault } from '../../src/testing/faultyEventStore.js';
import { busyMachine } from '../../src/testing/priorWorker.js';
import { setup } from 'xstate';

const timerMachine = defineMachine({
  id: 'waiter',
  version: 1,
  machine: setup({ delays: { wait: 60_000 } }).createMachine({
    id: 'waiter',
    initial: 'waiting',
    states: { waiting: { after: { wait: 'done' } }, done: { type: 'final' } },
  }),
});

/** A store with one stream holding a timer, and a head with a pending command. */
async function seededStore() {
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, clock: new VirtualClock(0) })
    .register(timerMachine)
    .register(busyMachine, { work: () => new Promise<never>(() => undefined) });
  await runtime.start('waiter', 'w-1', {});
  await runtime.start(busyMachine.id, 'b-1', {});
  return store;
}

/** Where each call of the plan fails: one call per transient/busy fault, four in a row from an outage on. */
function expectedFailures(plan: readonly StoreFault[], calls: number): boolean[] {
  const out: boolean[] = [];
  let outage = 0;
  for (let i = 0; i < calls; i += 1) {
    const fault = plan[i] ?? 'none';
    if (outage > 0) {
      outage -= 1;
      out.push(true);
    } else if (fault === 'unavailable') {
      outage = 3;
      out.push(true);
    } else out.push(fault !== 'none');
  }
  return out;
}

describe('faultyEventStore', () => {
  it('fails exactly the calls its plan says, on every method of the port, then lets every call through', async () => {
    const store = await seededStore();
    await fc.assert(
      fc.asyncProperty(storeFaultPlanArbitrary(undefined, 20), async (plan) => {
        const faulty = faultyEventStore(store, plan);
        const calls: (() => Promise<unknown>)[] = [
          () => faulty.readHead('w-1'),
          () => faulty.findEvent('w-1', 'start:w-1'),
          () => faulty.listWork({ dueBy: 120_000 }),
          () => faulty.listDueTimers({ dueBy: 120_000 }),
          () => faulty.nextTimerDue(),
          () => faulty.listInstances({}),
          async () => {
            for await (const record of faulty.readStream('w-1')) void record;
          },
        ];
        const failed: boolean[] = [];
        for (let i = 0; i < 28; i += 1) {
          const outcome = await calls[i % calls.length]!().then(
            () => false,
            (error: unknown) => {
              expect(isInjectedStoreFault(error)).toBe(true);
              return true;
            },
          );
          failed.push(outcome);
        }
        expect(failed).toEqual(expectedFailures(plan, 28));
        expect(faulty.injected).toHaveLength(failed.filter(Boolean).length);
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('writes nothing when an append fails, raises SQLITE_BUSY as SQLite does, and stops on request', async () => {
    const store = await seededStore();
    const faulty = faultyEventStore(store, ['busy', 'transient', 'transient']);
    const head = (await store.readHead('w-1'))!;
    const next = { ...head, version: head.version + 1, eventId: 'e-2' };
    const busy = await faulty.append(next, head.version).catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'SQLITE_BUSY' });
    expect((await store.readHead('w-1'))!.version).toBe(head.version);
    await expect(faulty.readHead('w-1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    faulty.stop();
    await expect(faulty.readHead('w-1')).resolves.toMatchObject({ version: head.version });
    expect(faulty.injected).toEqual(['busy:append', 'transient:readHead']);
  });

  it('recognises an injected fault wrapped as the cause of another error, and nothing else', async () => {
    const faulty = faultyEventStore(new MemoryEventStore(), ['transient']);
    const error = await faulty.nextTimerDue().then(
      () => 'no fault',
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isInjectedStoreFault(new Error('timer failed', { cause: error }))).toBe(true);
    expect(isInjectedStoreFault(new Error('a real bug', { cause: new Error('below') }))).toBe(false);
  });
});
