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
