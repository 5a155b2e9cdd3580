import { isStatebridgeError } from '../core/errors.js';
import { takeAppSourceEvent } from './appSourceIntake.js';
import { buildAwsRuntime, type AwsHandlerOptions, type AwsRuntime } from './awsRuntime.js';
import {
  APP_SOURCE_ALIAS_PREFIX,
  RESPONSE_ONLY_ALIAS_PREFIX,
  type InvokeRequest,
  type TimerFiring,
} from './contract.js';
import { byResourceType, takeCustomResourceRequest, type HandlerNameOf } from './customResourceIntake.js';
import { aliasTarget, classifyIngressInput, type IngressInput } from './ingressInput.js';
import type { IngressResult } from './ingressResult.js';
import { startFromResponseOnlyRule } from './responseOnlyIntake.js';
import { relayWhileTimeLeft, type LambdaContextLike } from './relayBudget.js';
import { eventIds } from '../core/stepProtocol.js';

/** Options of `createIngressHandler`. */
export interface IngressHandlerOptions extends AwsHandlerOptions {
  /** Which registered custom resource handler serves a request (default: its `ResourceType`). */
  readonly handlerFor?: HandlerNameOf;
}

/**
 * The ingress Lambda's handler. Its answer is an IngressResult, except through an App source's alias, where
 * it is what that source expects back (a batch's `{ batchItemFailures }`, say; see takeAppSourceEvent).
 */
export type IngressHandler = (event: unknown, context?: LambdaContextLike) => Promise<unknown>;

/**
 * The ingress Lambda: the ServiceToken of custom resources, the target of statebridge's bus rule and of
 * the timer state machine, and an Invoke endpoint for asynchronous invocations. Each invocation steps
 * the runtime over the DynamoDB table (one conditional PutItem per step), then relays the resulting
 * commands in-process while the Lambda has time left; the sweeper resumes whatever is left pending.
 * @example
 * // ingress.ts, bundled as the ingress function
 * import { createIngressHandler } from 'statebridge/aws';
 * import { myApp } from './my-app.js';
 * export const handler = createIngressHandler({ app: myApp });
 */
export function createIngressHandler(options: IngressHandlerOptions): IngressHandler {
  let built: AwsRuntime | undefined;
  const handlerFor = options.handlerFor ?? byResourceType;
  const margin = options.safetyMarginMs ?? 1500;
  return async (event, context) => {
    built ??= buildAwsRuntime(options, context);
    const aws = built;
    const appFunction = aliasTarget(context?.invokedFunctionArn, APP_SOURCE_ALIAS_PREFIX);
    // Through an App source's alias, the answer is what that source expects back (see takeAppSourceEvent).
    if (appFunction !== undefined) return takeAppSourceEvent(aws, appFunction, event, context, margin);
    const target = aliasTarget(context?.invokedFunctionArn, RESPONSE_ONLY_ALIAS_PREFIX);
    // Through a responseOnly alias the input is a function's response payload: any JSON, never classified.
    const input: IngressInput =
      target === undefined ? classifyIngressInput(event) : { kind: 'responseOnly', target, payload: event };
    let result: IngressResult;
    try {
      result =
        input.kind === 'responseOnly'
          ? await startFromResponseOnlyRule(aws, input.target, input.payload, context?.awsRequestId)
          : await take(aws, input, handlerFor);
    } catch (error) {
      // Input the runtime refuses before writing (unknown instance, event off the machine's schema).
      if (
        !isStatebridgeError(error) ||
        ![
          'VALIDATION_FAILED',
          'INSTANCE_NOT_FOUND',
          'MACHINE_NOT_REGISTERED',
          'INSTANCE_EXISTS',
          'PAYLOAD_TOO_LARGE',
        ].includes(error.code)
      )
        throw error;
      result = { ok: false, input: input.kind, reason: error.message };
      aws.log(
        JSON.stringify({
          level: 'warn',
          message: 'statebridge ingress: bad input',
          input: input.kind,
          reason: error.message,
        }),
      );
    }
    const relayed = await relayWhileTimeLeft(aws.runtime, context, margin);
    return result.ok && !relayed ? { ...result, leftPending: true } : result;
  };
}

async function take(
  aws: AwsRuntime,
  input: Exclude<IngressInput, { kind: 'responseOnly' }>,
  handlerFor: HandlerNameOf,
): Promise<IngressResult> {
  switch (input.kind) {
    case 'invalid':
      aws.log(JSON.stringify({ level: 'warn', message: 'statebridge ingress: bad input', reason: input.reason }));
      return { ok: false, input: 'unknown', reason: input.reason };
    case 'customResource':
      return takeCustomResourceRequest(aws, input.request, handlerFor);
    case 'send': {
      const { instanceId, event, eventId } = input.detail;
      const step = await aws.runtime.send(instanceId, event, { eventId, causationId: input.envelopeId });
      return { ok: true, input: 'send', instanceId, applied: step.applied };
    }
    case 'start': {
      const { machineId, instanceId, input: startInput, eventId } = input.detail;
      const step = await aws.runtime.start(machineId, instanceId, startInput, {
        eventId,
        causationId: input.envelopeId,
      });
      return { ok: true, input: 'start', instanceId, applied: step.applied };
    }
    case 'timer':
      return fireTimer(aws, input.firing);
    case 'invoke':
      return invoke(aws, input.request);
  }
}

/**
 * Deliver one timer, if it is still pending: a firing of a cancelled or already fired timer changes
 * nothing (the step checks the head it reads for the step). A firing that carries the timer's id and event
 * needs no read of its own; an older one without them reads the head to find them.
 */
async function fireTimer(aws: AwsRuntime, firing: TimerFiring): Promise<IngressResult> {
  let timer: { id: string; event: TimerFiring['event'] } | undefined =
    firing.timerId === undefined || firing.event === undefined
      ? undefined
      : { id: firing.timerId, event: firing.event };
  if (timer === undefined) {
    const head = await aws.runtime.store.readHead(firing.streamId);
    timer = head?.pending.timers.find((t) => t.key === firing.timerKey);
  }
  if (timer?.event === undefined) return { ok: true, input: 'timer', instanceId: firing.streamId, applied: false };
  const step = await aws.runtime.deliver(
    firing.streamId,
    timer.event,
    eventIds.timer(firing.timerKey),
    { kind: 'timer', timerKey: firing.timerKey, timerId: timer.id },
    { causationId: firing.timerKey },
  );
  return { ok: true, input: 'timer', instanceId: firing.streamId, applied: step.applied };
}

async function invoke(aws: AwsRuntime, request: InvokeRequest): Promise<IngressResult> {
  const fn = aws.functions.get(request.functionName);
  if (fn === undefined) {
    const reason = `invoke request functionName: no function is registered as "${request.functionName}"`;
    aws.log(JSON.stringify({ level: 'warn', message: 'statebridge ingress: bad input', input: 'invoke', reason }));
    return { ok: false, input: 'invoke', reason };
  }
  const { requestId, applied } = await aws.functions.invokeAsync(
    fn,
    request.payload as never,
    request.requestId === undefined ? {} : { requestId: request.requestId },
  );
  return { ok: true, input: 'invoke', instanceId: requestId, requestId, applied };
}
