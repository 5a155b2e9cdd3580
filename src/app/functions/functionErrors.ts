import { errorMessage, StatebridgeError } from '../../core/errors.js';

/** The function app's own error codes, kept out of the core's union. */
export type FunctionErrorCode = 'FUNCTION_THROTTLED' | 'FUNCTION_ERROR' | 'FUNCTION_NOT_REGISTERED';

/**
 * Thrown by a handler (`throw ctx.throttle()`) to say it was throttled: the invocation goes back to
 * the queue and is retried with the throttle backoff (1 s … 5 min) until the event age runs out.
 */
export class FunctionThrottledError extends StatebridgeError<FunctionErrorCode> {
  constructor(functionName: string, reason = 'Rate Exceeded.') {
    super('FUNCTION_THROTTLED', `${functionName} was throttled: ${reason}`, {
      retryable: true,
      context: { functionName },
    });
  }
}

/**
 * Thrown by a handler (`throw ctx.fail(error)`) to report an error the code handled itself; the record
 * says `functionError: "Handled"` instead of `"Unhandled"`. Retried like any function error.
 */
export class HandledFunctionError extends StatebridgeError<FunctionErrorCode> {
  /** The error as the record's `responsePayload` shows it. */
  readonly errorType: string;
  constructor(error: unknown) {
    super('FUNCTION_ERROR', errorMessage(error), { cause: error, retryable: true });
    this.errorType = error instanceof Error ? error.name : 'Error';
  }
}

/** No function is registered under the name a destination or a request refers to. */
export class FunctionNotRegisteredError extends StatebridgeError<FunctionErrorCode> {
  constructor(name: string, what = 'function') {
    super('FUNCTION_NOT_REGISTERED', `${what} ${name} is not registered`, { context: { functionName: name } });
  }
}
