import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

const orderMachine = setup({
  types: {
    context: {} as { orderId: string; attempts: number },
    input: {} as { orderId: string },
    events: {} as { type: 'PAY'; amount: number } | { type: 'charged'; ok: boolean } | { type: 'CANCEL' },
  },
  actions: { charge: (_, _params: { orderId: string }) => undefined },
  delays: { paymentWindow: 60 * 60 * 1000 },
}).createMachine({
  id: 'order',
  context: ({ input }) => ({ orderId: input.orderId, attempts: 0 }),
  initial: 'awaitingPayment',
  states: {
    awaitingPayment: {
      after: { paymentWindow: 'expired' },
      on: { PAY: 'charging', CANCEL: 'cancelled' },
    },
    charging: {
      entry: [
        assign({ attempts: ({ context }) => context.attempts + 1 }),
        { type: 'charge', params: ({ context }) => ({ orderId: context.orderId }) },
      ],
      on: { charged: [{ guard: ({ event }) => event.ok, target: 'paid' }, { target: 'awaitingPayment' }] },
    },
    paid: { type: 'final' },
    expired: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

const order = defineMachine({
  id: 'order',
  version: 1,
  machine: orderMachine,
  input: z.object({ orderId: z.string().min(1) }),
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('PAY'), amount: z.number().positive() }),
    z.object({ type: z.literal('CANCEL') }),
  ]),
});

function setupRuntime(chargeOk = true) {
  const clock = new VirtualClock();
  const store = new MemoryEventStore();
  const charges: string[] = [];
  const runtime = createRuntime({ store, clock }).register(order, {
    charge: async (command, ctx) => {
      charges.push(ctx.idempotencyKey);
      return { type: 'charged', ok: chargeOk };
    },
  });
  clock.attach(runtime);
  return { clock, store, runtime, charges };
}

describe('runtime step', () => {
  it('starts, relays a command and applies its outcome', async () => {
    const { runtime, store, charges } = setupRuntime();
    await runtime.start('order', 'o-1', { orderId: 'o-1' });
    await runtime.send('o-1', { type: 'PAY', amount: 10 });
    await runtime.idle();
    const head = await store.readHead('o-1');
    expect(head?.stateAfter).toBe('paid');
    expect(head?.state.status).toBe('done');
    expect(charges).toEqual(['o-1#2#0']);
    expect(head?.state.context).toEqual({ orderId: 'o-1', attempts: 1 });
    expect(head?.pending.commands).toEqual([]);
    expect(head?.pending.timers).toEqual([]);
  });

  it('turns a delayed transition into a durable timer fired by the virtual clock', async () => {
    const { runtime, store, clock } = setupRuntime();
    const { record } = await runtime.start('order', 'o-2', { orderId: 'o-2' });
    expect(record.timersSet).toHaveLength(1);
    expect(record.timersSet[0]?.dueAt).toBe(clock.now() + 3_600_000);
    await clock.advance(3_599_999);
    expect((await store.readHead('o-2'))?.stateAfter).toBe('awaitingPayment');
    await clock.advance(1);
    const head = await store.readHead('o-2');
    expect(head?.stateAfter).toBe('expired');
    expect(head?.origin.kind).toBe('timer');
  });

  it('cancels the timer when the state is left early', async () => {
    const { runtime, store, clock } = setupRuntime();
    await runtime.start('order', 'o-3', { orderId: 'o-3' });
    await runtime.send('o-3', { type: 'CANCEL' });
    const head = await store.readHead('o-3');
    expect(head?.timersCancelled).toHaveLength(1);
    expect(await store.nextTimerDue()).toBeUndefined();
    await clock.advance(7_200_000);
    expect((await store.readHead('o-3'))?.version).toBe(2);
  });

  it('applies the same event id once', async () => {
    const { runtime, store } = setupRuntime(false);
    await runtime.start('order', 'o-4', { orderId: 'o-4' });
    const first = await runtime.send('o-4', { type: 'PAY', amount: 1 }, { eventId: 'pay-1' });
    await runtime.idle();
    const again = await runtime.send('o-4', { type: 'PAY', amount: 1 }, { eventId: 'pay-1' });
    expect(first.applied).toBe(true);
    expect(again.applied).toBe(false);
    const versions = [];
    for await (const r of store.readStream('o-4')) versions.push(r.event.type);
    expect(versions).toEqual(['xstate.init', 'PAY', 'charged']);
    expect(versions.filter((t) => t === 'PAY')).toHaveLength(1);
  });

  it('rejects bad input naming the field and the rule, writing nothing', async () => {
    const { runtime, store } = setupRuntime();
    await expect(runtime.start('order', 'o-5', { orderId: 42 })).rejects.toThrow(/orderId: .*expected string/);
    expect(await store.readHead('o-5')).toBeUndefined();
    await runtime.start('order', 'o-5', { orderId: 'o-5' });
    await expect(runtime.send('o-5', { type: 'PAY', amount: -1 })).rejects.toThrow(/amount: .*>0|amount: .*greater/);
    expect((await store.readHead('o-5'))?.version).toBe(1);
  });
});

describe('starting', () => {
  it('treats the same start delivered again as a duplicate, even after the instance moved on', async () => {
    const { runtime } = setupRuntime();
    await runtime.start('order', 'o-6', { orderId: 'o-6' }, { eventId: 'req-1' });
    await runtime.send('o-6', { type: 'CANCEL' });
    const again = await runtime.start('order', 'o-6', { orderId: 'o-6' }, { eventId: 'req-1' });
    expect(again.applied).toBe(false);
    expect(again.record.version).toBe(2);
    await expect(runtime.start('order', 'o-6', { orderId: 'o-6' }, { eventId: 'req-2' })).rejects.toThrow(
      /already exists/,
    );
  });
});

describe('step observers', () => {
  it('a throwing observer neither fails the committed step nor stops other observers', async () => {
    const errors: unknown[] = [];
    const clock = new VirtualClock();
    const runtime = createRuntime({ store: new MemoryEventStore(), clock, onError: (e) => errors.push(e) }).register(
      order,
      {
        charge: async () => ({ type: 'charged', ok: true }),
      },
    );
    const seen: number[] = [];
    runtime.onStep(() => {
      throw new Error('observer broke');
    });
    runtime.onStep((record) => seen.push(record.version));
    const result = await runtime.start('order', 'o-7', { orderId: 'o-7' });
    expect(result.applied).toBe(true);
    expect(seen).toEqual([1]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['observer broke']);
  });
});
