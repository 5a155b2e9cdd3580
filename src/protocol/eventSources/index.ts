// statebridge/event-sources — the events functions receive from S3, SNS, SQS, Kinesis, DynamoDB streams
// and schedules: zod schemas in the shapes the services send, `parseEventSource` to validate one at the
// edge (a ValidationError names each field and rule), and builders that wrap a payload the way AWS does.
export { eventSourceSchemas, parseEventSource } from './eventSourceSchemas.js';
export type { EventOf, EventSourceKind } from './eventSourceSchemas.js';
export type { AttributeMap, AttributeValue } from './attributeValue.js';
export { dynamodbStreamEventSchema, expectedImages } from './dynamodbStreamEvent.js';
export type { DynamodbStreamEvent, DynamodbStreamRecord, StreamViewType } from './dynamodbStreamEvent.js';
export { kinesisEventSchema } from './kinesisEvent.js';
export type { KinesisEvent, KinesisRecord } from './kinesisEvent.js';
export { s3EventSchema } from './s3Event.js';
export type { S3Event, S3EventRecord } from './s3Event.js';
export { decodeS3Key, encodeS3Key } from './s3Key.js';
export { scheduledEventSchema } from './scheduledEvent.js';
export type { ScheduledEvent } from './scheduledEvent.js';
export { snsEventSchema } from './snsEvent.js';
export type { SnsEvent, SnsMessage } from './snsEvent.js';
export { sqsEventSchema } from './sqsEvent.js';
export type { SqsEvent, SqsRecord } from './sqsEvent.js';
export { dynamodbRecord, kinesisRecord, s3Event, s3Record, scheduledEvent, snsMessage, sqsRecord } from './wrappers.js';
