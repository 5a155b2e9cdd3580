import type { z } from 'zod';
import { parseInput } from '../validate.js';
import { dynamodbStreamEventSchema } from './dynamodbStreamEvent.js';
import { kinesisEventSchema } from './kinesisEvent.js';
import { s3EventSchema } from './s3Event.js';
import { scheduledEventSchema } from './scheduledEvent.js';
import { snsEventSchema } from './snsEvent.js';
import { sqsEventSchema } from './sqsEvent.js';

/** Every event source format by name, with the words an error message uses for it. */
export const eventSourceSchemas = {
  s3: { schema: s3EventSchema, what: 'S3 event' },
  sns: { schema: snsEventSchema, what: 'SNS event' },
  sqs: { schema: sqsEventSchema, what: 'SQS event' },
  kinesis: { schema: kinesisEventSchema, what: 'Kinesis event' },
  dynamodb: { schema: dynamodbStreamEventSchema, what: 'DynamoDB stream event' },
  schedule: { schema: scheduledEventSchema, what: 'scheduled event' },
} as const;

/** The name of an event source format. */
export type EventSourceKind = keyof typeof eventSourceSchemas;

/** The validated event of one source. */
export type EventOf<K extends EventSourceKind> = z.output<(typeof eventSourceSchemas)[K]['schema']>;

/**
 * Validate an event at the edge; throws a ValidationError naming every field at fault and its rule.
 * @example
 * const event = parseEventSource('sqs', raw);
 * for (const r of event.Records) console.log(r.body);
 */
export function parseEventSource<K extends EventSourceKind>(kind: K, raw: unknown): EventOf<K> {
  const { schema, what } = eventSourceSchemas[kind];
  return parseInput(schema, raw, what) as EventOf<K>;
}
