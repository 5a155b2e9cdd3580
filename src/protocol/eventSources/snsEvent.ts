import { z } from 'zod';
import { arnOf, isoTimestamp, messageAttributeNameProblem, namedMap, record, recordList, text } from './fieldRules.js';

/** The data types an SNS message attribute may have. */
export const SNS_ATTRIBUTE_TYPES = ['String', 'String.Array', 'Number', 'Binary'] as const;

/** One message attribute as SNS delivers it to a function (PascalCase; binary values arrive base64). */
export const snsMessageAttributeSchema = record({
  Type: z.enum(SNS_ATTRIBUTE_TYPES, { error: 'must be String, String.Array, Number or Binary' }),
  Value: text(),
});

const topicArn = arnOf('sns', '[A-Za-z0-9_-]{1,256}(?:\\.fifo)?', 'arn:aws:sns:us-east-1:123456789012:my-topic');

/** The `Sns` part of a record: the notification itself. */
export const snsMessageSchema = record({
  Type: z.literal('Notification', { error: 'must be Notification' }),
  MessageId: z.guid({ error: 'must be a message id (a GUID)' }),
  TopicArn: topicArn,
  // SNS sends null when the publisher gave no subject.
  Subject: text().nullable().optional(),
  Message: text(),
  Timestamp: isoTimestamp(),
  SignatureVersion: z.enum(['1', '2'], { error: 'must be 1 or 2' }),
  Signature: text(),
  SigningCertUrl: z.url({ error: 'must be an absolute URL' }),
  UnsubscribeUrl: z.url({ error: 'must be an absolute URL' }),
  MessageAttributes: namedMap(snsMessageAttributeSchema, messageAttributeNameProblem).optional(),
});

/** One record of an SNS event. */
export const snsEventRecordSchema = record({
  EventVersion: z.literal('1.0', { error: 'must be 1.0' }),
  EventSubscriptionArn: text(),
  EventSource: z.literal('aws:sns', { error: 'must be aws:sns' }),
  Sns: snsMessageSchema,
}).superRefine((r, ctx) => {
  // A subscription ARN is its topic's ARN plus the subscription id.
  if (!r.EventSubscriptionArn.startsWith(`${r.Sns.TopicArn}:`)) {
    ctx.addIssue({
      code: 'custom',
      path: ['EventSubscriptionArn'],
      message: 'must be a subscription of Sns.TopicArn (<topic ARN>:<id>)',
    });
  }
});

/** The event a function subscribed to an SNS topic receives. */
export const snsEventSchema = record({ Records: recordList(snsEventRecordSchema) });

/** One SNS notification as delivered. */
export type SnsMessage = z.output<typeof snsMessageSchema>;
/** One record of an SNS event. */
export type SnsEventRecord = z.output<typeof snsEventRecordSchema>;
/** An SNS event. */
export type SnsEvent = z.output<typeof snsEventSchema>;
