import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import type { MachineEvent, StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime, Runtime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { checkLifecycle, LifecycleCheckError, type LifecycleModel } from '../../src/testing/checkLifecycle.js';
import { DUE_WORK_MOVES_ON, dueWorkMovesOn } from '../../src/testing/livenessInvariant.js';

/** Waits a minute, then calls out once. */
const machine = setup({ actions: { call: () => undefined }, delays: { wait: 60_000 } }).createMachine({
  id: 'waiter',
  initial: 'waiting',
  states: {
    waiting: { after: { wait: 'calling' } },
    calling: { entry: { type: 'call' }, on: { answered: 'done' } },
    done: { type: 'final' },
  },
});
const definition = defineMachine({ id: 'waiter', version: 1, machine });

async function recordsOf(store: MemoryEventStore, id: string): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const r of store.readStream(id)) out.push(r);
  return out;
}

describe('dueWorkMovesOn', () => {
  it('flags a timer due longer than the bound ago, not one due within it', async () => {
    const store = new MemoryEventStore();
    const clock = new VirtualClock(0);
    await createRuntime({ store, clock })
      .register(definition, { call: async () => ({ type: 'answered' }) })
      .start('waiter', 'w-1', {});
    const records = await recordsOf(store, 'w-1');
    const check = (now: number) => dueWorkMovesOn(30_000).check({ records, world: undefined, now });
    expect(check(60_000 + 30_000 - 1)).toEqual([]);
    expect(check(60_000 + 30_000)).toEqual([
      expect.objectContaining({
        invariant: DUE_WORK_MOVES_ON,
        message: expect.stringMatching(/^w-1: timer .* due at 1970-01-01T00:01:00.000Z has not fired/) as unknown,
      }),
    ]);
  });

  it('flags a command nobody ran, timed from the step that issued it', async () => {
    const store = new MemoryEventStore();
    const clock = new VirtualClock(0);
    const runtime = createRuntime({ store, clock }).register(definition, {
      call: () => new Promise<never>(() => undefined),
    });
    await runtime.start('waiter', 'w-1', {});
    clock.jump(60_000);
    await runtime.fireDue(60_000); // the call goes out and never returns
    const records = await recordsOf(store, 'w-1');
    expect(dueWorkMovesOn(10_000).check({ records, world: undefined, now: 69_999 })).toEqual([]);
    expect(dueWorkMovesOn(10_000).check({ records, world: undefined, now: 70_000 })[0]?.message).toMatch(
      /^w-1: command call w-1#2#0 issued at 1970-01-01T00:01:00.000Z is still pending/,
    );
  });

  const model = (call: (instanceId: string) => Promise<MachineEvent>): LifecycleModel<object, object> => ({
    definition,
    input: fc.constant({}),
    world: () => ({}),
    executors: { call: (_command, ctx) => call(ctx.instanceId) },
    invariants: [],
    instanceId: 'w',
  });
  const healthy = { none: 1, crash: 0, duplicate: 0, fail: 0, slow: 0 };

  it('is the invariant checkLifecycle names, for each instance, when a runtime never fires timers', async () => {
    class NoTimerLoop extends Runtime {
      override async fireDue(): Promise<void> {}
    }
    const error = await checkLifecycle(
      model(async () => ({ type: 'answered' })),
      { runs: 5, seed: 1, instances: 3, faults: healthy, runtime: (o) => new NoTimerLoop(o) },
    ).catch((e: unknown) => e);
    expect((error as LifecycleCheckError).invariants).toEqual([DUE_WORK_MOVES_ON]);
    for (const id of ['w', 'w.2', 'w.3'])
      expect((error as Error).message).toContain(`[${DUE_WORK_MOVES_ON}] ${id}: timer`);
    await expect(
      checkLifecycle(
        model(async () => ({ type: 'answered' })),
        { runs: 5, seed: 1, instances: 3, faults: healthy },
      ),
    ).resolves.toMatchObject({ runs: 5 });
  });

  it('reports the one instance of several whose handler never returns', async () => {
    const hangOnThird = (id: string) =>
      id === 'w.3' ? new Promise<never>(() => undefined) : Promise.resolve({ type: 'answered' });
    const error = await checkLifecycle(model(hangOnThird), {
      runs: 5,
      seed: 1,
      instances: 3,
      faults: healthy,
      hangAfterMs: 300,
      shrink: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifecycleCheckError);
    expect((error as LifecycleCheckError).invariants).toEqual(['every handler returns']);
    expect((error as Error).message).toMatch(/did not return within 300 ms .*: call w\.3#2#0$/m);
  });
});
