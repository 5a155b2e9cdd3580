import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, assign, initialTransition, not, setup, stateIn, transition, type AnyMachineSnapshot } from 'xstate';
import { isChainMachine } from '../../src/core/chainPlan.js';
import { pureInitialTransition, pureTransition } from '../../src/core/pureTransition.js';

// How the planned step selects a transition must not matter: with inline, named (with params), built-in
// and throwing guards, and wildcard transitions, it picks what xstate picks, or fails where xstate fails.

type Ev = { type: string; n?: number };

const machine = setup({
  types: { context: {} as { n: number; log: string[] }, events: {} as Ev },
  guards: {
    atLeast: ({ context }, params: { min: number }) => context.n >= params.min,
    even: ({ event }) => (event.n ?? 0) % 2 === 0,
    boom: ({ event }) => {
      if (event.n === 13) throw new Error('unlucky');
      return false;
    },
  },
  actions: { note: (_: unknown, _params: { what: string }) => undefined },
}).createMachine({
  id: 'guarded',
  context: { n: 0, log: [] },
  initial: 'a',
  on: { RESET: { target: '.a', actions: assign({ n: 0 }) } },
  states: {
    a: {
      on: {
        ADD: [
          { guard: 'boom', target: 'c' },
          {
            guard: ({ event }) => (event.n ?? 0) > 5,
            target: 'b',
            actions: assign({ n: ({ event }) => event.n ?? 0 }),
          },
          { guard: { type: 'atLeast', params: ({ context }) => ({ min: context.n + 1 }) }, target: 'c' },
          {
            guard: 'even',
            actions: [assign({ n: ({ context }) => context.n + 2 }), { type: 'note', params: { what: 'even' } }],
          },
          { actions: assign({ n: ({ context }) => context.n + 1 }) },
        ],
        'job.*': { target: 'b', actions: { type: 'note', params: { what: 'wildcard' } } },
      },
    },
    b: {
      tags: ['busy'],
      on: {
        ADD: [
          { guard: and(['even', stateIn('#guarded.b')]), target: 'c' },
          { guard: not('even'), actions: assign({ n: ({ context }) => context.n - 1 }) },
        ],
        '*': { target: 'a', actions: { type: 'note', params: { what: 'any' } } },
      },
    },
    c: {
      tags: ['busy', 'checking'],
      on: { ADD: { guard: { type: 'atLeast', params: { min: 3 } }, target: 'a' }, 'job.done': 'done' },
    },
    done: { type: 'final' },
  },
});

const view = ([snapshot, actions]: readonly [AnyMachineSnapshot, readonly { type: string; params?: unknown }[]]) => ({
  value: snapshot.value,
  context: snapshot.context,
  status: snapshot.status,
  tags: [...snapshot.tags].sort(),
  nodes: snapshot._nodes.map((node) => (node as { id: string }).id).sort(),
  actions: actions.map((a) => ({ type: a.type, params: a.params })),
});

function attempt<T>(run: () => T): { threw: true } | { threw: false; value: T } {
  try {
    return { threw: false, value: run() };
  } catch {
    return { threw: true };
  }
}

const event = fc.oneof(
  fc.record({ type: fc.constant('ADD'), n: fc.integer({ min: 0, max: 14 }) }),
  fc.constantFrom<Ev>({ type: 'RESET' }, { type: 'job.started' }, { type: 'job.done' }, { type: 'OTHER' }),
);

describe('transition selection in the planned step', () => {
  it('picks what xstate picks with every kind of guard and wildcard', () => {
    expect(isChainMachine(machine)).toBe(true);
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        let reference = initialTransition(machine) as unknown as readonly [AnyMachineSnapshot, []];
        let planned = pureInitialTransition(machine, undefined);
        expect(view(planned)).toEqual(view(reference));
        for (const e of events) {
          if (reference[0].status !== 'active') return;
          const expected = attempt(() => transition(machine, reference[0] as never, e as never));
          const actual = attempt(() => pureTransition(machine, planned[0], e));
          expect(actual.threw).toBe(expected.threw);
          if (expected.threw || actual.threw) return;
          reference = expected.value as unknown as typeof reference;
          planned = actual.value;
          expect(view(planned)).toEqual(view(reference));
        }
      }),
      { numRuns: 500 },
    );
  });
});
