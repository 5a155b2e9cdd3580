import { StatebridgeError } from '../../core/errors.js';

/**
 * Thrown by a handler (`throw ctx.throttle()`) to say it was throttled: the invocation goes back to
 * the queue and is retried with the throttle backoff (1 s … 5 min) until the event age runs out.
 */
export class FunctionThrottledError extends StatebridgeError {
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
export class HandledFunctionError extends StatebridgeError {
  /** The error as the record's `responsePayload` shows it. */
  readonly errorType: string;
  constructor(error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    super('FUNCTION_ERROR', message, { cause: error, retryable: true });
    this.errorType = error instanceof Error ? error.name : 'Error';
  }
}
