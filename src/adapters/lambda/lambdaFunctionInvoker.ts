import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Json } from '../../core/stepRecord.js';
import { classifyAwsFailure } from '../awsCallError.js';
import type { FunctionCall, FunctionCallResult, FunctionInvoker } from '../../ports/functionInvoker.js';

/** Options of a `LambdaFunctionInvoker`. */
export interface LambdaFunctionInvokerOptions {
  /**
   * Give it `maxAttempts: 1`: the asynchronous-invocation machine owns retries and their backoff, and an
   * SDK retry underneath would hide throttles from the timeline.
   */
  readonly client: LambdaClient;
  /** Prepended to a registered function's name to get the Lambda function name (the deployment's prefix). */
  readonly functionNamePrefix?: string;
}

/**
 * The `FunctionInvoker` port over Lambda `Invoke` (RequestResponse): each attempt of an asynchronous
 * invocation is one synchronous call, so retries, event age and destinations stay the machine's.
 * Mapping: `X-Amz-Function-Error` (HTTP 200, the SDK does not throw) is a failed attempt, `Handled` or
 * `Unhandled` as reported — a timeout is `Unhandled` with `Sandbox.Timedout`; 429
 * `TooManyRequestsException` (any throttling, as `classifyAwsFailure` says) is a throttle; other passing
 * trouble (a 5xx, no answer) is a service-side throttle; any other refusal (unknown function, oversized
 * payload) is an `Unhandled` failure naming it.
 * The request id and attempt travel in the client context (`custom.requestId`, `custom.attempt`).
 * @example
 * import { LambdaClient } from '@aws-sdk/client-lambda';
 * const invoker = new LambdaFunctionInvoker({
 *   client: new LambdaClient({ maxAttempts: 1 }),
 *   functionNamePrefix: 'prod-',
 * });
 */
export class LambdaFunctionInvoker implements FunctionInvoker {
  constructor(private readonly options: LambdaFunctionInvokerOptions) {}

  async invoke(call: FunctionCall): Promise<FunctionCallResult> {
    const functionName = `${this.options.functionNamePrefix ?? ''}${call.functionName}`;
    const clientContext = Buffer.from(
      JSON.stringify({ custom: { requestId: call.requestId, attempt: String(call.attempt) } }),
    ).toString('base64');
    try {
      const output = await this.options.client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          ClientContext: clientContext,
          Payload: Buffer.from(JSON.stringify(call.payload)),
        }),
      );
      const body = parsePayload(output.Payload);
      if (output.FunctionError !== undefined) {
        return {
          kind: 'failed',
          functionError: output.FunctionError === 'Handled' ? 'Handled' : 'Unhandled',
          error: body,
        };
      }
      return { kind: 'succeeded', response: body };
    } catch (error) {
      return classifyRefusal(functionName, error);
    }
  }
}

function classifyRefusal(functionName: string, error: unknown): FunctionCallResult {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const detail = `Lambda Invoke of ${functionName}: ${name}: ${message}`;
  // The one AWS rule: throttling is the function's concurrency; other passing trouble the service's.
  const kind = classifyAwsFailure(error);
  if (kind === 'throttled') return { kind: 'throttled', reason: 'concurrency', detail };
  if (kind !== 'final') return { kind: 'throttled', reason: 'system', detail };
  return { kind: 'failed', functionError: 'Unhandled', error: { errorType: name, errorMessage: detail } };
}

function parsePayload(payload: Uint8Array | undefined): Json {
  if (payload === undefined || payload.byteLength === 0) return null;
  const text = Buffer.from(payload).toString('utf8');
  try {
    return JSON.parse(text) as Json;
  } catch {
    // A function may return a bare string; keep it rather than turning a success into a fault.
    return text;
  }
}
