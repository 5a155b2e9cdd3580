import { z } from 'zod';

/** Input of the demo request: how often its backend call fails before it succeeds. */
export interface ApprovalRequestInput {
  readonly title: string;
  readonly failTimes: number;
  readonly autoApprove: boolean;
}

/** Everything the request reacts to: the backend's answers (command outcomes) and a person's decision. */
export type ApprovalRequestEvent =
  { type: 'backend.ok' } | { type: 'backend.failed'; status: number } | { type: 'APPROVE' } | { type: 'REJECT' };

/** The input as checked at the edge. */
export const approvalRequestInputSchema = z.object({
  title: z.string().min(1),
  failTimes: z.number().int().min(0),
  autoApprove: z.boolean(),
});

/** The events a caller may send from outside (the backend's answers come from the runtime). */
export const approvalRequestExternalEvents = z.discriminatedUnion('type', [
  z.object({ type: z.literal('APPROVE') }),
  z.object({ type: z.literal('REJECT') }),
]);
