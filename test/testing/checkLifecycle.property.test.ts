import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { checkLifecycle, LifecycleCheckError, type LifecycleModel } from '../../src/testing/checkLifecycle.js';
import { invariant } from '../../src/testing/invariant.js';

/** A request that must be answered exactly once: by the work's result, or FAILED at a deadline. */
function replyMachine(options: { answerTwice?: boolean; forgetDeadline?: boolean } = {}) {
  return setup({
    types: { context: {} as { n: number }, input: {} as { n: number } },
    actions: {
      work: (_, _p: { n: number }) => undefined,
      reply: (_, _p: { status: 'SUCCESS' | 'FAILED' }) => undefined,
    },
    delays: { deadline: 60 * 60_000 },
  }).createMachine({
    id: 'reply',
    context: ({ input }) => ({ n: input.n }),
    initial: 'open',
    states: {
      open: {
        after: options.forgetDeadline ? {} : { deadline: 'timingOut' },
        initial: 'working',
        states: {
          working: {
            entry: { type: 'work', params: ({ context }) => ({ n: context.n }) },
            on: { 'work.done': 'succeeding', 'work.failed': 'failing' },
          },
          succeeding: { entry: { type: 'reply', params: { status: 'SUCCESS' } } },
          failing: { entry: { type: 'reply', params: { status: 'FAILED' } } },
          // The bug: waiting inside `open` keeps the deadline armed after the answer went out.
          ...(options.answerTwice ? { answered: {} } : {}),
        },
        on: { replied: options.answerTwice ? '.answered' : 'answered' },
      },
      timingOut: { entry: { type: 'reply', params: { status: 'FAILED' } }, on: { replied: 'answered' } },
      answered: { type: 'final' },
    },
  });
}

interface World {
  readonly replies: Map<string, string>;
}

function model(machine: ReturnType<typeof replyMachine>): LifecycleModel<{ n: number }, World> {
  return {
    definition: defineMachine({ id: 'reply', version: 1, machine }),
    input: fc.record({ n: fc.nat(100) }),
    world: () => ({ replies: new Map() }),
    executors: {
      work: async (_command, _ctx, fault) => (fault === 'fail' ? { type: 'work.failed' } : { type: 'work.done' }),
      reply: async (command, ctx, _fault, world) => {
        world.replies.set(ctx.idempotencyKey, JSON.stringify(command.params));
        return { type: 'replied' };
      },
    },
    invariants: [
      invariant<World>('at most one answer decided', 'a request is answered once', ({ world }) =>
        world.replies.size > 1
          ? [{ message: `${world.replies.size} different answers: ${[...world.replies.values()].join(' ')}` }]
          : [],
      ),
    ],
    eventually: [
      invariant<World>('answered in the end', 'every request gets an answer', ({ world }) =>
        world.replies.size === 1 ? [] : [{ message: `${world.replies.size} answers` }],
      ),
    ],
  };
}

describe('checkLifecycle', () => {
  it('passes a machine that keeps its promises under crashes, duplicates, slow calls and clock jumps', async () => {
    const result = await checkLifecycle(model(replyMachine()), { runs: 150, seed: 7 });
    expect(result.runs).toBe(150);
  });

  it('finds a machine that answers twice, naming the invariant and the seed', async () => {
    const error = await checkLifecycle(model(replyMachine({ answerTwice: true })), { runs: 150, seed: 7 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LifecycleCheckError);
    expect((error as Error).message).toMatch(/\[at most one answer decided\]/);
    expect((error as Error).message).toMatch(/replay with: \{ seed: 7/);
    expect((error as Error).message).toMatch(/timeline:\nv1/);
    // The printed seed and path replay exactly the shrunk counterexample, in one run.
    const { seed, path } = error as LifecycleCheckError;
    const replayed = await checkLifecycle(model(replyMachine({ answerTwice: true })), { runs: 150, seed, path }).catch(
      (e: unknown) => e,
    );
    expect((replayed as LifecycleCheckError).runs).toBe(1);
    expect((replayed as Error).message).toMatch(/\[at most one answer decided\]/);
  });

  it('finds a machine that forgets its deadline when the work never finishes', async () => {
    const broken = model(replyMachine({ forgetDeadline: true }));
    const hanging: typeof broken = {
      ...broken,
      executors: {
        ...broken.executors,
        work: async (_c, _x, fault) => (fault === 'slow' ? undefined : { type: 'work.done' }),
      },
    };
    const error = await checkLifecycle(hanging, { runs: 150, seed: 11 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/\[answered in the end\]/);
  });

  it('takes a finished instance refusing an event (INSTANCE_FINISHED) as its answer, not as a fault', async () => {
    const once = setup({}).createMachine({
      id: 'once',
      initial: 'open',
      states: { open: { on: { close: 'closed' } }, closed: { type: 'final' } },
    });
    const closing: LifecycleModel<object, object> = {
      definition: defineMachine({ id: 'once', version: 1, machine: once }),
      input: fc.constant({}),
      events: fc.constant({ type: 'close' }),
      world: () => ({}),
      executors: {},
      invariants: [],
    };
    await expect(checkLifecycle(closing, { runs: 50, seed: 1 })).resolves.toMatchObject({ runs: 50 });
  });
});
