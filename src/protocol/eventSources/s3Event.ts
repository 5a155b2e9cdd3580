import { z } from 'zod';
import { isoTimestamp, nonEmptyText, numeric, PARTITION, record, recordList, regionName, text } from './fieldRules.js';
import { s3KeyProblem } from './s3Key.js';

/** Event names as S3 writes them into a notification (the configuration's `s3:` prefix dropped). */
export const S3_EVENT_NAMES = [
  'ObjectCreated:Put',
  'ObjectCreated:Post',
  'ObjectCreated:Copy',
  'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete',
  'ObjectRemoved:DeleteMarkerCreated',
  'ObjectRestore:Post',
  'ObjectRestore:Completed',
  'ObjectRestore:Delete',
  'ReducedRedundancyLostObject',
  'Replication:OperationFailedReplication',
  'Replication:OperationMissedThreshold',
  'Replication:OperationReplicatedAfterThreshold',
  'Replication:OperationNotTracked',
  'LifecycleExpiration:Delete',
  'LifecycleExpiration:DeleteMarkerCreated',
  'LifecycleTransition',
  'IntelligentTiering',
  'ObjectTagging:Put',
  'ObjectTagging:Delete',
  'ObjectAcl:Put',
] as const;

/** One S3 event name, e.g. `ObjectCreated:Put`. */
export type S3EventName = (typeof S3_EVENT_NAMES)[number];

const bucketName = text().regex(
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  'must be a bucket name: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
);
const principal = record({ principalId: text() });

const bucket = record({ name: bucketName, ownerIdentity: principal, arn: text() }).superRefine((b, ctx) => {
  if (!new RegExp(`^arn:${PARTITION}:s3:::`).test(b.arn) || !b.arn.endsWith(`:::${b.name}`)) {
    ctx.addIssue({ code: 'custom', path: ['arn'], message: `must be the bucket's ARN (arn:aws:s3:::${b.name})` });
  }
});

const object = record({
  key: text().superRefine((key, ctx) => {
    const problem = s3KeyProblem(key);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  // Absent on delete events: nothing was stored.
  size: numeric().int('must be a whole number of bytes').nonnegative('must not be negative').optional(),
  eTag: text().optional(),
  versionId: text().optional(),
  sequencer: text().regex(/^[0-9A-F]+$/, 'must be upper-case hexadecimal'),
});

/** One record of an S3 event notification. */
export const s3EventRecordSchema = record({
  eventVersion: text().regex(/^2\.\d+$/, 'must be 2.x (the major version decides the shape)'),
  eventSource: z.literal('aws:s3', { error: 'must be aws:s3' }),
  awsRegion: regionName(),
  eventTime: isoTimestamp(),
  eventName: z.enum(S3_EVENT_NAMES, { error: 'must be an S3 event name such as ObjectCreated:Put' }),
  userIdentity: principal,
  requestParameters: record({ sourceIPAddress: text() }),
  responseElements: record({ 'x-amz-request-id': text(), 'x-amz-id-2': text() }),
  s3: record({
    s3SchemaVersion: z.literal('1.0', { error: 'must be 1.0' }),
    configurationId: nonEmptyText(),
    bucket,
    object,
  }),
});

/** The event a function receives from an S3 event notification. */
export const s3EventSchema = record({ Records: recordList(s3EventRecordSchema) });

/** One S3 notification record (keys still URL-encoded). */
export type S3EventRecord = z.output<typeof s3EventRecordSchema>;
/** An S3 event notification. */
export type S3Event = z.output<typeof s3EventSchema>;
