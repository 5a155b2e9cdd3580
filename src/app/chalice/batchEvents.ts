import type { AttributeMap } from '../../protocol/eventSources/attributeValue.js';
import type { DynamodbStreamEvent, DynamodbStreamRecord } from '../../protocol/eventSources/dynamodbStreamEvent.js';
import type {
  KinesisEvent as KinesisPayload,
  KinesisRecord as KinesisRaw,
} from '../../protocol/eventSources/kinesisEvent.js';
import type { SqsEvent, SqsRecord } from '../../protocol/eventSources/sqsEvent.js';
import { dynamodbRecord, kinesisRecord, sqsRecord } from '../../protocol/eventSources/wrappers.js';
import { LambdaEvent } from './lambdaEvent.js';

/** One message of an SQS batch. */
export class SQSRecord extends LambdaEvent<SqsRecord> {
  get body(): string {
    return sqsRecord.body(this.raw);
  }
  get receiptHandle(): string {
    return sqsRecord.receiptHandle(this.raw);
  }
  /** The id to name in `batchItemFailures`. */
  get messageId(): string {
    return sqsRecord.messageId(this.raw);
  }
  /** How often the message has been received, this time included. */
  get receiveCount(): number {
    return sqsRecord.receiveCount(this.raw);
  }
}

/** An SQS batch, as `app.onSqsMessage` handlers receive it: iterate it for its `SQSRecord`s. */
export class SQSEvent extends LambdaEvent<SqsEvent> implements Iterable<SQSRecord> {
  *[Symbol.iterator](): Iterator<SQSRecord> {
    for (const record of this.raw.Records) yield new SQSRecord(record, this.context);
  }
}

/** One Kinesis record. */
export class KinesisRecord extends LambdaEvent<KinesisRaw> {
  /** The payload, base64-decoded. */
  get data(): Uint8Array {
    return kinesisRecord.data(this.raw);
  }
  get sequenceNumber(): string {
    return kinesisRecord.sequenceNumber(this.raw);
  }
  get partitionKey(): string {
    return kinesisRecord.partitionKey(this.raw);
  }
  get schemaVersion(): string {
    return kinesisRecord.schemaVersion(this.raw);
  }
  get timestamp(): Date {
    return kinesisRecord.timestamp(this.raw);
  }
}

/** A Kinesis batch, as `app.onKinesisMessage` handlers receive it. */
export class KinesisEvent extends LambdaEvent<KinesisPayload> implements Iterable<KinesisRecord> {
  *[Symbol.iterator](): Iterator<KinesisRecord> {
    for (const record of this.raw.Records) yield new KinesisRecord(record, this.context);
  }
}

/** One DynamoDB stream record; images stay in AttributeValue form. */
export class DynamoDBRecord extends LambdaEvent<DynamodbStreamRecord> {
  get keys(): AttributeMap {
    return dynamodbRecord.keys(this.raw);
  }
  get newImage(): AttributeMap | undefined {
    return dynamodbRecord.newImage(this.raw);
  }
  get oldImage(): AttributeMap | undefined {
    return dynamodbRecord.oldImage(this.raw);
  }
  get eventName(): string {
    return dynamodbRecord.eventName(this.raw);
  }
  get eventId(): string {
    return this.raw.eventID;
  }
  get eventSourceArn(): string {
    return this.raw.eventSourceARN;
  }
  get awsRegion(): string {
    return this.raw.awsRegion;
  }
  get sequenceNumber(): string {
    return dynamodbRecord.sequenceNumber(this.raw);
  }
  get sizeBytes(): number {
    return dynamodbRecord.sizeBytes(this.raw);
  }
  get streamViewType(): string {
    return dynamodbRecord.streamViewType(this.raw);
  }
  get tableName(): string {
    return dynamodbRecord.tableName(this.raw);
  }
  get timestamp(): Date | undefined {
    return dynamodbRecord.timestamp(this.raw);
  }
}

/** A DynamoDB stream batch, as `app.onDynamodbMessage` handlers receive it. */
export class DynamoDBEvent extends LambdaEvent<DynamodbStreamEvent> implements Iterable<DynamoDBRecord> {
  *[Symbol.iterator](): Iterator<DynamoDBRecord> {
    for (const record of this.raw.Records) yield new DynamoDBRecord(record, this.context);
  }
}
