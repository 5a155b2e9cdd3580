import type { CheckOptions } from '../checkLifecycle.js';
import type { StoreFaultWeights } from '../faults.js';
import type { RuntimeFactory } from '../harness.js';
import { DUE_WORK_MOVES_ON } from '../livenessInvariant.js';
import { asyncInvocationModel } from '../models/asyncInvocationModel.js';
import { defineMutant, type Mutant } from '../mutantRun.js';
import { TimerLoopDiesOnError, TimersBehindBusyStreams, UnregisteredVersionStopsOthers } from './runtimeVariants.js';

/** Store faults the runtime promises to ride out in-process: single failures and short outages, spread out. */
export const occasionalStoreFaults: StoreFaultWeights = { none: 24, transient: 1, busy: 1, unavailable: 0 };

/** The scenarios the runtime mutants run in; the shipped runtime passes each of them. */
export const livenessScenarios = {
  /** 600 streams another worker keeps busy (their handlers hang) next to two invocations. */
  busyStreams: { instances: 2, busyStreams: 600, runs: 30 },
  /** Two invocations sharing the runtime over a store that fails now and then. */
  storeFaults: { instances: 2, storeFaults: occasionalStoreFaults, runs: 60 },
  /**
   * Two invocations next to up to two instances a previous deployment left on a version this runtime does not register.
   */
  retiredVersion: { instances: 2, retiredInstances: 2, runs: 40 },
} satisfies Record<string, CheckOptions>;

const variant =
  (build: new (...args: ConstructorParameters<typeof TimersBehindBusyStreams>) => unknown): RuntimeFactory =>
  (options) =>
    new build(options) as ReturnType<RuntimeFactory>;

/** Runtime variants that bring back one liveness bug each; the liveness invariant must catch every one. */
export const runtimeMutants: readonly Mutant[] = [
  defineMutant({
    name: 'timers hidden behind busy streams',
    description:
      'the timer pass pages through streams with commands in flight and stops at the first page without a due timer',
    expected: DUE_WORK_MOVES_ON,
    model: () => asyncInvocationModel(),
    options: { ...livenessScenarios.busyStreams, runtime: variant(TimersBehindBusyStreams) },
  }),
  defineMutant({
    name: 'timer loop dies on an error',
    description: 'the first error reported during a timer pass stops the timer loop for good',
    expected: DUE_WORK_MOVES_ON,
    model: () => asyncInvocationModel(),
    // Every shrinking step would wait out the runtime's real-time retry backoff; the first failing run is enough here.
    options: { ...livenessScenarios.storeFaults, shrink: false, runtime: variant(TimerLoopDiesOnError) },
  }),
  defineMutant({
    name: 'unregistered version stops the others',
    description: 'recovery and every timer pass throw at the first instance pinned to an unregistered machine version',
    expected: DUE_WORK_MOVES_ON,
    model: () => asyncInvocationModel(),
    options: { ...livenessScenarios.retiredVersion, runtime: variant(UnregisteredVersionStopsOthers) },
  }),
];
