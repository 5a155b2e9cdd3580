import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign, setup } from 'xstate';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import { composeApp } from '../../../src/cli/compose.js';
import { defineMachine } from '../../../src/core/machineDefinition.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';

/** A machine that flips between two states on every TICK, so each event is one step and one lane bar. */
const tickerMachine = setup({
  types: { context: {} as { ticks: number }, events: {} as { type: 'TICK' } },
}).createMachine({
  id: 'ticker',
  context: { ticks: 0 },
  initial: 'even',
  states: {
    even: { on: { TICK: { target: 'odd', actions: assign({ ticks: ({ context }) => context.ticks + 1 }) } } },
    odd: { on: { TICK: { target: 'even', actions: assign({ ticks: ({ context }) => context.ticks + 1 }) } } },
  },
});

const tickerDefinition = defineMachine({
  id: 'ticker',
  version: 1,
  machine: tickerMachine,
  description: 'flips between even and odd on every tick',
});

/** An app on a temp SQLite file holding `ticker-1`, an instance with `events` steps (the start included). */
export async function longHistoryApp(events: number, dir = mkdtempSync(join(tmpdir(), 'sb-long-'))) {
  const db = join(dir, 'long.db');
  const clock = new VirtualClock(Date.parse('2026-03-01T10:00:00.000Z'));
  const env = composeApp({ store: new SqliteEventStore({ path: db }), clock, log: () => undefined });
  env.runtime.register(tickerDefinition, {});
  clock.attach(env.runtime);
  await env.runtime.start('ticker', 'ticker-1', {});
  for (let i = 1; i < events; i += 1) {
    await env.runtime.send('ticker-1', { type: 'TICK' });
    if (i % 100 === 0) await clock.advance(1000);
  }
  return { db, dir, clock, env };
}
