// statebridge/testing — the public test kit: virtual clock, fault model, invariants, model-based harness.
export { VirtualClock } from '../runtime/virtualClock.js';
export { checkLifecycle, LifecycleCheckError } from './checkLifecycle.js';
export type { CheckOptions, LifecycleModel } from './checkLifecycle.js';
export {
  defaultFaultWeights,
  defaultStoreFaultWeights,
  faultPlanArbitrary,
  FaultPlan,
  storeFaultPlanArbitrary,
} from './faults.js';
export type { ExecutionFault, FaultWeights, StoreFault, StoreFaultWeights } from './faults.js';
export { faultyEventStore, isInjectedStoreFault } from './faultyEventStore.js';
export type { FaultControl } from './faultyEventStore.js';
export { LifecycleRun } from './harness.js';
export type { FaultyExecutor, RunScenario, RuntimeFactory } from './harness.js';
export { DUE_WORK_MOVES_ON, dueWorkMovesOn } from './livenessInvariant.js';
export { HANDLERS_RETURN } from './runWatch.js';
export { busyMachine, retiredVersionOf, startOnPriorWorker } from './priorWorker.js';
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
export { deliverLater } from './harness.js';
export type { LateOutcome } from './harness.js';
export { customResourceWorld } from './customResourceWorld.js';
export type { CustomResourceWorld, HandlerAnswer, ReceivedPut } from './customResourceWorld.js';
export {
  answerShapeInvariant,
  customResourceEventually,
  customResourceInvariants,
  deadlineFixedInvariant,
  decidedBeforeDeadlineInvariant,
  deliveredAsDecidedInvariant,
  exactlyOneAnswerInvariant,
  handlerRunsOnceInvariant,
  oneDecisionInvariant,
  secretsRedactedInvariant,
  timeoutIsFailedInvariant,
} from './customResourceInvariants.js';
export {
  bodyFits,
  deleteKeepsId,
  deleteTotality,
  failedHasReason,
  idsEchoed,
  noEchoKept,
  noEchoNeverLeaked,
  physicalIdWellFormed,
  receivedInvariants,
  resendsIdentical,
  rosUpdateKeepsId,
} from './customResourceReceived.js';
export {
  deliveredRecordAgrees,
  invocationEventually,
  invocationFinished,
  invocationInvariants,
  invocationWorld,
  noAttemptAfterEventAgeInvariant,
  noExecutionAfterEventAge,
  noRetryBeyondLimitInvariant,
  oneDeliveryDecisionInvariant,
  oneDestinationDelivery,
  recordAgreesWithLogInvariant,
  retryWaitsFollowPolicyInvariant,
} from './invocationInvariants.js';
export type { InvocationWorld } from './invocationInvariants.js';
export { customResourceModel } from './models/customResourceModel.js';
export type { CustomResourceCase, CustomResourceModelOptions } from './models/customResourceModel.js';
export type { CustomResourceSeams } from './models/customResourceExecutors.js';
export { ScriptedResource, scriptedBehaviourArbitrary } from './models/scriptedResource.js';
export type { ScriptedBehaviour } from './models/scriptedResource.js';
export { asyncInvocationModel, invocationInputFor } from './models/asyncInvocationModel.js';
export type { AsyncInvocationModelOptions, InvocationCase } from './models/asyncInvocationModel.js';
export type { ScriptedOutcome } from './models/invocationExecutors.js';
export {
  cloneConfig,
  copyActions,
  duplicateEntry,
  mutateDefinition,
  nodeAt,
  overrideDelay,
  overrideGuard,
  removeAfter,
  replaceTransition,
  retarget,
} from './mutation.js';
export type { MachineMutation, NodeConfig } from './mutation.js';
export { defineMutant, mutantTable, runMutant } from './mutantRun.js';
export type { Mutant, MutantResult } from './mutantRun.js';
export { customResourceMutants } from './mutants/customResourceMutants.js';
export { asyncInvocationMutants } from './mutants/asyncInvocationMutants.js';
export { livenessScenarios, occasionalStoreFaults, runtimeMutants } from './mutants/runtimeMutants.js';
export {
  TimerLoopDiesOnError,
  TimersBehindBusyStreams,
  UnregisteredVersionStopsOthers,
} from './mutants/runtimeVariants.js';
export { machineStructure, stateIdsOf, traceTransitions } from './machineGraph.js';
export type { MachineStructure, TransitionRef } from './machineGraph.js';
export { coverMachine, mergeCoverage } from './pathCoverage.js';
export type { CoverageReport, CoverOptions } from './pathCoverage.js';
export { TestClient } from './appTestClient.js';
export type { EventGenerators } from './appTestClient.js';
