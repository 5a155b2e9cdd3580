import type { asyncInvocationMachine } from '../../../machines/asyncInvocation/index.js';
import { qualifiedFunctionArn } from '../../protocol/invocation/config.js';
import type { AttemptOutcome } from '../../protocol/invocation/invocationInput.js';
import { storeOnly } from '../../runtime/executor.js';
import type { ExecutorOf } from '../../runtime/typedExecutors.js';
import type { FunctionsHost } from './functionsHost.js';
import { runRemoteAttempt } from './remoteAttempt.js';
import type { AnyFunctionDefinition } from './defineFunction.js';
import { runHandler, type RunHandlerOptions } from './runHandler.js';

/**
 * `dequeue`: the internal queue hands the event to the poller; nothing can fail here. It acts on nothing but
 * the log, so its outcome is committed with the step that queued the event (see `storeOnly`).
 */
export const dequeueExecutor: ExecutorOf<typeof asyncInvocationMachine, 'dequeue'> = storeOnly(async () => ({
  type: 'dequeued' as const,
}));

/**
 * `invokeFunction`: one attempt. Checks the event age first (a command re-run after a crash may come
 * late), then the reserved concurrency, then runs the handler — twice when the test kit injects a
 * duplicate delivery, which the log absorbs because both outcomes share one event id.
 */
export function invokeFunctionExecutor(
  host: FunctionsHost,
): ExecutorOf<typeof asyncInvocationMachine, 'invokeFunction'> {
  // The options of a function's attempts are the same every time: built once per function, not per attempt.
  const optionsByFunction = new WeakMap<AnyFunctionDefinition, RunHandlerOptions>();
  const optionsOf = (fn: AnyFunctionDefinition): RunHandlerOptions => {
    let options = optionsByFunction.get(fn);
    if (options === undefined) {
      options = {
        clock: host.clock,
        functionArn: qualifiedFunctionArn(fn.name, host.scope),
        timeoutScale: host.timeoutScale,
      };
      optionsByFunction.set(fn, options);
    }
    return options;
  };
  return async ({ params }): Promise<AttemptOutcome> => {
    const now = host.clock.now();
    if (now >= params.acceptedAt + params.maximumEventAgeInSeconds * 1000) {
      return { type: 'attempt.expired', attempt: params.attempt, at: now };
    }
    const fn = host.lookup(params.functionName);
    if (fn === undefined) {
      // As a service-side fault (a 5xx), retried with the throttle backoff until the function is registered.
      return {
        type: 'attempt.throttled',
        attempt: params.attempt,
        reason: 'system',
        at: now,
        detail: `function ${params.functionName} is not registered`,
      };
    }
    if (host.invoker !== undefined) return runRemoteAttempt(host.invoker, params, host.clock);
    const running = host.running.get(fn.name) ?? 0;
    if (fn.config.reservedConcurrency !== undefined && running >= fn.config.reservedConcurrency) {
      return {
        type: 'attempt.throttled',
        attempt: params.attempt,
        reason: 'concurrency',
        at: now,
        detail: `reserved concurrency ${fn.config.reservedConcurrency} in use`,
      };
    }
    host.running.set(fn.name, running + 1);
    try {
      const options = optionsOf(fn);
      const outcome = await runHandler(fn, params, options);
      if (host.duplicateDelivery({ requestId: params.requestId, functionName: fn.name, attempt: params.attempt })) {
        await runHandler(fn, params, options);
      }
      return outcome;
    } finally {
      host.running.set(fn.name, (host.running.get(fn.name) ?? 1) - 1);
    }
  };
}
