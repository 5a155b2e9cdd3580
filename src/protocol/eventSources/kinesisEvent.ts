import { z } from 'zod';
import { arnOf, base64Text, digitText, numeric, record, recordList, regionName, text } from './fieldRules.js';

/** One Kinesis record as a function receives it. */
export const kinesisRecordSchema = record({
  kinesis: record({
    kinesisSchemaVersion: z.literal('1.0', { error: 'must be 1.0' }),
    partitionKey: text().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
    sequenceNumber: digitText(),
    data: base64Text(),
    // Epoch seconds with a fraction, e.g. 1545084650.987.
    approximateArrivalTimestamp: numeric().nonnegative('must be epoch seconds, not negative'),
  }),
  eventSource: z.literal('aws:kinesis', { error: 'must be aws:kinesis' }),
  eventVersion: z.literal('1.0', { error: 'must be 1.0' }),
  eventID: text().regex(/^shardId-\d{12}:\d+$/, 'must be shardId-<12 digits>:<sequence number>'),
  eventName: z.literal('aws:kinesis:record', { error: 'must be aws:kinesis:record' }),
  invokeIdentityArn: text().regex(/^arn:[a-z-]+:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN'),
  awsRegion: regionName(),
  eventSourceARN: arnOf(
    'kinesis',
    'stream/[A-Za-z0-9_.-]{1,128}',
    'arn:aws:kinesis:us-east-2:123456789012:stream/my-stream',
  ),
}).superRefine((r, ctx) => {
  if (!r.eventID.endsWith(`:${r.kinesis.sequenceNumber}`)) {
    ctx.addIssue({ code: 'custom', path: ['eventID'], message: "must end with the record's kinesis.sequenceNumber" });
  }
});

/** The event a function receives from a Kinesis event source mapping. */
export const kinesisEventSchema = record({ Records: recordList(kinesisRecordSchema) });

/** One Kinesis record (data still base64). */
export type KinesisRecord = z.output<typeof kinesisRecordSchema>;
/** A Kinesis batch. */
export type KinesisEvent = z.output<typeof kinesisEventSchema>;
