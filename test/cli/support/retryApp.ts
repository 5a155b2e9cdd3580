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
    events: {} as { type: 'call.ok'; body: string } | { type: 'call.failed'; error: string } | { type: 'APPROVE' } | { type: 'REJECT' },
  },
  actions: { call: (_, _params: { url: string; attempt: number }) => undefined },
  delays: { backoff: ({ context }) => 1000 * 2 ** context.attempts },
}).createMachine({
  id: 'fetch',
  meta: { redact: ['apiKey'] },
  context: ({ input }) => ({ url: input.url, failTimes: input.failTimes, attempts: 0, note: input.note, apiKey: input.apiKey }),
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
    awaitingApproval: { tags: ['needs-human'], after: { 3_600_000: 'failed' }, on: { APPROVE: 'done', REJECT: 'failed' } },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

export const fetchDefinition = defineMachine({
  id: 'fetch',
  version: 1,
  machine: fetchMachine,
  description: 'calls a URL with retries, then waits for approval',
  input: z.object({ url: z.string(), failTimes: z.number().int(), note: z.string(), apiKey: z.string(), ResponseURL: z.string().optional() }),
  events: z.discriminatedUnion('type', [z.object({ type: z.literal('APPROVE') }), z.object({ type: z.literal('REJECT') })]),
});

/** Registers the fetch machine; its `call` fails the first `failTimes` attempts. */
export const appModule: AppModule = {
  name: 'fetch-test',
  install(env) {
    env.runtime.register(fetchDefinition, {
      call: async (command, ctx) => {
        const { attempt } = command.params as { attempt: number };
        const { failTimes } = ctx.record.state.context as { failTimes: number };
        return attempt <= failTimes ? { type: 'call.failed', error: `503 on attempt ${attempt}` } : { type: 'call.ok', body: 'ok' };
      },
    });
  },
};
