import { z } from 'zod';
import type { Json } from '../../core/stepRecord.js';
import { asyncInvokeConfigSchema, deadLetterSpecSchema, destinationSpecSchema, resourceNameSchema } from './config.js';

const jsonValue = z.custom<Json>((value) => value !== undefined, 'must be a JSON value');

/** What started an invocation: a direct call, a destination / rule of an earlier invocation, or an App source. */
export const invocationTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoke') }),
  z.object({
    kind: z.literal('destination'),
    sourceRequestId: z.string(),
    sourceFunction: z.string(),
    condition: z.string(),
  }),
  z.object({
    kind: z.literal('eventBusRule'),
    sourceRequestId: z.string(),
    sourceFunction: z.string(),
    rule: z.string(),
    inputPath: z.string().optional(),
    eventId: z.string(),
  }),
  // An App source: a schedule, a pattern, a bucket, topic, queue or stream (`sqs:jobs`) and the rule or event.
  z.object({
    kind: z.literal('eventSource'),
    source: z.string(),
    rule: z.string().optional(),
    eventId: z.string().optional(),
  }),
]);

/** What started an invocation. */
export type InvocationTrigger = z.infer<typeof invocationTriggerSchema>;

/**
 * The input of one asynchronous-invocation instance: the event as accepted, and the function's
 * settings snapshotted at acceptance so a later change does not rewrite a running history.
 */
export const invocationInputSchema = z.object({
  requestId: z.string().min(1, 'must not be empty'),
  functionName: resourceNameSchema,
  functionArn: z.string().min(1),
  payload: jsonValue,
  /** Epoch ms when the event was queued; the event age counts from here. */
  acceptedAt: z.number().int().nonnegative(),
  config: asyncInvokeConfigSchema.extend({
    onSuccess: destinationSpecSchema.optional(),
    onFailure: destinationSpecSchema.optional(),
    deadLetterQueue: deadLetterSpecSchema.optional(),
  }),
  /** Multiplies retry waits (1 = the service's 1 min / 2 min / 1 s…5 min); the event age is never scaled. */
  retryDelayScale: z.number().positive().max(1).default(1),
  /** How often each function has been reached in this chain, this one included (loop detection). */
  visits: z.record(z.string(), z.number().int().positive()),
  trigger: invocationTriggerSchema.default({ kind: 'invoke' }),
  /**
   * `RequestResponse` when a caller waits on the first attempt (an App route, authorizer or `$connect`):
   * as Lambda, nothing is retried and no destination or dead-letter queue is used, so the instance ends
   * with that attempt. Absent means `Event`, the asynchronous path.
   */
  invocationType: z.enum(['Event', 'RequestResponse']).optional(),
});

/** Input of an asynchronous-invocation instance, as accepted. */
export type InvocationInput = z.output<typeof invocationInputSchema>;
/** Input of an asynchronous-invocation instance, before defaults. */
export type InvocationInputDraft = z.input<typeof invocationInputSchema>;

/** Outcome events of the `invokeFunction` command (and the executor's own age check). */
export type AttemptOutcome =
  | { type: 'attempt.succeeded'; attempt: number; response: Json; startedAt: number; finishedAt: number }
  | {
      type: 'attempt.failed';
      attempt: number;
      functionError: 'Handled' | 'Unhandled';
      error: Json;
      startedAt: number;
      finishedAt: number;
    }
  | {
      type: 'attempt.throttled';
      attempt: number;
      reason: 'handler' | 'concurrency' | 'system';
      at: number;
      detail?: string;
    }
  | { type: 'attempt.expired'; attempt: number; at: number };

/** Outcome events of the delivery commands. */
export type DeliveryOutcome =
  | { type: 'destination.delivered'; target: string; record: Json; delivered: Json }
  | { type: 'destination.failed'; target: string; error: string }
  | { type: 'destination.loopStopped'; target: string; functionName: string; visits: number }
  | { type: 'deadLetter.sent'; target: string; messageId: string }
  | { type: 'deadLetter.failed'; target: string; error: string };

/** Params of the `invokeFunction` command. */
export interface InvokeFunctionParams {
  readonly requestId: string;
  readonly functionName: string;
  readonly attempt: number;
  readonly payload: Json;
  readonly acceptedAt: number;
  readonly maximumEventAgeInSeconds: number;
  readonly timeoutSeconds: number;
}
