import { z } from 'zod';
import { attributeMapSchema } from './attributeValue.js';
import { digitText, numeric, record, recordList, regionName, text } from './fieldRules.js';

/** What a stream writes for each change. */
export const STREAM_VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] as const;
/** One of the four stream view types. */
export type StreamViewType = (typeof STREAM_VIEW_TYPES)[number];
/** The kinds of change a stream reports. */
export const DYNAMODB_EVENT_NAMES = ['INSERT', 'MODIFY', 'REMOVE'] as const;
/** INSERT, MODIFY or REMOVE. */
export type DynamodbEventName = (typeof DYNAMODB_EVENT_NAMES)[number];

/**
 * Which images a record carries, from the stream's view type and the kind of change: an INSERT has no
 * old image, a REMOVE no new one, and a view type only ever carries the images it names.
 */
export function expectedImages(
  view: StreamViewType,
  change: DynamodbEventName,
): { newImage: boolean; oldImage: boolean } {
  const wantsNew = view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES';
  const wantsOld = view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES';
  return { newImage: wantsNew && change !== 'REMOVE', oldImage: wantsOld && change !== 'INSERT' };
}

const streamArn = text().regex(
  /^arn:[a-z-]+:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}\/stream\/.+$/,
  'must be a stream ARN such as arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2015-06-27T00:48:05.899',
);

/** One change record of a DynamoDB stream. */
export const dynamodbStreamRecordSchema = record({
  eventID: text().min(1, 'must not be empty'),
  eventName: z.enum(DYNAMODB_EVENT_NAMES, { error: 'must be INSERT, MODIFY or REMOVE' }),
  eventVersion: z.enum(['1.0', '1.1'], { error: 'must be 1.0 or 1.1' }),
  eventSource: z.literal('aws:dynamodb', { error: 'must be aws:dynamodb' }),
  awsRegion: regionName(),
  eventSourceARN: streamArn,
  // Present on deletions by TTL: the service itself removed the item.
  userIdentity: record({ type: text(), principalId: text() }).optional(),
  dynamodb: record({
    // Epoch seconds; recorded events carry it, the developer guide's example does not.
    ApproximateCreationDateTime: numeric().nonnegative('must be epoch seconds, not negative').optional(),
    Keys: attributeMapSchema,
    NewImage: attributeMapSchema.optional(),
    OldImage: attributeMapSchema.optional(),
    SequenceNumber: digitText(),
    SizeBytes: numeric().int('must be a whole number of bytes').min(1, 'must be at least 1'),
    StreamViewType: z.enum(STREAM_VIEW_TYPES, {
      error: 'must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES',
    }),
  }),
}).superRefine((r, ctx) => {
  // Malformed maps were reported already; look only at what has the right shape.
  const keys = typeof r.dynamodb.Keys === 'object' && r.dynamodb.Keys !== null ? Object.entries(r.dynamodb.Keys) : [];
  if (keys.length < 1 || keys.length > 2)
    ctx.addIssue({
      code: 'custom',
      path: ['dynamodb', 'Keys'],
      message: 'must hold the partition key and at most a sort key',
    });
  for (const [name, v] of keys) {
    if (typeof v === 'object' && v !== null && !('S' in v || 'N' in v || 'B' in v))
      ctx.addIssue({
        code: 'custom',
        path: ['dynamodb', 'Keys', name],
        message: 'must be of type S, N or B (a key attribute)',
      });
  }
  const want = expectedImages(r.dynamodb.StreamViewType, r.eventName);
  for (const [field, wanted] of [
    ['NewImage', want.newImage],
    ['OldImage', want.oldImage],
  ] as const) {
    const present = r.dynamodb[field] !== undefined;
    if (present !== wanted) {
      ctx.addIssue({
        code: 'custom',
        path: ['dynamodb', field],
        message: `must be ${wanted ? 'present' : 'absent'} for ${r.eventName} on a ${r.dynamodb.StreamViewType} stream`,
      });
    }
  }
});

/** The event a function receives from a DynamoDB stream. */
export const dynamodbStreamEventSchema = record({ Records: recordList(dynamodbStreamRecordSchema) });

/** One DynamoDB stream record. */
export type DynamodbStreamRecord = z.output<typeof dynamodbStreamRecordSchema>;
/** A DynamoDB stream batch. */
export type DynamodbStreamEvent = z.output<typeof dynamodbStreamEventSchema>;
