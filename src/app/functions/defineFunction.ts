import { ValidationError } from '../../core/errors.js';
import {
  asyncInvokeConfigSchema,
  resourceNameSchema,
  type AsyncInvokeConfig,
} from '../../protocol/invocation/config.js';
import { parseInput } from '../../protocol/validate.js';
import type { DeadLetterTarget, Destination } from './destination.js';
import { checkFunctionOptions } from './functionOptionsCheck.js';
import type { FunctionThrottledError, HandledFunctionError } from './functionErrors.js';

/** What a handler learns about the invocation it serves; use `requestId` + `attempt` for idempotency. */
export interface FunctionContext {
  /** The same on every retry and on every duplicate delivery of one event. */
  readonly requestId: string;
  /** 1 for the first attempt, then +1 per retry (throttled attempts included). */
  readonly attempt: number;
  readonly functionName: string;
  /** The qualified ARN (`…:function:name:$LATEST`). */
  readonly invokedFunctionArn: string;
  /** Milliseconds left before the function's timeout, measured on the runtime's clock. */
  getRemainingTimeInMillis(): number;
  /** Build the signal for "I was throttled": `throw ctx.throttle()`. */
  throttle(reason?: string): FunctionThrottledError;
  /** Build a handled error: `throw ctx.fail(new Error('bad input'))` is recorded as `functionError: "Handled"`. */
  fail(error: unknown): HandledFunctionError;
}

/** A function's code: takes the event payload, returns the response payload (JSON). */
export type FunctionHandler<TPayload = unknown, TResult = unknown> = (
  payload: TPayload,
  context: FunctionContext,
) => Promise<TResult> | TResult;

/** Settings of a function: the service's event-invoke config plus destinations and a dead-letter queue. */
export interface FunctionOptions {
  /** 0..2, default 2. */
  readonly maximumRetryAttempts?: number;
  /** 60..21600, default 21600. */
  readonly maximumEventAgeInSeconds?: number;
  /** 1..900, default 3. A handler running longer fails with `Sandbox.Timedout` (a function error). */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency; excess invocations are throttled, 0 fails every event with `ZeroReservedConcurrency`. */
  readonly reservedConcurrency?: number;
  readonly onSuccess?: Destination;
  readonly onFailure?: Destination;
  /** Receives the raw event of a failed invocation with RequestID / ErrorCode / ErrorMessage attributes. */
  readonly deadLetterQueue?: DeadLetterTarget;
}

/** A function as statebridge knows it: name, code and validated settings. */
export interface FunctionDefinition<TPayload = unknown, TResult = unknown> {
  readonly name: string;
  readonly handler: FunctionHandler<TPayload, TResult>;
  readonly config: AsyncInvokeConfig;
  readonly onSuccess?: Destination;
  readonly onFailure?: Destination;
  readonly deadLetterQueue?: DeadLetterTarget;
}

/** Any function definition, whatever its payload type (handlers are called with the accepted payload). */
export type AnyFunctionDefinition = FunctionDefinition<never, unknown>;

/**
 * Declare a function for asynchronous invocation. Settings outside the service's ranges, unknown
 * settings and destinations that are not destination objects are rejected with a ValidationError naming
 * the setting and the rule.
 * @example
 * const audit = defineFunction('audit', async (payload: { key: string }) => ({ audited: payload.key }));
 * const resize = defineFunction('resize', async (payload: { key: string }) => payload.key, {
 *   maximumRetryAttempts: 2,
 *   onSuccess: new LambdaDestination(audit, { responseOnly: true }),
 *   onFailure: new SqsDestination('failed-resizes'),
 * });
 */
export function defineFunction<TPayload = unknown, TResult = unknown>(
  name: string,
  handler: FunctionHandler<TPayload, TResult>,
  options: FunctionOptions = {},
): FunctionDefinition<TPayload, TResult> {
  const checkedName = parseInput(resourceNameSchema, name, 'function name');
  if (typeof handler !== 'function')
    throw new ValidationError(`function ${name}`, [{ path: 'handler', rule: 'must be a function' }]);
  checkFunctionOptions(checkedName, options);
  const config = parseInput(
    asyncInvokeConfigSchema,
    {
      maximumRetryAttempts: options.maximumRetryAttempts,
      maximumEventAgeInSeconds: options.maximumEventAgeInSeconds,
      timeoutSeconds: options.timeoutSeconds,
      reservedConcurrency: options.reservedConcurrency,
    },
    `settings of function ${checkedName}`,
  );
  return {
    name: checkedName,
    handler,
    config,
    ...(options.onSuccess === undefined ? {} : { onSuccess: options.onSuccess }),
    ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
    ...(options.deadLetterQueue === undefined ? {} : { deadLetterQueue: options.deadLetterQueue }),
  };
}
