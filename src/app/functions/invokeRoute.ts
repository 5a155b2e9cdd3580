import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { RequestBodyTooLargeError, readBody } from '../../adapters/http/httpServer.js';
import type { Router } from '../../ports/router.js';
import { isPayloadSizeError, isStatebridgeError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import { functionArn, qualifiedFunctionArn } from '../../protocol/invocation/config.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES, type FunctionsApp } from './functionsApp.js';
import { runHandler } from './runHandler.js';

/** Path prefix of the service's Invoke API. */
export const INVOKE_API_PREFIX = '/2015-03-31/functions/';

/** The service's limit on a synchronous request body. */
const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** Told to synchronous callers, because a destination that never fires is the most common surprise. */
const SYNC_NOTE = 'synchronous invocation: no retries, no destinations; send X-Amz-Invocation-Type: Event for those';

/**
 * Mount the service's Invoke API (`POST /2015-03-31/functions/{name}/invocations`) so SDKs and the CLI
 * can call functions with an endpoint override. `X-Amz-Invocation-Type: Event` queues an asynchronous
 * invocation and answers 202 with `x-amzn-RequestId`; `RequestResponse` (the default) runs the handler
 * once and answers its result, with `X-Amz-Function-Error` when it failed. Calls carry the process token
 * (`x-statebridge-token`); form and text bodies are refused so no web page can post here.
 */
export function mountInvokeApi(http: Router, functions: FunctionsApp): void {
  http.route(
    'POST',
    INVOKE_API_PREFIX,
    async (request, response, url) => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
      if (match === null) return false;
      const name = decodeURIComponent(match[1]!)
        .replace(/^arn:aws:lambda:[^:]*:[^:]*:function:/, '')
        .replace(/:\$LATEST$/, '');
      const fn = functions.get(name);
      if (fn === undefined)
        return error(response, 404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}`);
      let text: string;
      try {
        text = await readBody(request, SYNC_PAYLOAD_LIMIT_BYTES);
      } catch (cause) {
        if (!(cause instanceof RequestBodyTooLargeError)) throw cause;
        response.setHeader('connection', 'close');
        return error(
          response,
          413,
          'RequestEntityTooLargeException',
          `Request must be smaller than ${cause.limit} bytes for the Invoke operation`,
        );
      }
      let payload: Json;
      try {
        payload = text === '' ? {} : (JSON.parse(text) as Json);
      } catch {
        return error(response, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (type === 'Event') {
        const bytes = Buffer.byteLength(JSON.stringify(payload));
        if (bytes > ASYNC_PAYLOAD_LIMIT_BYTES) {
          return error(
            response,
            413,
            'RequestEntityTooLargeException',
            `payload: must be at most ${ASYNC_PAYLOAD_LIMIT_BYTES} bytes for an asynchronous invocation, got ${bytes}`,
          );
        }
        try {
          const { requestId } = await functions.invokeAsync(fn, payload as never);
          response.writeHead(202, { 'x-amzn-RequestId': requestId, 'content-length': 0 }).end();
          return true;
        } catch (cause) {
          // Over the app's own payload limit, or a start step over the store's: too large, as the service
          // says it. Any other refusal is bad input.
          if (isPayloadSizeError(cause)) return error(response, 413, 'RequestEntityTooLargeException', cause.message);
          if (isStatebridgeError(cause, 'VALIDATION_FAILED'))
            return error(response, 400, 'InvalidParameterValueException', cause.message);
          throw cause;
        }
      }
      if (type === 'DryRun') {
        response.writeHead(204, { 'content-length': 0 }).end();
        return true;
      }
      if (type !== 'RequestResponse')
        return error(
          response,
          400,
          'InvalidParameterValueException',
          `X-Amz-Invocation-Type must be Event, RequestResponse or DryRun, got ${type}`,
        );
      const requestId = randomUUID();
      const outcome = await runHandler(
        fn,
        {
          requestId,
          functionName: fn.name,
          attempt: 1,
          payload,
          acceptedAt: functions.clock.now(),
          maximumEventAgeInSeconds: fn.config.maximumEventAgeInSeconds,
          timeoutSeconds: fn.config.timeoutSeconds,
        },
        { clock: functions.clock, functionArn: qualifiedFunctionArn(fn.name), timeoutScale: 1 },
      );
      if (outcome.type === 'attempt.throttled')
        return error(response, 429, 'TooManyRequestsException', 'Rate Exceeded.');
      const headers = {
        'x-amzn-RequestId': requestId,
        'X-Amz-Executed-Version': '$LATEST',
        'X-Statebridge-Note': SYNC_NOTE,
      };
      const body =
        outcome.type === 'attempt.succeeded'
          ? outcome.response
          : outcome.type === 'attempt.failed'
            ? outcome.error
            : null;
      const responseText = JSON.stringify(body);
      response.writeHead(200, {
        ...headers,
        ...(outcome.type === 'attempt.failed' ? { 'X-Amz-Function-Error': outcome.functionError } : {}),
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(responseText),
      });
      response.end(responseText);
      return true;
    },
    { auth: 'token', body: 'no-form' },
  );
}

function error(response: ServerResponse, status: number, type: string, message: string): true {
  const text = JSON.stringify({ Type: 'User', message });
  response.writeHead(status, {
    'x-amzn-ErrorType': type,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
  return true;
}
