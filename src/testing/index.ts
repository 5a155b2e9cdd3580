// statebridge/testing — the public test kit: virtual clock, fault model, invariants, model-based harness.
export { VirtualClock } from '../runtime/virtualClock.js';
export { checkLifecycle, LifecycleCheckError } from './checkLifecycle.js';
export type { CheckOptions, LifecycleModel } from './checkLifecycle.js';
export { defaultFaultWeights, faultPlanArbitrary, FaultPlan } from './faults.js';
export type { ExecutionFault, FaultWeights } from './faults.js';
export { LifecycleRun } from './harness.js';
export type { FaultyExecutor } from './harness.js';
export { checkInvariants, invariant } from './invariant.js';
export type { Invariant, InvariantSubject, Violation } from './invariant.js';
export {
  commandsHaveIdempotencyKeys,
  contiguousVersions,
  machineInvariants,
  replayReproduces,
  terminalStatesAbsorb,
  timersNotEarly,
} from './machineInvariants.js';
export { timelineText } from './timelineText.js';
export {
  attributeMapArbitrary,
  attributeValueArbitrary,
  cloudFormationRequestArbitrary,
  dynamodbStreamEventArbitrary,
  dynamodbStreamRecordArbitrary,
  invocationPayloadArbitrary,
  jsonObjectArbitrary,
  jsonValueArbitrary,
  kinesisEventArbitrary,
  kinesisRecordArbitrary,
  malformedArbitrary,
  malformedCloudFormationRequestArbitrary,
  malformedDynamodbStreamEventArbitrary,
  malformedKinesisEventArbitrary,
  malformedRosRequestArbitrary,
  malformedS3EventArbitrary,
  malformedScheduledEventArbitrary,
  malformedSnsEventArbitrary,
  malformedSqsEventArbitrary,
  rosRequestArbitrary,
  s3EventArbitrary,
  s3EventRecordArbitrary,
  scheduledEventArbitrary,
  snsEventArbitrary,
  sqsEventArbitrary,
  sqsRecordArbitrary,
} from './arbitraries/index.js';
export type { Defect, Malformed } from './arbitraries/index.js';
