import fc from 'fast-check';
import { asyncInvocationDefinition } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { MachineDefinition } from '../../core/machineDefinition.js';
import { functionArn, resourceArn } from '../../protocol/invocation/config.js';
import type { InvocationInputDraft } from '../../protocol/invocation/invocationInput.js';
import type { LifecycleModel } from '../checkLifecycle.js';
import {
  invocationEventually,
  invocationInvariants,
  invocationWorld,
  type InvocationWorld,
} from '../invocationInvariants.js';
import { invocationExecutorsUnderFaults, scriptPayload, type ScriptedOutcome } from './invocationExecutors.js';

/** One drawn invocation: the function's settings, where results go, and what each attempt does. */
export interface InvocationCase {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
  readonly reservedConcurrency?: number;
  readonly onSuccess: 'none' | 'queue' | 'topic';
  readonly onFailure: 'none' | 'queue' | 'topic';
  readonly deadLetter: boolean;
  readonly script: readonly ScriptedOutcome[];
}

/** Options of `asyncInvocationModel`. */
export interface AsyncInvocationModelOptions {
  /** The machine to run (default: the shipped one); mutants pass a broken variant. */
  readonly definition?: MachineDefinition;
  /** Event ages to draw from, in seconds (default 60, 90, 180, 600: short enough for retries to run into them). */
  readonly eventAges?: readonly number[];
}

const FUNCTION = 'scripted';

const destination = (kind: 'queue' | 'topic', name: string) => ({ type: kind, name, arn: resourceArn(kind, name) });

/** The start input for a case, accepted at `now`. */
export function invocationInputFor(c: InvocationCase, now: number): InvocationInputDraft {
  return {
    requestId: 'req-1',
    functionName: FUNCTION,
    functionArn: functionArn(FUNCTION),
    payload: scriptPayload(c.script),
    acceptedAt: now,
    config: {
      maximumRetryAttempts: c.maximumRetryAttempts,
      maximumEventAgeInSeconds: c.maximumEventAgeInSeconds,
      timeoutSeconds: 1,
      ...(c.reservedConcurrency === undefined ? {} : { reservedConcurrency: c.reservedConcurrency }),
      ...(c.onSuccess === 'none' ? {} : { onSuccess: destination(c.onSuccess, 'succeeded') }),
      ...(c.onFailure === 'none' ? {} : { onFailure: destination(c.onFailure, 'failed') }),
      ...(c.deadLetter ? { deadLetterQueue: destination('queue', 'dead-letters') } : {}),
    },
    retryDelayScale: 1,
    visits: { [FUNCTION]: 1 },
  };
}

/**
 * A ready-made model of one asynchronous invocation on the shipped machine (or a variant): a scripted
 * function that succeeds, fails (handled or not), throttles or times out per attempt, run by the shipped
 * executors under the fault model (invoke API failures, duplicate runs, crashes, slow calls, refused and
 * repeated destination deliveries, clock jumps). Checks the invocation invariants after every step.
 * @example
 * await checkLifecycle(asyncInvocationModel(), { runs: 150, seed: 1 });
 */
export function asyncInvocationModel(
  options: AsyncInvocationModelOptions = {},
): LifecycleModel<InvocationCase, InvocationWorld> {
  const input: fc.Arbitrary<InvocationCase> = fc.record(
    {
      maximumRetryAttempts: fc.integer({ min: 0, max: 2 }),
      maximumEventAgeInSeconds: fc.constantFrom(...(options.eventAges ?? [60, 90, 180, 600])),
      reservedConcurrency: fc.constantFrom(0, 1),
      onSuccess: fc.constantFrom('none' as const, 'queue' as const, 'topic' as const),
      onFailure: fc.constantFrom('none' as const, 'queue' as const, 'topic' as const),
      deadLetter: fc.boolean(),
      script: fc.array(
        fc.constantFrom<ScriptedOutcome>('success', 'error', 'error', 'handled', 'throttle', 'timeout'),
        { maxLength: 8 },
      ),
    },
    {
      requiredKeys: [
        'maximumRetryAttempts',
        'maximumEventAgeInSeconds',
        'onSuccess',
        'onFailure',
        'deadLetter',
        'script',
      ],
    },
  );
  return {
    definition: options.definition ?? asyncInvocationDefinition,
    input,
    startInput: (c, now) => invocationInputFor(c, now),
    world: invocationWorld,
    executors: invocationExecutorsUnderFaults(),
    // The internal queue hands an event over at once; attempts and deliveries may complete in any order.
    reorderable: ['invokeFunction', 'deliverResult', 'sendToDeadLetter'],
    invariants: invocationInvariants,
    eventually: invocationEventually,
    settleMs: 24 * 3600_000,
    instanceId: 'req-1',
  };
}
