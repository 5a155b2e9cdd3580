import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineMachine } from '../../core/machineDefinition.js';

/** Input of the demo request: how often its backend call fails before it succeeds. */
export interface ApprovalRequestInput {
  readonly title: string;
  readonly failTimes: number;
  readonly autoApprove: boolean;
}

/**
 * The timeline tour's request: call a backend (retried with a doubling back-off, four attempts at
 * most), then wait up to an hour for a person to approve. It exists to show every part of a timeline:
 * a timer, retries and their delays, a command in flight, and an instance waiting on a human.
 */
export const approvalRequestMachine = setup({
  types: {
    context: {} as ApprovalRequestInput & { attempts: number },
    input: {} as ApprovalRequestInput,
    events: {} as
      { type: 'backend.ok' } | { type: 'backend.failed'; status: number } | { type: 'APPROVE' } | { type: 'REJECT' },
  },
  actions: { callBackend: (_, _params: { title: string; attempt: number }) => undefined },
  delays: { backoff: ({ context }) => 1000 * 2 ** (context.attempts - 1) },
  guards: { outOfAttempts: ({ context }) => context.attempts >= 4, autoApproved: ({ context }) => context.autoApprove },
}).createMachine({
  id: 'approvalRequest',
  context: ({ input }) => ({ ...input, attempts: 0 }),
  initial: 'queued',
  states: {
    queued: { after: { 300: 'calling' } },
    calling: {
      entry: [
        assign({ attempts: ({ context }) => context.attempts + 1 }),
        { type: 'callBackend', params: ({ context }) => ({ title: context.title, attempt: context.attempts }) },
      ],
      on: {
        'backend.ok': [{ guard: 'autoApproved', target: 'approved' }, { target: 'awaitingApproval' }],
        'backend.failed': [{ guard: 'outOfAttempts', target: 'failed' }, { target: 'backoff' }],
      },
    },
    backoff: { tags: ['retrying'], after: { backoff: 'calling' } },
    awaitingApproval: {
      tags: ['needs-human'],
      after: { 3_600_000: 'expired' },
      on: { APPROVE: 'approved', REJECT: 'rejected' },
    },
    approved: { type: 'final' },
    rejected: { type: 'final' },
    expired: { type: 'final', tags: ['failed'] },
    failed: { type: 'final', tags: ['failed'] },
  },
});

/** The demo machine, pinned. */
export const approvalRequestDefinition = defineMachine({
  id: 'approvalRequest',
  version: 1,
  machine: approvalRequestMachine,
  description: 'timeline tour: a backend call with retries, then a wait for approval',
  input: z.object({ title: z.string().min(1), failTimes: z.number().int().min(0), autoApprove: z.boolean() }),
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('APPROVE') }),
    z.object({ type: z.literal('REJECT') }),
  ]),
});
