/** Wire formats of the events functions receive from S3, SNS, SQS, Kinesis, DynamoDB streams and schedules. */
export {
  ATTRIBUTE_TYPES,
  DYNAMODB_NUMBER,
  attributeMapProblems,
  attributeMapSchema,
  attributeValueProblems,
  type AttributeMap,
  type AttributeValue,
} from './attributeValue.js';
export {
  DYNAMODB_EVENT_NAMES,
  STREAM_VIEW_TYPES,
  dynamodbStreamEventSchema,
  dynamodbStreamRecordSchema,
  expectedImages,
  type DynamodbEventName,
  type DynamodbStreamEvent,
  type DynamodbStreamRecord,
  type StreamViewType,
} from './dynamodbStreamEvent.js';
export { eventSourceSchemas, parseEventSource, type EventOf, type EventSourceKind } from './eventSourceSchemas.js';
export { messageAttributeNameProblem } from './fieldRules.js';
export { kinesisEventSchema, kinesisRecordSchema, type KinesisEvent, type KinesisRecord } from './kinesisEvent.js';
export {
  S3_EVENT_NAMES,
  s3EventRecordSchema,
  s3EventSchema,
  type S3Event,
  type S3EventName,
  type S3EventRecord,
} from './s3Event.js';
export { decodeS3Key, encodeS3Key, s3KeyProblem } from './s3Key.js';
export { scheduledEventSchema, type ScheduledEvent } from './scheduledEvent.js';
export {
  SNS_ATTRIBUTE_TYPES,
  snsEventRecordSchema,
  snsEventSchema,
  snsMessageAttributeSchema,
  snsMessageSchema,
  type SnsEvent,
  type SnsEventRecord,
  type SnsMessage,
} from './snsEvent.js';
export {
  sqsEventSchema,
  sqsMessageAttributeSchema,
  sqsRecordSchema,
  sqsSystemAttributesSchema,
  type SqsEvent,
  type SqsRecord,
} from './sqsEvent.js';
export { dynamodbRecord, kinesisRecord, s3Event, s3Record, scheduledEvent, snsMessage, sqsRecord } from './wrappers.js';
