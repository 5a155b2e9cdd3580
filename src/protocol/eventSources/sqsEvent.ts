import { z } from 'zod';
import {
  arnOf,
  base64Text,
  digitText,
  messageAttributeNameProblem,
  namedMap,
  nonEmptyText,
  record,
  recordList,
  regionName,
  text,
} from './fieldRules.js';

/** One message attribute as SQS hands it to a function (camelCase, unlike the SQS API). */
export const sqsMessageAttributeSchema = record({
  dataType: text().regex(
    /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/,
    'must be String, Number or Binary, optionally with a .label',
  ),
  stringValue: text().optional(),
  binaryValue: base64Text().optional(),
  stringListValues: z.array(text()),
  binaryListValues: z.array(base64Text()),
}).superRefine((a, ctx) => {
  const binary = a.dataType.startsWith('Binary');
  if (binary && a.binaryValue === undefined)
    ctx.addIssue({ code: 'custom', path: ['binaryValue'], message: 'is required for a Binary attribute' });
  if (!binary && a.stringValue === undefined)
    ctx.addIssue({ code: 'custom', path: ['stringValue'], message: `is required for a ${a.dataType} attribute` });
});

/** The system attributes Lambda passes with each message; FIFO queues add the group and sequence. */
export const sqsSystemAttributesSchema = record({
  ApproximateReceiveCount: digitText().regex(/^[1-9]/, 'must be at least 1'),
  SentTimestamp: digitText(),
  SenderId: nonEmptyText(),
  ApproximateFirstReceiveTimestamp: digitText(),
  SequenceNumber: digitText().optional(),
  MessageGroupId: nonEmptyText().optional(),
  MessageDeduplicationId: nonEmptyText().optional(),
  AWSTraceHeader: text().optional(),
  DeadLetterQueueSourceArn: text().optional(),
});

const queueArn = arnOf('sqs', '[A-Za-z0-9_-]{1,80}(?:\\.fifo)?', 'arn:aws:sqs:us-east-2:123456789012:my-queue');

/** One message of an SQS batch. */
export const sqsRecordSchema = record({
  messageId: z.guid({ error: 'must be a message id (a GUID)' }),
  receiptHandle: nonEmptyText(),
  body: text(),
  attributes: sqsSystemAttributesSchema,
  messageAttributes: namedMap(sqsMessageAttributeSchema, messageAttributeNameProblem),
  md5OfBody: text().regex(/^[0-9a-f]{32}$/, 'must be an MD5 digest in lower-case hex'),
  md5OfMessageAttributes: text()
    .regex(/^[0-9a-f]{32}$/, 'must be an MD5 digest in lower-case hex')
    .nullable()
    .optional(),
  eventSource: z.literal('aws:sqs', { error: 'must be aws:sqs' }),
  eventSourceARN: queueArn,
  awsRegion: regionName(),
}).superRefine((r, ctx) => {
  // Every message from a FIFO queue carries its group and its place in it.
  if (!r.eventSourceARN.endsWith('.fifo')) return;
  for (const field of ['MessageGroupId', 'SequenceNumber'] as const) {
    if (r.attributes[field] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['attributes', field],
        message: 'is required for a message from a FIFO queue',
      });
  }
});

/** The event a function receives from an SQS event source mapping: one batch of messages. */
export const sqsEventSchema = record({ Records: recordList(sqsRecordSchema) });

/** One SQS message as delivered. */
export type SqsRecord = z.output<typeof sqsRecordSchema>;
/** An SQS batch. */
export type SqsEvent = z.output<typeof sqsEventSchema>;
