import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { contextOf, defineExecutors } from '../../src/runtime/typedExecutors.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

const doorMachine = setup({
  types: {
    context: {} as { visitor: string; rings: number },
    input: {} as { visitor: string },
    events: {} as { type: 'RING'; times: number } | { type: 'rang'; heard: number },
  },
  actions: {
    ring: (_, _params: { times: number; visitor: string }) => undefined,
    log: (_, _params: { line: string }) => undefined,
  },
}).createMachine({
  id: 'door',
  context: ({ input }) => ({ visitor: input.visitor, rings: 0 }),
  initial: 'closed',
  states: {
    closed: {
      on: {
        RING: {
          target: 'ringing',
          actions: { type: 'ring', params: ({ context, event }) => ({ times: event.times, visitor: context.visitor }) },
        },
      },
    },
    ringing: {
      on: {
        rang: {
          target: 'open',
          actions: [
            assign({ rings: ({ event }) => event.heard }),
            { type: 'log', params: ({ event }) => ({ line: `heard ${event.heard}` }) },
          ],
        },
      },
    },
    open: {},
  },
});

const door = defineMachine({ id: 'door', version: 1, machine: doorMachine });

describe('typed executors', () => {
  it('hands each executor its declared params; contextOf reads a record as the machine types it', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const executors = defineExecutors<typeof doorMachine>({
      // `times` and `visitor` are typed from setup({ actions }): no cast from the JSON params.
      ring: async (command, ctx) => {
        const context = contextOf(door, ctx.record);
        seen.push(`${command.kind} ${command.params.visitor} x${command.params.times} (rings so far ${context.rings})`);
        return { type: 'rang', heard: command.params.times * 2 };
      },
      log: async (command) => {
        seen.push(command.params.line);
      },
    });
    const runtime = createRuntime({ store: new MemoryEventStore(), clock }).register(door, executors);
    clock.attach(runtime);
    await runtime.start('door', 'door-1', { visitor: 'ada' });
    const { record } = await runtime.send('door-1', { type: 'RING', times: 3 });
    await runtime.idle();
    expect(seen).toEqual(['ring ada x3 (rings so far 0)', 'heard 6']);
    expect(contextOf(door, record)).toEqual({ visitor: 'ada', rings: 0 });
    await runtime.close();
  });

  it('returns the executors it was given, one per named action', () => {
    const ring = async () => ({ type: 'rang', heard: 1 }) as const;
    const log = async () => undefined;
    expect(defineExecutors<typeof doorMachine>({ ring, log })).toEqual({ ring, log });
  });

  it('refuses, at compile time, a missing executor, an unknown one and a wrong params field', () => {
    const log = async () => undefined;
    // @ts-expect-error `ring` has no executor
    const missing = defineExecutors<typeof doorMachine>({ log });
    // @ts-expect-error `knock` is not an action of the machine
    const unknown = defineExecutors<typeof doorMachine>({ log, ring: log, knock: log });
    const wrongField = defineExecutors<typeof doorMachine>({
      log,
      // @ts-expect-error `ring` params have no `volume`
      ring: async (command) => ({ type: 'rang', heard: command.params.volume as number }),
    });
    expect(Object.keys({ ...missing, ...unknown, ...wrongField }).sort()).toEqual(['knock', 'log', 'ring']);
  });
});
