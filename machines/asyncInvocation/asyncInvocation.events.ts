import type { Json } from '../../src/core/stepRecord.js';
import type { DestinationSpec } from '../../src/protocol/invocation/config.js';
import type { InvocationInput } from '../../src/protocol/invocation/invocationInput.js';
import type { InvocationCondition, LastResponse, RecordFields } from '../../src/protocol/invocation/record.js';

/** What one asynchronous invocation has seen so far. */
export interface InvocationContext {
  readonly input: InvocationInput;
  /** Attempts started, throttled ones included; the handler sees this as `ctx.attempt`. */
  readonly attempt: number;
  /** Executions that reached the function (succeeded or failed): the record's `approximateInvokeCount`. */
  readonly invokeCount: number;
  readonly functionErrors: number;
  readonly throttles: number;
  /** Set when the event age ran out while an attempt was already running. */
  readonly ageExpired: boolean;
  readonly lastResponse?: LastResponse;
  readonly condition?: InvocationCondition;
  /** The single destination decision: where the record goes, or `none`. */
  readonly decision?: {
    readonly condition: InvocationCondition;
    readonly destination: string;
    readonly deadLetter: string;
  };
  readonly pendingDeliveries: number;
}

/** Params of the `deliverResult` command. */
export interface DeliverResultParams {
  readonly destination: DestinationSpec;
  readonly fields: RecordFields;
  readonly functionName: string;
  readonly visits: Record<string, number>;
  readonly retryDelayScale: number;
}

/** Params of the `sendToDeadLetter` command. */
export interface SendToDeadLetterParams {
  readonly target: { readonly type: 'queue' | 'topic'; readonly name: string; readonly arn: string };
  readonly requestId: string;
  readonly payload: Json;
  readonly errorMessage: string;
}

/** The record fields as of now, for the condition just decided. */
export function recordFieldsOf(context: InvocationContext, condition: InvocationCondition): RecordFields {
  // In full rather than `{ ...base, response }`: a spread copy that then gains a key is slow in V8.
  const requestId = context.input.requestId;
  const functionArn = `${context.input.functionArn}:$LATEST`;
  const approximateInvokeCount = context.invokeCount;
  const requestPayload = context.input.payload;
  const response = context.lastResponse;
  return response === undefined
    ? { requestId, functionArn, condition, approximateInvokeCount, requestPayload }
    : { requestId, functionArn, condition, approximateInvokeCount, requestPayload, response };
}

/** The destination configured for a condition, if any. */
export function destinationFor(
  context: InvocationContext,
  condition: InvocationCondition,
): DestinationSpec | undefined {
  return condition === 'Success' ? context.input.config.onSuccess : context.input.config.onFailure;
}

/** The error message a dead-lettered event carries. */
export function lastErrorMessage(context: InvocationContext): string {
  const payload = context.lastResponse?.payload;
  if (
    payload !== null &&
    typeof payload === 'object' &&
    !Array.isArray(payload) &&
    typeof payload['errorMessage'] === 'string'
  ) {
    return payload['errorMessage'];
  }
  return context.condition === 'ZeroReservedConcurrency'
    ? 'Function has reserved concurrency of 0'
    : 'Event age exceeded';
}
