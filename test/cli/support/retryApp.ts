import { assign, setup } from 'xstate';
import { z } from 'zod';
import type { AppModule } from '../../../src/app/environment.js';
import { defineMachine } from '../../../src/core/machineDefinition.js';

/**
 * A small machine with a timer, a retry loop with growing back-off and a wait for approval, used to
 * exercise every view of the timeline. `failTimes` says how often the call fails before it succeeds.
 */
export const fetchMachine = setup({
  types: {
    context: {} as { url: string; failTimes: number; attempts: number; note: string; apiKey: string },
    input: {} as { url: string; failTimes: number; note: string; apiKey: string; ResponseURL?: string },
    events: {} as
      | { type: 'call.ok'; body: string }
      | { type: 'call.failed'; error: string }
      | { type: 'APPROVE' }
      | { type: 'REJECT' },
  },
  actions: { call: (_, _params: { url: string; attempt: number }) => undefined },
  delays: { backoff: ({ context }) => 1000 * 2 ** context.attempts },
}).createMachine({
  id: 'fetch',
  meta: { redact: ['apiKey'] },
  context: ({ input }) => ({
    url: input.url,
    failTimes: input.failTimes,
    attempts: 0,
    note: input.note,
    apiKey: input.apiKey,
  }),
  initial: 'queued',
  states: {
    queued: { after: { 500: 'calling' } },
    calling: {
      entry: [
        assign({ attempts: ({ context }) => context.attempts + 1 }),
        { type: 'call', params: ({ context }) => ({ url: context.url, attempt: context.attempts }) },
      ],
      on: {
        'call.ok': 'awaitingApproval',
        'call.failed': [{ guard: ({ context }) => context.attempts >= 4, target: 'failed' }, { target: 'backoff' }],
      },
    },
    backoff: { tags: ['retrying'], after: { backoff: 'calling' } },
    awaitingApproval: {
      tags: ['needs-human'],
      after: { 3_600_000: 'failed' },
      on: { APPROVE: 'done', REJECT: 'failed' },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

export const fetchDefinition = defineMachine({
  id: 'fetch',
  version: 1,
  machine: fetchMachine,
  description: 'calls a URL with retries, then waits for approval',
  input: z.object({
    url: z.string(),
    failTimes: z.number().int(),
    note: z.string(),
    apiKey: z.string(),
    ResponseURL: z.string().optional(),
  }),
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('APPROVE') }),
    z.object({ type: z.literal('REJECT') }),
  ]),
});

/** Starts a fetch child, then watches it for a minute: a two-instance chain. */
export const batchMachine = setup({
  types: { context: {} as { failTimes: number }, input: {} as { failTimes: number } },
  actions: { spawnChild: (_, _params: { failTimes: number }) => undefined },
}).createMachine({
  id: 'batch',
  context: ({ input }) => ({ failTimes: input.failTimes }),
  initial: 'spawning',
  states: {
    spawning: {
      entry: { type: 'spawnChild', params: ({ context }) => ({ failTimes: context.failTimes }) },
      on: { spawned: 'watching' },
    },
    watching: { after: { 60_000: 'done' } },
    done: { type: 'final' },
  },
});

export const batchDefinition = defineMachine({ id: 'batch', version: 1, machine: batchMachine });

/** Registers the fetch and batch machines; `call` fails the first `failTimes` attempts. */
export const appModule: AppModule = {
  name: 'fetch-test',
  install(env) {
    env.runtime.register(fetchDefinition, {
      call: async (command, ctx) => {
        const { attempt } = command.params as { attempt: number };
        const { failTimes } = ctx.record.state.context as { failTimes: number };
        return attempt <= failTimes
          ? { type: 'call.failed', error: `503 on attempt ${attempt}` }
          : { type: 'call.ok', body: 'ok' };
      },
    });
    env.runtime.register(batchDefinition, {
      spawnChild: async (command, ctx) => {
        const { failTimes } = command.params as { failTimes: number };
        await ctx.start(
          'fetch',
          `${ctx.instanceId}/child`,
          { url: 'https://api.example.com/child', failTimes, note: 'child', apiKey: 'k' },
          ctx.idempotencyKey,
        );
        return { type: 'spawned' };
      },
    });
  },
};
