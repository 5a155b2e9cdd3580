import { z } from 'zod';
import type { Json } from '../../core/stepRecord.js';

/** Why an asynchronous invocation ended, verbatim as the service writes it. */
export const invocationConditionSchema = z.enum([
  'Success',
  'RetriesExhausted',
  'EventAgeExceeded',
  'ZeroReservedConcurrency',
]);

/** One of the four conditions of an invocation record. */
export type InvocationCondition = z.infer<typeof invocationConditionSchema>;

/** How the service labels a failed execution: returned by the code (`Handled`) or caught by the runtime. */
export const functionErrorSchema = z.enum(['Handled', 'Unhandled']);

/** `Handled` or `Unhandled`. */
export type FunctionErrorKind = z.infer<typeof functionErrorSchema>;

const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

/**
 * The invocation record sent to every destination: the same shape for queues, topics, functions and
 * (as `detail`) event buses. `responseContext`/`responsePayload` are absent when the function never ran.
 */
export const invocationRecordSchema = z.object({
  version: z.literal('1.0'),
  timestamp: z.string().datetime({ message: 'must be an ISO 8601 UTC timestamp' }),
  requestContext: z.object({
    requestId: z.string().min(1),
    functionArn: z.string().min(1),
    condition: invocationConditionSchema,
    approximateInvokeCount: z.number().int().min(0),
  }),
  requestPayload: jsonSchema,
  responseContext: z
    .object({
      statusCode: z.number().int(),
      executedVersion: z.string(),
      functionError: functionErrorSchema.optional(),
    })
    .optional(),
  responsePayload: jsonSchema.optional(),
});

/** An invocation record, as destinations receive it. */
export type InvocationRecord = z.infer<typeof invocationRecordSchema>;

/** The outcome of the last execution that reached the function, kept for the record. */
export interface LastResponse {
  readonly functionError?: FunctionErrorKind;
  /** The function's return value, or its error object. */
  readonly payload: Json;
}

/** Everything an invocation record says except the moment it was written. */
export interface RecordFields {
  readonly requestId: string;
  readonly functionArn: string;
  readonly condition: InvocationCondition;
  readonly approximateInvokeCount: number;
  readonly requestPayload: Json;
  readonly response?: LastResponse;
}

/**
 * Build the record in the service's shape; the status code of an executed function is 200 even when
 * it failed (the failure is in `functionError`).
 * @example
 * buildInvocationRecord({ requestId: 'r1', functionArn: 'arn:…:$LATEST', condition: 'Success',
 *   approximateInvokeCount: 1, requestPayload: {}, response: { payload: 'ok' } }, Date.now());
 */
export function buildInvocationRecord(fields: RecordFields, at: number): InvocationRecord {
  // Written out in full rather than spread from a common part: a spread copy that then gains keys is slow in V8.
  const timestamp = isoTimestamp(at);
  const requestContext = {
    requestId: fields.requestId,
    functionArn: fields.functionArn,
    condition: fields.condition,
    approximateInvokeCount: fields.approximateInvokeCount,
  };
  const response = fields.response;
  if (response === undefined)
    return { version: '1.0', timestamp, requestContext, requestPayload: fields.requestPayload };
  const responseContext =
    response.functionError === undefined
      ? { statusCode: 200, executedVersion: '$LATEST' }
      : { statusCode: 200, executedVersion: '$LATEST', functionError: response.functionError };
  return {
    version: '1.0',
    timestamp,
    requestContext,
    requestPayload: fields.requestPayload,
    responseContext,
    responsePayload: response.payload,
  };
}

// Records written in one millisecond (a batch of deliveries on one clock tick) share the one timestamp text.
const lastTimestamp = { at: Number.NaN, text: '' };

function isoTimestamp(at: number): string {
  if (at !== lastTimestamp.at) {
    lastTimestamp.text = new Date(at).toISOString();
    lastTimestamp.at = at;
  }
  return lastTimestamp.text;
}

/** The error object the Node.js runtime reports for a thrown error. */
export function errorPayload(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n').slice(0, 10) };
  }
  return {
    errorType: 'Error',
    errorMessage: typeof error === 'string' ? error : (JSON.stringify(error) ?? 'undefined'),
    trace: [],
  };
}

/** The error object the service reports when a function runs past its timeout. */
export function timeoutErrorPayload(
  requestId: string,
  timeoutSeconds: number,
): { errorType: string; errorMessage: string } {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}
