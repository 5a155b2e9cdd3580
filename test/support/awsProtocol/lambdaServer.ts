import {
  jsonReply,
  requestId,
  startProtocolServer,
  type ProtocolReply,
  type ProtocolServer,
} from './protocolServer.js';

/** What a function's code learns about one call. */
export interface LambdaCallContext {
  readonly awsRequestId: string;
  /** The decoded `X-Amz-Client-Context` (base64 JSON), if the caller sent one. */
  readonly clientContext: unknown;
  readonly functionName: string;
}

/**
 * A function's code. Throw a `HandledLambdaError` for `X-Amz-Function-Error: Handled`; anything else thrown is
 * `Unhandled`.
 */
export type LambdaCode = (payload: unknown, context: LambdaCallContext) => unknown;

/** Thrown by function code to report a handled error (the old callback-style `callback(error)`). */
export class HandledLambdaError extends Error {
  override readonly name = 'HandledLambdaError';
}

/** A function deployed on the local Lambda. */
export interface LocalFunction {
  readonly code: LambdaCode;
  /** Seconds before the call ends with `Sandbox.Timedout` (default 3). */
  readonly timeoutSeconds?: number;
  /** Wall-clock ms the timeout really waits (default timeoutSeconds × 1000), so a test need not wait seconds. */
  readonly timeoutMs?: number;
  /** Calls running at once beyond this are refused with 429 `TooManyRequestsException`. */
  readonly reservedConcurrency?: number;
}

/** One Invoke as the local Lambda saw it. */
export interface RecordedInvoke {
  readonly functionName: string;
  readonly invocationType: string;
  readonly payload: unknown;
  readonly clientContext: unknown;
}

/** A local Lambda speaking the REST-JSON Invoke API (`POST /2015-03-31/functions/{name}/invocations`). */
export interface LambdaServer extends ProtocolServer {
  readonly invokes: RecordedInvoke[];
  /** Deploy (or replace) a function under `name`. */
  deploy(name: string, fn: LocalFunction): void;
}

/** The synchronous Invoke request limit. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Start a local Lambda on 127.0.0.1 behaving as the Invoke API documents: a function error is HTTP 200
 * with `X-Amz-Function-Error` and an error body; a timeout is also a 200 (`Sandbox.Timedout`); an unknown
 * function is 404 `ResourceNotFoundException`; a request over 6 MB is 413 `RequestEntityTooLargeException`;
 * reserved concurrency in use is 429 `TooManyRequestsException`.
 */
export async function startLambdaServer(): Promise<LambdaServer> {
  const functions = new Map<string, LocalFunction>();
  const running = new Map<string, number>();
  const invokes: RecordedInvoke[] = [];
  const server = await startProtocolServer(() => ({
    operationOf: (request) =>
      INVOKE_PATH.test(new URL(request.url ?? '/', 'http://x').pathname) ? 'Invoke' : 'Unknown',
    error: lambdaError,
    async handle(operation, body, request) {
      if (operation !== 'Invoke')
        return lambdaError(
          404,
          'UnknownOperationException',
          `no route for ${request.method ?? ''} ${request.url ?? ''}`,
        );
      const name = decodeURIComponent(INVOKE_PATH.exec(new URL(request.url ?? '/', 'http://x').pathname)![1]!).replace(
        /^arn:aws:lambda:[^:]*:[^:]*:function:/,
        '',
      );
      const fn = functions.get(name);
      if (fn === undefined)
        return lambdaError(
          404,
          'ResourceNotFoundException',
          `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}`,
        );
      if (Buffer.byteLength(body) > MAX_REQUEST_BYTES) {
        return lambdaError(
          413,
          'RequestEntityTooLargeException',
          `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
        );
      }
      let payload: unknown;
      try {
        payload = body === '' ? {} : JSON.parse(body);
      } catch {
        return lambdaError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const header = request.headers['x-amz-client-context'];
      const clientContext =
        typeof header === 'string'
          ? (JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as unknown)
          : undefined;
      const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      invokes.push({ functionName: name, invocationType, payload, clientContext });
      const inUse = running.get(name) ?? 0;
      if (fn.reservedConcurrency !== undefined && inUse >= fn.reservedConcurrency) {
        return {
          ...lambdaError(429, 'TooManyRequestsException', 'Rate Exceeded.'),
          body: JSON.stringify({
            Type: 'User',
            message: 'Rate Exceeded.',
            Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
          }),
        };
      }
      running.set(name, inUse + 1);
      const call = run(fn, payload, { awsRequestId: requestId(), clientContext, functionName: name }).finally(() =>
        running.set(name, (running.get(name) ?? 1) - 1),
      );
      if (invocationType === 'Event') {
        void call;
        return { status: 202, headers: { 'x-amzn-requestid': requestId() }, body: '' };
      }
      return call;
    },
  }));
  return Object.assign(server, {
    invokes,
    deploy(name: string, fn: LocalFunction) {
      functions.set(name, fn);
    },
  });
}

async function run(fn: LocalFunction, payload: unknown, context: LambdaCallContext): Promise<ProtocolReply> {
  const timeoutSeconds = fn.timeoutSeconds ?? 3;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), fn.timeoutMs ?? timeoutSeconds * 1000);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => fn.code(payload, context)), timedOut]);
    if (result === 'timeout') {
      const seconds = timeoutSeconds.toFixed(2);
      const error = {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${context.awsRequestId} Error: Task timed out after ${seconds} seconds`,
      };
      return functionError('Unhandled', error);
    }
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
        'x-amzn-requestid': context.awsRequestId,
      },
      body: JSON.stringify(result ?? null),
    };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const body = { errorType: err.name, errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
    return functionError(error instanceof HandledLambdaError ? 'Handled' : 'Unhandled', body);
  } finally {
    clearTimeout(timer);
  }
}

function functionError(kind: 'Handled' | 'Unhandled', error: unknown): ProtocolReply {
  return jsonReply(200, error, {
    'content-type': 'application/json',
    'x-amz-executed-version': '$LATEST',
    'x-amz-function-error': kind,
  });
}

/** Errors as the Lambda REST-JSON API sends them: the type in `x-amzn-ErrorType`, `{ Type, message }` in the body. */
function lambdaError(status: number, type: string, message: string): ProtocolReply {
  return jsonReply(
    status,
    { Type: status >= 500 ? 'Service' : 'User', message },
    { 'content-type': 'application/json', 'x-amzn-errortype': type },
  );
}
