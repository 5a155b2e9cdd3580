import { randomUUID } from 'node:crypto';
import type { Registration } from '../app/chalice/app.js';
import type { ProxyResult } from '../app/chalice/http/proxyEvent.js';
import { requestIdFor } from '../app/functions/requestIds.js';
import { isPayloadSizeError } from '../core/errors.js';
import type { AttemptOutcome, InvocationTrigger } from '../protocol/invocation/invocationInput.js';
import { runRequestResponse } from './appRequestResponse.js';
import type { AppTarget } from './appSourcesStart.js';
import type { AwsRuntime } from './awsRuntime.js';
import type { LambdaContextLike } from './relayBudget.js';

/** The App sources API Gateway invokes synchronously. */
export type HttpSourceKind = 'route' | 'authorizer' | 'websocket';

/** The error API Gateway throws back to a caller: the message its 401 carries for a token authorizer. */
const UNAUTHORIZED = 'Unauthorized';

/**
 * Answer API Gateway for an App's route, authorizer or websocket route, as the Lambda it integrates would:
 * the function runs as a RequestResponse invocation instance (API Gateway's request id is the instance id),
 * and its answer goes back unchanged. When it cannot answer, the route gets the response API Gateway gives
 * for a failing integration, a websocket route a failing `{ statusCode }`, and an authorizer throws
 * (`Unauthorized` becomes API Gateway's 401, anything else its 500).
 */
export async function takeHttpSourceEvent(
  aws: AwsRuntime,
  target: AppTarget<HttpSourceKind>,
  event: unknown,
  context: LambdaContextLike | undefined,
  marginMs: number,
): Promise<unknown> {
  const { registration } = target;
  // Over Lambda's payload limit the event is refused before anything starts: a route answers that 413.
  const run = async (requestId: string, trigger: InvocationTrigger) => {
    const delivery = { requestId, trigger, context, marginMs, checkPayloadLimit: true };
    return (await runRequestResponse(aws, registration, event, delivery)).outcome;
  };
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const request = (fields['requestContext'] ?? {}) as Record<string, unknown>;
  const apiRequestId = typeof request['requestId'] === 'string' ? request['requestId'] : undefined;
  const derived = (what: string) =>
    context?.awsRequestId === undefined
      ? randomUUID()
      : requestIdFor(`${what}#${registration.name}#${context.awsRequestId}`);
  const api = `api:${target.app.appName}`;
  const source = registration.source;
  if (source.kind === 'route') {
    const requestId = apiRequestId ?? derived('route');
    const rule = `${String(fields['httpMethod'])} ${String(fields['resource'])}`;
    try {
      return routeAnswer(await run(requestId, { kind: 'eventSource', source: api, rule, eventId: requestId }));
    } catch (error) {
      if (!isPayloadSizeError(error)) throw error;
      return gatewayError(413, 'RequestEntityTooLargeException', 'Request Too Long');
    }
  }
  if (source.kind === 'authorizer') {
    // A TOKEN event carries no request id; a REQUEST event carries the request's, which its route uses.
    const requestId = apiRequestId === undefined ? derived('authorizer') : `${apiRequestId}-auth`;
    const rule = `authorizer ${registration.name}`;
    return authorizerAnswer(registration, await run(requestId, { kind: 'eventSource', source: api, rule }));
  }
  // What is left is a websocket route.
  const requestId = apiRequestId ?? derived('websocket');
  const messageId = typeof request['messageId'] === 'string' ? { eventId: request['messageId'] } : {};
  const connection = typeof request['connectionId'] === 'string' ? request['connectionId'] : 'unknown';
  const trigger: InvocationTrigger = {
    kind: 'eventSource',
    source: `websocket:${source.routeKey}`,
    rule: `connection ${connection}`,
    ...messageId,
  };
  return websocketAnswer(await run(requestId, trigger));
}

/** The proxy result a route's function returned, or what API Gateway answers when it returned none. */
function routeAnswer(outcome: AttemptOutcome | undefined): unknown {
  switch (outcome?.type) {
    case 'attempt.succeeded':
      return outcome.response;
    case 'attempt.throttled':
      // API Gateway does not pass Lambda's 429 on: a throttled integration is its plain 500.
      return gatewayError(500, 'InternalServerErrorException', 'Internal server error');
    case 'attempt.expired':
      return gatewayError(504, 'IntegrationTimeoutException', 'Endpoint request timed out');
    case 'attempt.failed':
    case undefined:
      // A function error, or no answer before the ingress's time ran out (its Lambda timing out): a 502.
      return gatewayError(502, 'InternalServerErrorException', 'Internal server error');
  }
}

/** The policy an authorizer's function returned (an AuthResponse is already a policy), or the error to throw. */
function authorizerAnswer(registration: Registration, outcome: AttemptOutcome | undefined): unknown {
  if (outcome?.type === 'attempt.succeeded') return outcome.response;
  if (outcome?.type === 'attempt.failed') {
    const message = (outcome.error as { errorMessage?: unknown } | null)?.errorMessage;
    if (message === UNAUTHORIZED) throw new Error(UNAUTHORIZED);
    throw new Error(`authorizer ${registration.name} failed: ${String(message)}`);
  }
  throw new Error(`authorizer ${registration.name} did not answer (${outcome?.type ?? 'out of time'})`);
}

/** What a websocket route's function answered (`{ statusCode }`), or the status of a failed integration. */
function websocketAnswer(outcome: AttemptOutcome | undefined): unknown {
  if (outcome?.type === 'attempt.succeeded') return outcome.response;
  return { statusCode: outcome?.type === 'attempt.throttled' ? 429 : 500 };
}

/** An answer in API Gateway's own shape (`{"message": ...}` with its error type header), as a proxy result. */
function gatewayError(statusCode: number, errorType: string, message: string): ProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': errorType },
    multiValueHeaders: {},
    body: JSON.stringify({ message }),
  };
}
