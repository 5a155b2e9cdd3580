import fc from 'fast-check';
import {
  defaultFaultWeights,
  defaultStoreFaultWeights,
  faultPlanArbitrary,
  storeFaultPlanArbitrary,
  type FaultWeights,
  type StoreFaultWeights,
} from './faults.js';
import type { RuntimeFactory } from './harness.js';
import type { LifecycleModel } from './lifecycleModel.js';
import { actionArbitrary, playRun, RunViolation, type Fleet, type RunSettings } from './lifecycleScript.js';
import { machineInvariants } from './machineInvariants.js';
import { TtyProgress } from '../runtime/ttyProgress.js';
import { errorMessage } from '../core/errors.js';

export type { LifecycleModel } from './lifecycleModel.js';

/** Options for one check. */
export interface CheckOptions {
  readonly runs?: number;
  readonly seed?: number;
  /** With `seed`, replays exactly the failing run a LifecycleCheckError printed (its `path`). */
  readonly path?: string;
  readonly maxActions?: number;
  /** The largest single clock advance a run makes. */
  readonly maxAdvanceMs?: number;
  readonly faults?: FaultWeights;
  /** Epoch ms the virtual clock starts at. */
  readonly start?: number;
  /**
   * Real milliseconds a run waits while nothing moves (no call returns, no step commits) before it
   * reports the calls still running as hanging handlers; default 5,000.
   */
  readonly hangAfterMs?: number;
  /** Instances of the model sharing one runtime in every run (default 1). */
  readonly instances?: number;
  /**
   * Inject store faults (transient errors, SQLITE_BUSY, outages) on every store call, with these weights (or the
   * defaults for `true`).
   */
  readonly storeFaults?: StoreFaultWeights | boolean;
  /** Store calls the store fault plan covers at most (default 60); after them every call succeeds. */
  readonly storeFaultCalls?: number;
  /** Streams another worker keeps busy (its handlers hang) in the same store. */
  readonly busyStreams?: number;
  /** Up to this many instances per run pinned to a machine version the runtime under test does not register. */
  readonly retiredInstances?: number;
  /**
   * Check liveness: once faults stop, every instance with a due timer or a pending command makes progress
   * within this many virtual ms (default 5 minutes when any option above is set).
   */
  readonly progressWithinMs?: number;
  /**
   * Shrink a failing run to a minimal one (default true). Runs with store faults wait for the runtime's
   * real-time retry backoff, so shrinking them can take a while; `false` reports the first failing run.
   */
  readonly shrink?: boolean;
  /** Builds the runtime under test (default `createRuntime`); a seam for runtime variants. */
  readonly runtime?: RuntimeFactory;
}

/** Thrown when a run breaks an invariant; its message has the seed, the shrunk run and its timeline. */
export class LifecycleCheckError extends Error {
  constructor(
    message: string,
    readonly seed: number,
    /** Names of the invariants the shrunk counterexample breaks. */
    readonly invariants: readonly string[] = [],
    /** How many runs it took to find the first failure. */
    readonly runs = 0,
    /** Pass with `seed` to replay exactly the shrunk counterexample. */
    readonly path = '',
  ) {
    super(message);
    this.name = 'LifecycleCheckError';
  }
}

/**
 * Run `model.definition` many times under random events, clock moves and faults (duplicates, crashes
 * between commit and execution, failing and slow calls, late timers, clock jumps), checking every
 * invariant after every step. Resolves when all runs pass; otherwise throws a LifecycleCheckError naming
 * the invariant, the seed to replay, the shrunk counterexample and its timeline.
 * @example
 * await checkLifecycle(model, { runs: 200, seed: 42 });
 */
export async function checkLifecycle<TInput, TWorld>(
  model: LifecycleModel<TInput, TWorld>,
  options: CheckOptions = {},
): Promise<{ runs: number; seed: number }> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runs = options.runs ?? 100;
  const maxAdvance = options.maxAdvanceMs ?? 10 * 60_000;
  const all = [...machineInvariants(model.definition), ...model.invariants];
  const instances = options.instances ?? 1;
  const storeWeights =
    options.storeFaults === true
      ? defaultStoreFaultWeights
      : options.storeFaults === false
        ? undefined
        : options.storeFaults;
  const extended =
    instances > 1 ||
    storeWeights !== undefined ||
    (options.busyStreams ?? 0) > 0 ||
    (options.retiredInstances ?? 0) > 0;
  const progressWithinMs = options.progressWithinMs ?? (extended ? 5 * 60_000 : undefined);
  const settings: RunSettings = {
    start: options.start ?? Date.parse('2026-01-01T00:00:00Z'),
    busyStreams: options.busyStreams ?? 0,
    ...(options.hangAfterMs === undefined ? {} : { hangAfterMs: options.hangAfterMs }),
    ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
    ...(progressWithinMs === undefined ? {} : { progressWithinMs }),
  };
  const script = fc.array(actionArbitrary(model.events, maxAdvance, extended), { maxLength: options.maxActions ?? 12 });
  const plan = faultPlanArbitrary(options.faults ?? defaultFaultWeights);
  // Many runs take a while: on a terminal a progress line shows them (and shrinking) going by.
  const progress = new TtyProgress(process.stderr, `checkLifecycle ${model.definition.id}`);
  let played = 0;
  const counted = <T>(result: Promise<T>): Promise<T> => {
    played += 1;
    progress.update(played <= runs ? `run ${played} of ${runs}` : `shrinking (${played - runs} tries)`);
    return result;
  };
  // The one-instance, healthy-store check draws exactly what it always drew, so printed seeds keep replaying.
  const property = extended
    ? fc.asyncProperty(
        model.input,
        script,
        plan,
        fc.record({
          inputs: fc.array(model.input, { minLength: instances - 1, maxLength: instances - 1 }),
          retired: fc.array(model.input, { maxLength: options.retiredInstances ?? 0 }),
          storeFaults:
            storeWeights === undefined
              ? fc.constant([])
              : storeFaultPlanArbitrary(storeWeights, options.storeFaultCalls),
        }),
        (input, actions, faults, fleet: Fleet<TInput>) =>
          counted(playRun<TInput, TWorld>(model, all, settings, input, actions, faults, fleet)),
      )
    : fc.asyncProperty(model.input, script, plan, (input, actions, faults) =>
        counted(playRun<TInput, TWorld>(model, all, settings, input, actions, faults)),
      );
  // A scripted handler's timeout is an unref'd real timer; this keeps a plain script alive while runs wait on it.
  const keepAlive = setInterval(() => undefined, 60_000);
  const details = await fc
    .check(property as fc.IAsyncProperty<unknown>, {
      numRuns: runs,
      seed,
      endOnFailure: options.shrink === false,
      ...(options.path === undefined ? {} : { path: options.path }),
    })
    .finally(() => {
      clearInterval(keepAlive);
      progress.done();
    });
  if (details.failed) {
    const shrunk = details.counterexample === null ? '' : fc.stringify(details.counterexample);
    const error = errorMessage(details.errorInstance);
    const names =
      details.errorInstance instanceof RunViolation
        ? [...new Set(details.errorInstance.violations.map((v) => v.invariant))]
        : [];
    throw new LifecycleCheckError(
      `lifecycle check of ${model.definition.id} failed ` +
        `after ${details.numRuns} run(s) (shrunk ${details.numShrinks} times)\n` +
        `replay with: { seed: ${details.seed}, path: "${details.counterexamplePath ?? ''}" }\n` +
        `counterexample: ${shrunk}\n${error}`,
      details.seed,
      names,
      details.numRuns,
      details.counterexamplePath ?? '',
    );
  }
  return { runs: details.numRuns, seed };
}
