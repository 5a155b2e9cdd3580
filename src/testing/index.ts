// statebridge/testing — the public test kit: check a lifecycle under faults (checkLifecycle with a model),
// the invariant sets it checks and the invariant() builder for your own, the fault model, liveness
// scenarios and runtime variants, path coverage, and fast-check arbitraries for every wire format.
// Single invariants, mutation primitives and mutants stay internal: the sets are the stable surface.
export { VirtualClock } from '../runtime/virtualClock.js';
export { checkLifecycle, LifecycleCheckError } from './checkLifecycle.js';
export type { CheckOptions, LifecycleModel } from './checkLifecycle.js';
export type { RuntimeFactory } from './harness.js';
export { deliverLater } from './lateOutcome.js';
export type { FaultyExecutor, LateOutcome } from './lateOutcome.js';
export type { ExecutionFault, FaultWeights, StoreFault, StoreFaultWeights } from './faults.js';
export { faultyEventStore, isInjectedStoreFault } from './faultyEventStore.js';
export type { FaultControl } from './faultyEventStore.js';

// Invariants: the sets each model checks, and the builder for your own
export { invariant } from './invariant.js';
export type { Invariant, InvariantSubject, Violation } from './invariant.js';
export { machineInvariants } from './machineInvariants.js';
export { customResourceEventually, customResourceInvariants } from './customResourceInvariants.js';
export { receivedInvariants } from './customResourceReceived.js';
export { invocationEventually, invocationInvariants } from './invocationInvariants.js';
export type { InvocationWorld } from './invocationInvariants.js';
export { dueWorkMovesOn } from './livenessInvariant.js';

// Models of the shipped lifecycles
export { customResourceModel } from './models/customResourceModel.js';
export type { CustomResourceCase, CustomResourceModelOptions } from './models/customResourceModel.js';
export type { CustomResourceWorld, HandlerAnswer, ReceivedPut } from './customResourceWorld.js';
export type { CustomResourceSeams } from './models/customResourceExecutors.js';
export { asyncInvocationModel } from './models/asyncInvocationModel.js';
export type { AsyncInvocationModelOptions, InvocationCase } from './models/asyncInvocationModel.js';
export type { ScriptedOutcome } from './models/invocationExecutors.js';

// Liveness: store-fault scenarios and the runtime variants the liveness invariant catches
export { livenessScenarios, occasionalStoreFaults } from './mutants/runtimeMutants.js';
export {
  TimerLoopDiesOnError,
  TimersBehindBusyStreams,
  UnregisteredVersionStopsOthers,
} from './mutants/runtimeVariants.js';

// Path coverage
export { coverMachine, mergeCoverage } from './pathCoverage.js';
export type { CoverageReport, CoverOptions } from './pathCoverage.js';

// Arbitraries: valid by construction, and malformed variants naming the broken field
export {
  cloudFormationRequestArbitrary,
  dynamodbStreamEventArbitrary,
  invocationPayloadArbitrary,
  kinesisEventArbitrary,
  malformedArbitrary,
  malformedCloudFormationRequestArbitrary,
  malformedDynamodbStreamEventArbitrary,
  malformedKinesisEventArbitrary,
  malformedRosRequestArbitrary,
  malformedS3EventArbitrary,
  malformedScheduledEventArbitrary,
  malformedSnsEventArbitrary,
  malformedSqsEventArbitrary,
  missing,
  replaced,
  rosRequestArbitrary,
  s3EventArbitrary,
  scheduledEventArbitrary,
  snsEventArbitrary,
  sqsEventArbitrary,
} from './arbitraries/index.js';
export type { Defect, Malformed } from './arbitraries/index.js';
export { TestClient } from './appTestClient.js';
export type { EventGenerators } from './appTestClient.js';
export { HttpTestClient } from './appHttpClient.js';
export type { HttpRequestOptions, HttpTestResponse } from './appHttpClient.js';
