import { assign, setup } from 'xstate';
import type { ApprovalRequestEvent, ApprovalRequestInput } from './approvalRequest.events.js';

/**
 * The timeline tour's request: call a backend (retried with a doubling back-off, four attempts at
 * most), then wait up to an hour for a person to approve. It exists to show every part of a timeline:
 * a timer, retries and their delays, a command in flight, and an instance waiting on a human.
 */
export const approvalRequestMachine = setup({
  types: {
    context: {} as ApprovalRequestInput & { attempts: number },
    input: {} as ApprovalRequestInput,
    events: {} as ApprovalRequestEvent,
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
