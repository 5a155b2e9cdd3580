/**
 * Convenience readers over validated events, in the spirit of Chalice's event classes: pure functions,
 * the raw event stays the source of truth. Readers named for the whole event look at the first record,
 * as Chalice does; the per-record readers serve batches.
 */
import { ValidationError } from '../../core/errors.js';
import type { AttributeMap } from './attributeValue.js';
import type { DynamodbStreamRecord } from './dynamodbStreamEvent.js';
import type { KinesisRecord } from './kinesisEvent.js';
import type { S3Event, S3EventRecord } from './s3Event.js';
import { decodeS3Key } from './s3Key.js';
import type { ScheduledEvent } from './scheduledEvent.js';
import type { SnsEvent, SnsMessage } from './snsEvent.js';
import type { SqsRecord } from './sqsEvent.js';

function first<T>(records: readonly T[], what: string): T {
  const head = records[0];
  if (head === undefined) throw new ValidationError(what, [{ path: 'Records', rule: 'must hold at least one record' }]);
  return head;
}

function lastArnPart(arn: string, separator: string): string {
  return arn.slice(arn.lastIndexOf(separator) + 1);
}

/** Decode base64 to bytes without Node's Buffer, so the readers run anywhere. */
function base64Bytes(data: string): Uint8Array {
  return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
}

/** Readers for one S3 notification record. */
export const s3Record = {
  /** The bucket name. */
  bucket: (r: S3EventRecord): string => r.s3.bucket.name,
  /** The object key, URL-decoded (S3 writes "red flower.jpg" as "red+flower.jpg"). */
  key(r: S3EventRecord): string {
    const key = decodeS3Key(r.s3.object.key);
    if (key === undefined)
      throw new ValidationError('S3 event', [{ path: 's3.object.key', rule: 'must be valid URL encoding' }]);
    return key;
  },
  /** The key exactly as S3 wrote it. */
  rawKey: (r: S3EventRecord): string => r.s3.object.key,
};

/**
 * Readers for an S3 event (first record).
 * @example
 * const where = `${s3Event.bucket(event)}/${s3Event.key(event)}`;
 */
export const s3Event = {
  /** The bucket of the first record. */
  bucket: (e: S3Event): string => s3Record.bucket(first(e.Records, 'S3 event')),
  /** The decoded key of the first record. */
  key: (e: S3Event): string => s3Record.key(first(e.Records, 'S3 event')),
  /** The event name of the first record, e.g. `ObjectCreated:Put`. */
  eventName: (e: S3Event): string => first(e.Records, 'S3 event').eventName,
};

/** Readers for an SNS event (first record, as Chalice's `SNSEvent`). */
export const snsMessage = {
  /** The `Sns` part of the first record. */
  of: (e: SnsEvent): SnsMessage => first(e.Records, 'SNS event').Sns,
  /** The message body. */
  message: (e: SnsEvent): string => snsMessage.of(e).Message,
  /** The subject, or `undefined` when the publisher gave none (SNS sends null). */
  subject: (e: SnsEvent): string | undefined => snsMessage.of(e).Subject ?? undefined,
  /** The message attributes as delivered (`{ name: { Type, Value } }`), empty when there are none. */
  messageAttributes: (e: SnsEvent): NonNullable<SnsMessage['MessageAttributes']> =>
    snsMessage.of(e).MessageAttributes ?? {},
};

/** Readers for one message of an SQS batch. */
export const sqsRecord = {
  /** The message body. */
  body: (r: SqsRecord): string => r.body,
  /** The handle to delete or change the visibility of this receipt. */
  receiptHandle: (r: SqsRecord): string => r.receiptHandle,
  /** The id to report in `batchItemFailures`. */
  messageId: (r: SqsRecord): string => r.messageId,
  /** How often the message has been received, this time included. */
  receiveCount: (r: SqsRecord): number => Number(r.attributes.ApproximateReceiveCount),
  /** The queue's name, from the source ARN. */
  queueName: (r: SqsRecord): string => lastArnPart(r.eventSourceARN, ':'),
};

/** Readers for one Kinesis record. */
export const kinesisRecord = {
  /** The payload, base64-decoded. */
  data: (r: KinesisRecord): Uint8Array => base64Bytes(r.kinesis.data),
  /** The payload decoded as UTF-8 text. */
  text: (r: KinesisRecord): string => new TextDecoder().decode(base64Bytes(r.kinesis.data)),
  /** The record's sequence number (the `itemIdentifier` for partial batch failures). */
  sequenceNumber: (r: KinesisRecord): string => r.kinesis.sequenceNumber,
  /** The partition key. */
  partitionKey: (r: KinesisRecord): string => r.kinesis.partitionKey,
  /** The record's schema version. */
  schemaVersion: (r: KinesisRecord): string => r.kinesis.kinesisSchemaVersion,
  /** When the record reached the stream (from epoch seconds). */
  timestamp: (r: KinesisRecord): Date => new Date(r.kinesis.approximateArrivalTimestamp * 1000),
};

/** Readers for one DynamoDB stream record; images stay in AttributeValue form. */
export const dynamodbRecord = {
  /** The item's key attributes. */
  keys: (r: DynamodbStreamRecord): AttributeMap => r.dynamodb.Keys,
  /** The item after the change, when the stream's view type carries it. */
  newImage: (r: DynamodbStreamRecord): AttributeMap | undefined => r.dynamodb.NewImage,
  /** The item before the change, when the stream's view type carries it. */
  oldImage: (r: DynamodbStreamRecord): AttributeMap | undefined => r.dynamodb.OldImage,
  /** INSERT, MODIFY or REMOVE. */
  eventName: (r: DynamodbStreamRecord): string => r.eventName,
  /** The stream sequence number. */
  sequenceNumber: (r: DynamodbStreamRecord): string => r.dynamodb.SequenceNumber,
  /** The size of the record in bytes. */
  sizeBytes: (r: DynamodbStreamRecord): number => r.dynamodb.SizeBytes,
  /** The stream's view type. */
  streamViewType: (r: DynamodbStreamRecord): string => r.dynamodb.StreamViewType,
  /** The table name, from the stream ARN (`…:table/<name>/stream/<label>`). */
  tableName: (r: DynamodbStreamRecord): string => r.eventSourceARN.split(':table/')[1]?.split('/stream/')[0] ?? '',
  /** When the change was made, or `undefined` when the record does not say. */
  timestamp: (r: DynamodbStreamRecord): Date | undefined =>
    r.dynamodb.ApproximateCreationDateTime === undefined
      ? undefined
      : new Date(r.dynamodb.ApproximateCreationDateTime * 1000),
};

/** Readers for a scheduled event. */
export const scheduledEvent = {
  /** The ARN of the rule that fired. */
  ruleArn: (e: ScheduledEvent): string => e.resources[0],
  /** The name of the rule that fired. */
  ruleName: (e: ScheduledEvent): string => lastArnPart(e.resources[0], '/'),
  /** The scheduled time. */
  time: (e: ScheduledEvent): Date => new Date(e.time),
  /** The event id (the same on a redelivery). */
  eventId: (e: ScheduledEvent): string => e.id,
};
