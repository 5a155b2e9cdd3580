import { z } from 'zod';
import { attributeMapSchema } from '../../protocol/eventSources/attributeValue.js';

const name = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

/**
 * What `statebridge emit` asks a running App to raise, as `POST /app/emit` takes it: an object written to
 * the embedded bucket, a message sent to the queue or published to the topic, a record put on an embedded
 * Kinesis stream, an item change recorded on a table's embedded stream, an event put on the bus.
 */
export const emitRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('s3'),
    bucket: name,
    key: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
    bodyBase64: z.string().default(''),
  }),
  z.object({ kind: z.literal('sqs'), queue: name, body: z.string(), group: name.optional() }),
  z.object({ kind: z.literal('sns'), topic: name, message: z.string(), subject: z.string().max(100).optional() }),
  z.object({
    kind: z.literal('kinesis'),
    stream: name,
    data: z.string(),
    partitionKey: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  }),
  z.object({
    kind: z.literal('dynamodb'),
    table: name,
    keys: attributeMapSchema,
    newImage: attributeMapSchema.optional(),
    oldImage: attributeMapSchema.optional(),
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']).optional(),
  }),
  z.object({
    kind: z.literal('cw-event'),
    source: name,
    detailType: name,
    detail: z.record(z.string(), z.unknown()),
  }),
]);

/** One request of `POST /app/emit`. */
export type EmitRequest = z.output<typeof emitRequestSchema>;

/** What the running App answers: what it raised, and the invocations that started from it at once. */
export interface EmitResult {
  /** The source name deliveries carry (`s3:img`, `sqs:jobs`), as `ls --source` takes it; a bus event's source. */
  readonly source: string;
  /** What was raised: the object's bucket/key, a message id, a record's shard and sequence number, an event id. */
  readonly raised: string;
  /** Invocation instances started while the request ran (a queue's batch starts later, on its window). */
  readonly invocations: readonly { readonly requestId: string; readonly functionName: string }[];
}

/** The HTTP path `statebridge emit` posts to. */
export const EMIT_PATH = '/app/emit';
