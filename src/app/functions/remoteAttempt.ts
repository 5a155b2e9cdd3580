import type { Clock } from '../../ports/clock.js';
import type { FunctionInvoker } from '../../ports/functionInvoker.js';
import type { AttemptOutcome, InvokeFunctionParams } from '../../protocol/invocation/invocationInput.js';

/**
 * One attempt run through a `FunctionInvoker` (a Lambda function on AWS) instead of in-process: the
 * function's own concurrency limit and timeout apply where it runs, and its result comes back as the
 * same attempt events the machine gets from an in-process handler.
 */
export async function runRemoteAttempt(
  invoker: FunctionInvoker,
  params: InvokeFunctionParams,
  clock: Clock,
): Promise<AttemptOutcome> {
  const startedAt = clock.now();
  const result = await invoker.invoke({
    functionName: params.functionName,
    payload: params.payload,
    requestId: params.requestId,
    attempt: params.attempt,
  });
  const finishedAt = clock.now();
  switch (result.kind) {
    case 'succeeded':
      return { type: 'attempt.succeeded', attempt: params.attempt, startedAt, finishedAt, response: result.response };
    case 'failed':
      return {
        type: 'attempt.failed',
        attempt: params.attempt,
        startedAt,
        finishedAt,
        functionError: result.functionError,
        error: result.error,
      };
    case 'throttled':
      return {
        type: 'attempt.throttled',
        attempt: params.attempt,
        reason: result.reason,
        at: finishedAt,
        detail: result.detail,
      };
  }
}
