import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

/** Appends a note of the asked size to its context: the event stays small while the context grows. */
const notebook = defineMachine({
  id: 'notebook',
  version: 1,
  machine: setup({
    types: { context: {} as { notes: string[] }, events: {} as { type: 'NOTE'; size: number } },
  }).createMachine({
    id: 'notebook',
    context: { notes: [] },
    on: { NOTE: { actions: assign({ notes: ({ context, event }) => [...context.notes, 'n'.repeat(event.size)] }) } },
  }),
});

describe("a step whose record is over the store's limit", () => {
  it('is refused before the write when its context grew past the limit, and one below it is written', async () => {
    const store = new MemoryEventStore({ maxRecordBytes: 4_096 });
    const runtime = createRuntime({ store, clock: new VirtualClock() }).register(notebook);
    await runtime.start('notebook', 'n-1', undefined);
    // Well below the limit by the exact count, though over it by the loose bound (six bytes a character).
    expect((await runtime.send('n-1', { type: 'NOTE', size: 1_000 })).applied).toBe(true);
    const error = await runtime.send('n-1', { type: 'NOTE', size: 3_000 }).catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'PAYLOAD_TOO_LARGE')).toBe(true);
    const head = await store.readHead('n-1');
    expect(head?.version).toBe(2);
    expect(head?.state.context).toEqual({ notes: ['n'.repeat(1_000)] });
  });
});
