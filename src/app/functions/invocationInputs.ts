import { jsonCopy } from '../../core/sharedJson.js';
import type { Json } from '../../core/stepRecord.js';
import { functionArn, resourceArn, type ArnScope } from '../../protocol/invocation/config.js';
import type { InvocationInputDraft, InvocationTrigger } from '../../protocol/invocation/invocationInput.js';
import type { AnyFunctionDefinition } from './defineFunction.js';

/** Where an invocation sits in a chain. */
export interface ChainPosition {
  readonly visits: Readonly<Record<string, number>>;
  readonly trigger: InvocationTrigger;
}

/** The visits of a chain once it reaches `functionName` once more. */
export function visitsAfter(visits: Readonly<Record<string, number>>, functionName: string): Record<string, number> {
  return { ...visits, [functionName]: (visits[functionName] ?? 0) + 1 };
}

/**
 * The machine input for one invocation of `fn`: its settings snapshotted now, destinations as plain
 * JSON specs.
 */
export function invocationInputFor(
  fn: AnyFunctionDefinition,
  request: {
    requestId: string;
    payload: Json;
    acceptedAt: number;
    retryDelayScale: number;
    chain: ChainPosition;
    invocationType?: 'Event' | 'RequestResponse';
  },
  scope: ArnScope,
): InvocationInputDraft {
  const dlq = fn.deadLetterQueue;
  return {
    requestId: request.requestId,
    functionName: fn.name,
    functionArn: functionArn(fn.name, scope),
    payload: request.payload,
    acceptedAt: request.acceptedAt,
    config: {
      ...fn.config,
      ...(fn.onSuccess === undefined ? {} : { onSuccess: fn.onSuccess.toSpec(fn.name, 'Success', scope) }),
      ...(fn.onFailure === undefined ? {} : { onFailure: fn.onFailure.toSpec(fn.name, 'Failure', scope) }),
      ...(dlq === undefined
        ? {}
        : {
            deadLetterQueue:
              dlq.kind === 'queue'
                ? { type: 'queue' as const, name: dlq.queueName, arn: resourceArn('queue', dlq.queueName, scope) }
                : { type: 'topic' as const, name: dlq.topicName, arn: resourceArn('topic', dlq.topicName, scope) },
          }),
    },
    retryDelayScale: request.retryDelayScale,
    visits: { ...request.chain.visits },
    trigger: request.chain.trigger,
    // Only a synchronous invocation says so: asynchronous inputs stay as they were recorded before.
    ...(request.invocationType === 'RequestResponse' ? { invocationType: 'RequestResponse' as const } : {}),
  };
}

/** A value as JSON (what a handler returned), `undefined` becoming `null` as the service does. */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  // An object or array (nearly every result) is copied in one walk rather than written out and read back, and
  // a deep-frozen member (the invocation's own payload handed back, say) is shared, not copied. Only a value
  // whose toJSON may answer undefined needs the `?? 'null'` below.
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function')
    return jsonCopy(value);
  return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
}
