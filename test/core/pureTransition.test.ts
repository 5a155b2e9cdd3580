import { assign, createMachine, fromPromise, initialTransition, setup, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { pureInitialTransition, pureTransition } from '../../src/core/pureTransition.js';

const door = setup({
  types: { context: {} as { opened: number }, events: {} as { type: 'OPEN' } | { type: 'CLOSE' } | { type: 'LOCK' } },
  actions: { chime: (_, params: { times: number }) => void params },
  guards: { worn: ({ context }) => context.opened >= 2 },
  delays: { autoClose: 5000 },
}).createMachine({
  id: 'door',
  context: { opened: 0 },
  initial: 'closed',
  states: {
    closed: { on: { OPEN: [{ guard: 'worn', target: 'stuck' }, { target: 'open' }], LOCK: 'locked' } },
    open: {
      entry: [assign({ opened: ({ context }) => context.opened + 1 }), { type: 'chime', params: { times: 2 } }],
      after: { autoClose: 'closed' },
      on: { CLOSE: 'closed' },
    },
    stuck: { type: 'final' },
    locked: { type: 'final' },
  },
});

const plain = (actions: readonly { type: string; params?: unknown }[]) =>
  actions.map((a) => ({ type: a.type, params: a.params }));

describe('pureTransition', () => {
  it('decides exactly what xstate transition() decides, step after step on one machine', () => {
    let [ours, ourActions] = pureInitialTransition(door, undefined);
    let [theirs, theirActions] = initialTransition(door, undefined);
    const events = [
      { type: 'OPEN' },
      { type: 'CLOSE' },
      { type: 'OPEN' },
      { type: 'CLOSE' },
      { type: 'OPEN' },
    ] as const;
    for (const event of events) {
      expect(ours.value).toEqual(theirs.value);
      expect(ours.context).toEqual(theirs.context);
      expect(plain(ourActions)).toEqual(plain(theirActions));
      [ours, ourActions] = pureTransition(door, ours, event);
      [theirs, theirActions] = transition(door, theirs, event);
    }
    expect(ours.status).toBe('done');
    expect(ours.value).toBe('stuck');
    expect(ours.context).toEqual({ opened: 2 });
    expect(plain(ourActions)).toEqual(plain(theirActions));
  });

  it('throws where xstate throws, and the next step on the machine is unaffected', () => {
    const failing = setup({ types: { context: {} as { n: number } } }).createMachine({
      context: { n: 0 },
      initial: 'a',
      states: {
        a: {
          on: {
            BAD: { actions: assign({ n: () => Number.parseInt('x', 10).toFixed(-1).length }) },
            GOOD: { actions: assign({ n: ({ context }) => context.n + 1 }) },
          },
        },
      },
    });
    const start = failing.resolveState({ value: 'a', context: { n: 0 } });
    expect(() => transition(failing, start, { type: 'BAD' })).toThrow(RangeError);
    expect(() => pureTransition(failing, start, { type: 'BAD' })).toThrow(RangeError);
    const [after, actions] = pureTransition(failing, start, { type: 'GOOD' });
    expect(after.context).toEqual({ n: 1 });
    expect(actions).toEqual([]);
  });

  it('starts clean after a machine spawned a child with a system id (which the step then refuses)', () => {
    const spawning = createMachine({
      initial: 'idle',
      states: {
        idle: { on: { GO: 'working' } },
        working: { invoke: { src: fromPromise(async () => 1), systemId: 'worker' }, on: { BACK: 'idle' } },
      },
    });
    let [snapshot] = pureInitialTransition(spawning, undefined);
    for (let i = 0; i < 3; i += 1) {
      const [working, actions] = pureTransition(spawning, snapshot, { type: 'GO' });
      expect(actions.map((a) => a.type)).toContain('xstate.spawnChild');
      expect(working.value).toBe('working');
      snapshot = spawning.resolveState({ value: 'idle' });
    }
  });
});
