import type { Clock } from '../../ports/clock.js';
import type { AttemptOutcome, InvokeFunctionParams } from '../../protocol/invocation/invocationInput.js';
import { errorPayload, timeoutErrorPayload } from '../../protocol/invocation/record.js';
import type { AnyFunctionDefinition, FunctionContext } from './defineFunction.js';
import { FunctionThrottledError, HandledFunctionError } from './functionErrors.js';
import { toJson } from './invocationInputs.js';

const TIMED_OUT = Symbol('timed out');

/** How `runHandler` runs one function's attempts. */
export interface RunHandlerOptions {
  readonly clock: Clock;
  /** The qualified ARN the handler sees as `invokedFunctionArn`. */
  readonly functionArn: string;
  /** Multiplies the function's timeout, which runs on real time. */
  readonly timeoutScale: number;
}

/**
 * Run a handler once for an attempt and classify what happened: a value is success; a thrown
 * `FunctionThrottledError` a throttle; a `HandledFunctionError` a Handled error; anything else, or
 * running past the timeout, an Unhandled error. Never throws.
 */
export async function runHandler(
  fn: AnyFunctionDefinition,
  params: InvokeFunctionParams,
  options: RunHandlerOptions,
): Promise<AttemptOutcome> {
  const startedAt = options.clock.now();
  const deadline = startedAt + params.timeoutSeconds * 1000;
  const signals = signalsOf(fn);
  const context: FunctionContext = {
    requestId: params.requestId,
    attempt: params.attempt,
    functionName: fn.name,
    invokedFunctionArn: options.functionArn,
    getRemainingTimeInMillis: () => Math.max(0, deadline - options.clock.now()),
    throttle: signals.throttle,
    fail: signals.fail,
  };
  let timer: NodeJS.Timeout | undefined;
  const calledAt = performance.now();
  const attempt = params.attempt;
  try {
    // The handler runs in a queued callback, as before (its error's trace reads the same); what it returns
    // is boxed so that a promise is raced against the timeout here and a plain value needs no timer at all.
    const returned = await Promise.resolve().then(() => ({ value: fn.handler(params.payload as never, context) }));
    const result = isThenable(returned.value)
      ? await Promise.race([
          returned.value,
          // The timeout runs on real time (scaled), from the call: a handler's work is not on the virtual clock.
          new Promise<typeof TIMED_OUT>((resolve) => {
            const left = params.timeoutSeconds * 1000 * options.timeoutScale - (performance.now() - calledAt);
            timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, left));
            timer.unref();
          }),
        ])
      : returned.value;
    const finishedAt = options.clock.now();
    if (result === TIMED_OUT) {
      const error = timeoutErrorPayload(params.requestId, params.timeoutSeconds);
      return attemptFailed(attempt, startedAt, finishedAt, 'Unhandled', error);
    }
    return { type: 'attempt.succeeded', attempt, startedAt, finishedAt, response: toJson(result) };
  } catch (error) {
    const finishedAt = options.clock.now();
    if (error instanceof FunctionThrottledError)
      return {
        type: 'attempt.throttled',
        attempt: params.attempt,
        reason: 'handler',
        at: finishedAt,
        detail: error.message,
      };
    if (error instanceof HandledFunctionError) {
      const payload = { errorType: error.errorType, errorMessage: error.message };
      return attemptFailed(attempt, startedAt, finishedAt, 'Handled', payload);
    }
    return attemptFailed(attempt, startedAt, finishedAt, 'Unhandled', errorPayload(error));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

type AttemptFailed = Extract<AttemptOutcome, { type: 'attempt.failed' }>;

/** A failed attempt's outcome, written out in full (a spread that adds keys is slow on the hot path). */
function attemptFailed(
  attempt: number,
  startedAt: number,
  finishedAt: number,
  functionError: AttemptFailed['functionError'],
  error: AttemptFailed['error'],
): AttemptFailed {
  return { type: 'attempt.failed', attempt, startedAt, finishedAt, functionError, error };
}

/** The context's error builders: they depend on the function alone, so each function's are made once. */
interface Signals {
  readonly throttle: FunctionContext['throttle'];
  readonly fail: FunctionContext['fail'];
}

const signalsByFunction = new WeakMap<AnyFunctionDefinition, Signals>();
const fail = (error: unknown): HandledFunctionError => new HandledFunctionError(error);

function signalsOf(fn: AnyFunctionDefinition): Signals {
  let signals = signalsByFunction.get(fn);
  if (signals === undefined) {
    const name = fn.name;
    signals = { throttle: (reason) => new FunctionThrottledError(name, reason), fail };
    signalsByFunction.set(fn, signals);
  }
  return signals;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';
