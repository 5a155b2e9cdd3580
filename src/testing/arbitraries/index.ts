/** Hand-written fast-check arbitraries for every wire format: valid by construction, plus malformed variants. */
export {
  attributeMapArbitrary,
  attributeValueArbitrary,
  dynamodbNumberArbitrary,
  keyAttributeArbitrary,
} from './attributeValue.js';
export {
  accountArbitrary,
  isoTimeArbitrary,
  jsonObjectArbitrary,
  jsonValueArbitrary,
  partitionOf,
  regionArbitrary,
} from './awsValues.js';
export {
  cloudFormationRequestArbitrary,
  malformedCloudFormationRequestArbitrary,
  malformedRosRequestArbitrary,
  rosRequestArbitrary,
  type CustomResourceRequestOptions,
} from './customResourceRequest.js';
export {
  dynamodbStreamEventArbitrary,
  dynamodbStreamRecordArbitrary,
  malformedDynamodbStreamEventArbitrary,
  type DynamodbStreamOptions,
} from './dynamodbStreamEvent.js';
export { invocationPayloadArbitrary, payloadBytes, type InvocationPayloadOptions } from './invocationPayload.js';
export {
  kinesisEventArbitrary,
  kinesisRecordArbitrary,
  malformedKinesisEventArbitrary,
  type KinesisEventOptions,
} from './kinesisEvent.js';
export {
  applyMutation,
  malformedArbitrary,
  malformedRecordsArbitrary,
  missing,
  replaced,
  type Defect,
  type Malformed,
  type Mutation,
} from './malformed.js';
export {
  bucketNameArbitrary,
  malformedS3EventArbitrary,
  s3EventArbitrary,
  s3EventRecordArbitrary,
  type S3EventOptions,
} from './s3Event.js';
export {
  malformedScheduledEventArbitrary,
  scheduledEventArbitrary,
  type ScheduledEventOptions,
} from './scheduledEvent.js';
export { malformedSnsEventArbitrary, snsEventArbitrary, snsEventRecordArbitrary } from './snsEvent.js';
export { malformedSqsEventArbitrary, sqsEventArbitrary, sqsRecordArbitrary, type SqsEventOptions } from './sqsEvent.js';
