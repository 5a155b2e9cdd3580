import { asyncInvocationDefinition } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import { qualifiedFunctionArn } from '../../protocol/invocation/config.js';
import type { InvokeFunctionParams } from '../../protocol/invocation/invocationInput.js';
import { runHandler } from '../../app/functions/runHandler.js';
import type { FaultyExecutor } from '../harness.js';
import type { InvocationWorld } from '../invocationInvariants.js';
import { asyncInvocationModel } from '../models/asyncInvocationModel.js';
import { invocationHost } from '../models/invocationExecutors.js';
import { defineMutant, type Mutant } from '../mutantRun.js';
import {
  copyActions,
  duplicateEntry,
  mutateDefinition,
  overrideDelay,
  overrideGuard,
  type MachineMutation,
} from '../mutation.js';

const onMachine =
  (...mutations: MachineMutation[]) =>
  () =>
    asyncInvocationModel({ definition: mutateDefinition(asyncInvocationDefinition, ...mutations) });
// Ten minutes of event age leave room for the extra retry to happen, not just to be planned.
const withLongAge =
  (...mutations: MachineMutation[]) =>
  () =>
    asyncInvocationModel({ definition: mutateDefinition(asyncInvocationDefinition, ...mutations), eventAges: [600] });
const running = ['active', 'running'];
type Ctx = { context: { functionErrors: number; input: { config: { maximumRetryAttempts: number } } } };

/** An invokeFunction executor that forgot to check the event age before running the function. */
const invokeWithoutAgeCheck: FaultyExecutor<InvocationWorld> = async (command, ctx, _fault, world) => {
  const params = command.params as unknown as InvokeFunctionParams;
  const host = invocationHost(ctx, world, 'none');
  const fn = host.lookup(params.functionName)!;
  return runHandler(fn, params, {
    clock: ctx.clock,
    functionArn: qualifiedFunctionArn(fn.name, host.scope),
    timeoutScale: host.timeoutScale,
  });
};

/**
 * Broken variants of the asynchronous-invocation machine and its executors; each names the invariant that must catch
 * it.
 */
export const asyncInvocationMutants: readonly Mutant[] = [
  defineMutant({
    name: 'retry three times',
    description: 'retriesExhausted allows one retry more than maximumRetryAttempts',
    expected: 'noRetryBeyondLimit',
    model: withLongAge(
      overrideGuard(
        'retriesExhausted',
        ({ context }: Ctx) => context.functionErrors + 1 > context.input.config.maximumRetryAttempts + 1,
      ),
    ),
  }),
  defineMutant({
    name: 'two destination deliveries',
    description: 'the delivery decision runs twice on success and on failure',
    expected: 'oneDeliveryDecision',
    model: onMachine(duplicateEntry(['succeeded', 'delivering']), duplicateEntry(['failed', 'delivering'])),
  }),
  defineMutant({
    name: 'wrong condition',
    description: 'exhausted retries are recorded as EventAgeExceeded',
    expected: 'recordAgreesWithLog',
    model: onMachine(
      copyActions(
        { path: running, event: 'attempt.failed', index: 1 },
        { path: running, event: 'attempt.failed', index: 0 },
      ),
    ),
  }),
  defineMutant({
    name: 'wrong invokeCount',
    description: 'the last failed execution is not counted',
    expected: 'recordAgreesWithLog',
    model: onMachine(
      copyActions(
        { path: running, event: 'attempt.failed', index: 0 },
        { path: running, event: 'attempt.failed', index: 0 },
        (actions) => actions.slice(1),
      ),
    ),
  }),
  defineMutant({
    name: 'wrong retry wait',
    description: 'function errors are retried after 30 s instead of 1 then 2 minutes',
    expected: 'retryWaitsFollowPolicy',
    model: onMachine(overrideDelay('functionErrorRetry', 30_000)),
  }),
  defineMutant({
    name: 'attempt after event age',
    description: 'the invoke executor runs the function without checking the event age',
    expected: 'no execution after event age',
    model: () => {
      const model = asyncInvocationModel();
      return { ...model, executors: { ...model.executors, invokeFunction: invokeWithoutAgeCheck } };
    },
  }),
];
