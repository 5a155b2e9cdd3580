// A machine, a runtime on a SQLite file, a command, a durable timer — run with: npm run example examples/quickstart.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { createRuntime, defineMachine, SqliteEventStore, VirtualClock } from 'statebridge';

// 1. The machine decides; it never does I/O. `charge` is a named action: the runtime turns it into a
//    command and runs it after the step is committed. `after` becomes a durable timer.
const orderMachine = setup({
  types: {
    context: {} as { orderId: string; amount: number },
    input: {} as { orderId: string; amount: number },
    events: {} as { type: 'PAY' } | { type: 'charge.succeeded' } | { type: 'charge.declined'; reason: string },
  },
  actions: { charge: (_, _params: { orderId: string; amount: number }) => undefined },
  delays: { paymentWindow: 30 * 60_000 },
}).createMachine({
  id: 'order',
  context: ({ input }) => ({ ...input }),
  initial: 'awaitingPayment',
  states: {
    awaitingPayment: { after: { paymentWindow: 'expired' }, on: { PAY: 'charging' } },
    charging: {
      entry: { type: 'charge', params: ({ context }) => ({ orderId: context.orderId, amount: context.amount }) },
      on: {
        'charge.succeeded': 'paid',
        'charge.declined': { target: 'awaitingPayment', actions: assign({ amount: ({ context }) => context.amount }) },
      },
    },
    paid: { type: 'final' },
    expired: { type: 'final' },
  },
});

// 2. Pin it by id and version, and say what input it accepts.
const order = defineMachine({
  id: 'order',
  version: 1,
  machine: orderMachine,
  input: z.object({ orderId: z.string().min(1), amount: z.number().positive() }),
});

// 3. The runtime: a store, a clock, and an executor per named action. The executor's outcome is an event.
const clock = new VirtualClock(Date.parse('2026-11-22T09:00:00Z'));
const store = new SqliteEventStore({ path: join(mkdtempSync(join(tmpdir(), 'statebridge-quickstart-')), 'events.db') });
const runtime = createRuntime({ store, clock }).register(order, {
  charge: async (command, ctx) => {
    console.log(`  charging ${JSON.stringify(command.params)} (idempotency key ${ctx.idempotencyKey})`);
    return { type: 'charge.succeeded' };
  },
});
clock.attach(runtime);

await runtime.start('order', 'order-1', { orderId: 'order-1', amount: 25 });
await runtime.send('order-1', { type: 'PAY' }, { eventId: 'pay-order-1' });
await runtime.send('order-1', { type: 'PAY' }, { eventId: 'pay-order-1' }); // a duplicate: applied once
await runtime.idle();

await runtime.start('order', 'order-2', { orderId: 'order-2', amount: 9 });
await clock.advance(30 * 60_000); // half an hour passes in a millisecond

for (const id of ['order-1', 'order-2']) {
  console.log(`\n${id}:`);
  for await (const step of store.readStream(id)) {
    console.log(`  v${step.version} ${step.event.type.padEnd(18)} ${step.stateBefore ?? '∅'} → ${step.stateAfter}`);
  }
}

// Bad input is refused at the edge, naming the field and the rule, and nothing is written.
await runtime
  .start('order', 'order-3', { orderId: '', amount: -1 })
  .catch((error: Error) => console.log(`\n${error.message}`));
await runtime.close();
