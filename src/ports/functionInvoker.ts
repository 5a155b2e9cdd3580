import type { Json } from '../core/stepRecord.js';

/** One attempt of an asynchronous invocation, handed to wherever the function's code runs. */
export interface FunctionCall {
  readonly functionName: string;
  readonly payload: Json;
  /** The invocation's request id: the same on every attempt, so the code can de-duplicate. */
  readonly requestId: string;
  readonly attempt: number;
}

/**
 * What one attempt came to, classified the way the service's asynchronous invoke classifies it:
 * a response; a function error (`Handled` when the code reported it, `Unhandled` for a crash or a
 * timeout); or a throttle (the call never ran: concurrency, rate, a passing service fault).
 */
export type FunctionCallResult =
  | { readonly kind: 'succeeded'; readonly response: Json }
  | { readonly kind: 'failed'; readonly functionError: 'Handled' | 'Unhandled'; readonly error: Json }
  | { readonly kind: 'throttled'; readonly reason: 'concurrency' | 'system'; readonly detail: string };

/**
 * Runs a registered function's code once for one attempt. On one machine the code runs in-process; on
 * AWS each function is a Lambda function called with Invoke (RequestResponse). Never throws for what
 * the function did: every outcome is a `FunctionCallResult`.
 */
export interface FunctionInvoker {
  invoke(call: FunctionCall): Promise<FunctionCallResult>;
}
