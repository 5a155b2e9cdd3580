/** Batches in the exact shape the event source mappings deliver them (SQS, Kinesis, DynamoDB streams). */
import { createHash, randomUUID } from 'node:crypto';
import type { AttributeMap } from '../../protocol/eventSources/attributeValue.js';
import type { DynamodbStreamRecord } from '../../protocol/eventSources/dynamodbStreamEvent.js';
import type { KinesisRecord } from '../../protocol/eventSources/kinesisEvent.js';
import type { SqsRecord } from '../../protocol/eventSources/sqsEvent.js';
import { LOCAL_EVENT_SCOPE, type EventScope } from './serviceEvents.js';

/** One SQS message as a batch carries it. */
export function sqsRecordOf(
  input: { queue: string; body: string; messageId?: string; receiveCount?: number; sentAt: number; at: number },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): SqsRecord {
  const messageId = input.messageId ?? randomUUID();
  return {
    messageId,
    receiptHandle: `${messageId}#${input.receiveCount ?? 1}`,
    body: input.body,
    attributes: {
      ApproximateReceiveCount: String(input.receiveCount ?? 1),
      SentTimestamp: String(input.sentAt),
      SenderId: scope.account,
      ApproximateFirstReceiveTimestamp: String(input.at),
      ...(input.queue.endsWith('.fifo') ? { MessageGroupId: 'default', SequenceNumber: String(input.sentAt) } : {}),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(input.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${scope.region}:${scope.account}:${input.queue}`,
    awsRegion: scope.region,
  };
}

/** One Kinesis record; `data` is given as text or bytes and delivered base64. */
export function kinesisRecordOf(
  input: {
    stream: string;
    data: string | Uint8Array;
    partitionKey?: string;
    sequenceNumber: string;
    at: number;
    shardId?: string;
  },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): KinesisRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: input.partitionKey ?? 'default',
      sequenceNumber: input.sequenceNumber,
      data: (typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : Buffer.from(input.data)).toString(
        'base64',
      ),
      approximateArrivalTimestamp: input.at / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${input.shardId ?? 'shardId-000000000000'}:${input.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${scope.account}:role/statebridge-local`,
    awsRegion: scope.region,
    eventSourceARN: `arn:aws:kinesis:${scope.region}:${scope.account}:stream/${input.stream}`,
  };
}

/** One DynamoDB stream record of a NEW_AND_OLD_IMAGES stream. */
export function dynamodbRecordOf(
  input: {
    streamArn: string;
    keys: AttributeMap;
    newImage?: AttributeMap;
    oldImage?: AttributeMap;
    sequenceNumber: string;
    at: number;
    /** Stable across redeliveries when given (a stream's record); a fresh id otherwise. */
    eventId?: string;
  },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): DynamodbStreamRecord {
  const eventName = input.oldImage === undefined ? 'INSERT' : input.newImage === undefined ? 'REMOVE' : 'MODIFY';
  const size = Buffer.byteLength(JSON.stringify([input.keys, input.newImage ?? {}, input.oldImage ?? {}]));
  return {
    eventID: input.eventId ?? randomUUID().replace(/-/g, ''),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: scope.region,
    eventSourceARN: input.streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(input.at / 1000),
      Keys: input.keys,
      ...(input.newImage === undefined ? {} : { NewImage: input.newImage }),
      ...(input.oldImage === undefined ? {} : { OldImage: input.oldImage }),
      SequenceNumber: input.sequenceNumber,
      SizeBytes: size,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
